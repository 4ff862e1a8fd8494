package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestHashAndVerify(t *testing.T) {
	h := NewHasher(2, time.Second)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "s3cret passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %s", enc)
	}
	if ok, err := h.Verify(ctx, "s3cret passphrase", enc); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	if ok, _ := h.Verify(ctx, "s3cret passphrasE", enc); ok {
		t.Error("wrong password accepted")
	}
	if ok, _ := h.Verify(ctx, "dummy", ""); ok {
		t.Error("empty hash accepted a password")
	}
	other, _ := h.Hash(ctx, "s3cret passphrase")
	if other == enc {
		t.Error("two hashes of one password are equal: no salt?")
	}
}

func TestHasherLimitsConcurrency(t *testing.T) {
	h := NewHasher(2, 50*time.Millisecond)
	for i := 0; i < cap(h.slots); i++ {
		h.slots <- struct{}{}
	}
	if _, err := h.Hash(context.Background(), "whatever pw"); err != ErrHashBusy {
		t.Errorf("err = %v, want ErrHashBusy", err)
	}
}

func TestCheckPassword(t *testing.T) {
	for pw, bad := range map[string]bool{
		"short":                     true,
		"password":                  true,
		"Qwertyuiop":                true, // common, in any case
		"iloveyou123":               true,
		strings.Repeat("x", 129):    true,
		"tall giraffe 42":           false,
		"ünïcødé-pässwörd":          false,
		strings.Repeat("€", 8):      false, // 8 characters, 24 bytes
		strings.Repeat("€", 7) + "": true,
	} {
		if got := CheckPassword(pw, "me@x.io"); (got != "") != bad {
			t.Errorf("CheckPassword(%q) = %q, want bad=%v", pw, got, bad)
		}
	}
	if CheckPassword("someone@x.io", "someone@x.io") == "" {
		t.Error("password equal to the email accepted")
	}
}

func TestTokenSignerRotation(t *testing.T) {
	oldKey, newKey := []byte("old-key-0123456789abcdef0123456789"), []byte("new-key-0123456789abcdef0123456789")
	old := NewTokenSigner(time.Minute, oldKey)
	tok, _, err := old.Issue(42, "s1")
	if err != nil {
		t.Fatal(err)
	}
	rotated := NewTokenSigner(time.Minute, newKey, oldKey)
	if id, sid, err := rotated.Verify(tok); err != nil || id != 42 || sid != "s1" {
		t.Errorf("old token after rotation: %d, %v", id, err)
	}
	dropped := NewTokenSigner(time.Minute, newKey)
	if _, _, err := dropped.Verify(tok); err == nil {
		t.Error("token of a dropped key accepted")
	}
	clock := time.Now().Add(2 * time.Minute)
	old.now = func() time.Time { return clock }
	if _, _, err := old.Verify(tok); err == nil {
		t.Error("expired token accepted")
	}
}
