// Package deploy holds the deployment artefacts' checks: Docker is not
// available where the tests run, so the files are parsed and checked for
// what matters instead of being built.
package deploy

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func readYAMLDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var docs []map[string]any
	for {
		var d map[string]any
		if err := dec.Decode(&d); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, d)
	}
	return docs
}

func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func TestKubernetesManifests(t *testing.T) {
	kinds := map[string]map[string]any{}
	for _, d := range readYAMLDocs(t, "kubernetes/lectern.yaml") {
		kinds[d["kind"].(string)+"/"+dig(d, "metadata", "name").(string)] = d
	}
	for _, name := range []string{"Deployment/lectern-serve", "Deployment/lectern-worker", "Service/lectern", "Secret/lectern"} {
		if kinds[name] == nil {
			t.Errorf("missing %s", name)
		}
	}
	serve := kinds["Deployment/lectern-serve"]
	c := dig(serve, "spec", "template", "spec", "containers", 0)
	if dig(c, "readinessProbe", "httpGet", "path") != "/readyz" || dig(c, "livenessProbe", "httpGet", "path") != "/healthz" {
		t.Errorf("serve probes: %v %v", dig(c, "readinessProbe"), dig(c, "livenessProbe"))
	}
	for _, d := range []string{"Deployment/lectern-serve", "Deployment/lectern-worker"} {
		c := dig(kinds[d], "spec", "template", "spec", "containers", 0)
		if dig(c, "resources", "requests") == nil || dig(c, "resources", "limits") == nil {
			t.Errorf("%s has no resources", d)
		}
		if dig(kinds[d], "spec", "template", "spec", "securityContext", "runAsNonRoot") != true {
			t.Errorf("%s may run as root", d)
		}
	}
	if dig(kinds["Deployment/lectern-worker"], "spec", "template", "spec", "containers", 0, "args", 0) != "worker" {
		t.Error("the worker deployment does not run `lectern worker`")
	}
	if dig(kinds["Service/lectern"], "spec", "selector", "role") != "serve" {
		t.Error("the Service does not select the serve pods")
	}
}

func TestComposeFile(t *testing.T) {
	docs := readYAMLDocs(t, "../compose.yaml")
	services, _ := dig(docs[0], "services").(map[string]any)
	for _, s := range []string{"serve-a", "serve-b", "worker", "postgres", "redis", "minio"} {
		if services[s] == nil {
			t.Errorf("compose lacks %s", s)
		}
	}
	env, _ := dig(services["serve-a"], "environment").(map[string]any)
	for _, k := range []string{"LECTERN_DATABASE_URL", "LECTERN_STORAGE_URL", "LECTERN_REDIS_URL", "LECTERN_SECRET_KEY"} {
		if v, _ := env[k].(string); v == "" {
			t.Errorf("serve-a lacks %s", k)
		}
	}
	if v, _ := env["LECTERN_DATABASE_URL"].(string); !strings.HasPrefix(v, "postgres://") {
		t.Errorf("serve-a database = %q", v)
	}
	if dig(services["worker"], "command", 0) != "worker" {
		t.Error("the worker service does not run `lectern worker`")
	}
}

func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if n := len(regexp.MustCompile(`(?m)^FROM `).FindAllString(s, -1)); n < 3 {
		t.Errorf("%d stages, want a multi-stage build (UI, Go, runtime)", n)
	}
	runtime := s[strings.LastIndex(s, "\nFROM "):]
	for _, want := range []string{"ffmpeg", "USER 10001", "ENTRYPOINT", "npm run build"} {
		if !strings.Contains(s, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if !strings.Contains(runtime, "USER ") || strings.Contains(runtime, "golang") {
		t.Error("the runtime stage must be small and not run as root")
	}
}

func TestCIWorkflowMirrorsCI(t *testing.T) {
	docs := readYAMLDocs(t, "../.github/workflows/ci.yml")
	steps, _ := dig(docs[0], "jobs", "test", "steps").([]any)
	found := false
	for _, st := range steps {
		if run, _ := dig(st, "run").(string); strings.Contains(run, "make test") {
			found = true
		}
	}
	if !found {
		t.Error("the workflow does not run make test")
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ci), "make test") {
		t.Error(".ci/run does not run make test")
	}
	if dig(docs[0], "jobs", "test", "env", "CI") != "true" {
		t.Error("the workflow does not set CI=true")
	}
}
