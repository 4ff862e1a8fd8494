package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestUserCreateAndMigrate(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		return map[string]string{"LECTERN_DATA_DIR": dir, "LECTERN_LOG_LEVEL": "warn"}[k]
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate"}, &out, &errOut, env); code != 0 {
		t.Fatalf("migrate exit %d: %s", code, errOut.String())
	}
	args := []string{"user", "create", "--email", "Root@Example.com", "--password", "a strong admin pw", "--name", "Root", "--role", "admin"}
	if code := run(args, &out, &errOut, env); code != 0 {
		t.Fatalf("user create exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "<root@example.com> with roles admin,student") {
		t.Errorf("output = %q", out.String())
	}
	errOut.Reset()
	if code := run(args, &out, &errOut, env); code != 1 || !strings.Contains(errOut.String(), "already exists") {
		t.Errorf("duplicate: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	bad := []string{"user", "create", "--email", "x@example.com", "--password", "short", "--name", "X", "--role", "admin"}
	if code := run(bad, &out, &errOut, env); code != 1 || !strings.Contains(errOut.String(), "password must be at least 8 characters") {
		t.Errorf("weak password: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"user", "create", "--email", "y@example.com", "--password", "long enough pw", "--name", "Y", "--role", "superuser"}, &out, &errOut, env); code != 1 {
		t.Errorf("bad role: exit %d", code)
	}
	errOut.Reset()
	if code := run([]string{"serve"}, &out, &errOut, func(k string) string {
		return map[string]string{"LECTERN_DATA_DIR": dir, "LECTERN_ADDR": "nonsense"}[k]
	}); code != 1 || !strings.Contains(errOut.String(), "LECTERN_ADDR") {
		t.Errorf("bad config: exit %d, %q", code, errOut.String())
	}
	if code := run([]string{"frobnicate"}, &out, &errOut, env); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}
