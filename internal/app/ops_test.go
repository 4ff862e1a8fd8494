package app_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
)

func TestOperationsEndpoints(t *testing.T) {
	t.Parallel()
	e := setup(t, testdb.SQLite(t), "")
	r := e.do(req{Method: "GET", Path: "/healthz"}).expect(t, 200)
	if string(r.Body) != "ok\n" {
		t.Errorf("healthz = %q", r.Body)
	}
	r = e.do(req{Method: "GET", Path: "/readyz"}).expect(t, 200)
	if r.JSON["status"] != "ok" || r.JSON["checks"].(map[string]any)["database"] != "ok" {
		t.Errorf("readyz = %s", r.Body)
	}
	e.register("m@x.io", "a fine password", "M")
	r = e.do(req{Method: "GET", Path: "/metrics"}).expect(t, 200)
	body := string(r.Body)
	for _, want := range []string{
		`lectern_http_requests_total{method="POST",route="POST /api/v1/auth/register",status="202"} 1`,
		`lectern_http_request_duration_seconds_bucket{method="GET",route="GET /readyz"`,
		"go_goroutines",
		"process_resident_memory_bytes",
		`lectern_jobs{state="available"}`,
		"lectern_media_bytes_served_total",
		"lectern_transcode_speed_ratio_bucket",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := setup(t, testdb.SQLite(t), "")
	for _, path := range []string{"/api/v1/me", "/healthz", "/api/openapi.json", "/"} {
		r := e.do(req{Method: "GET", Path: path})
		h := r.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
			t.Errorf("%s: security headers %v", path, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over plain HTTP", path)
		}
	}
	// A problem document carries the request id the client can quote.
	r := e.do(req{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"X-Request-Id": "abc-123"}}).expect(t, 401)
	if r.str("request_id") != "abc-123" || r.Header.Get("X-Request-Id") != "abc-123" {
		t.Errorf("request id not echoed: %s", r.Body)
	}
}

// The OpenAPI document must describe every route of the table and nothing
// else: compare it with what the server actually answers.
func TestOpenAPIDescribesEveryEndpoint(t *testing.T) {
	t.Parallel()
	e := setup(t, testdb.SQLite(t), "")
	r := e.do(req{Method: "GET", Path: "/api/openapi.json"}).expect(t, 200)
	if r.JSON["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", r.JSON["openapi"])
	}
	paths := r.JSON["paths"].(map[string]any)
	want := map[string][]string{
		"/api/v1/auth/register":           {"post"},
		"/api/v1/auth/login":              {"post"},
		"/api/v1/auth/refresh":            {"post"},
		"/api/v1/auth/logout":             {"post"},
		"/api/v1/auth/password/forgot":    {"post"},
		"/api/v1/auth/password/reset":     {"post"},
		"/api/v1/auth/email/verify":       {"post"},
		"/api/v1/me":                      {"get", "patch"},
		"/api/v1/me/instructor":           {"post"},
		"/api/v1/me/email/verification":   {"post"},
		"/api/v1/admin/users":             {"get"},
		"/api/v1/admin/users/{id}":        {"patch"},
		"/api/v1/categories":              {"get"},
		"/api/v1/courses":                 {"get", "post"},
		"/api/v1/courses/{id}":            {"get", "patch", "delete"},
		"/api/v1/courses/{id}/publish":    {"post"},
		"/api/v1/courses/{id}/unpublish":  {"post"},
		"/api/v1/courses/{id}/thumbnail":  {"put"},
		"/api/v1/courses/{id}/sections":   {"post"},
		"/api/v1/courses/{id}/curriculum": {"put"},
		"/api/v1/instructor/courses":      {"get"},
		"/api/v1/sections/{id}":           {"patch", "delete"},
		"/api/v1/sections/{id}/lectures":  {"post"},
		"/api/v1/lectures/{id}":           {"patch", "delete"},
		"/api/v1/courses/{id}/enroll":     {"post"},
		"/api/v1/me/enrollments":          {"get"},
	}
	for p, methods := range want {
		ops, ok := paths[p].(map[string]any)
		if !ok {
			t.Errorf("OpenAPI lacks %s", p)
			continue
		}
		for _, m := range methods {
			op, ok := ops[m].(map[string]any)
			if !ok {
				t.Errorf("OpenAPI lacks %s %s", m, p)
				continue
			}
			if op["responses"] == nil || op["summary"] == "" {
				t.Errorf("%s %s has no responses or summary", m, p)
			}
		}
	}
	// Every documented operation exists: none answers 404 or 405.
	for p, ops := range paths {
		for m := range ops.(map[string]any) {
			path := strings.ReplaceAll(p, "{id}", "1")
			res := e.do(req{Method: strings.ToUpper(m), Path: path})
			if res.Status == 404 && res.str("code") == "not_found" && res.str("detail") == "No such API endpoint." || res.Status == 405 {
				t.Errorf("documented %s %s answers %d", m, p, res.Status)
			}
		}
	}
	schemas := r.JSON["components"].(map[string]any)["schemas"].(map[string]any)
	user := schemas["User"].(map[string]any)["properties"].(map[string]any)
	for _, f := range []string{"id", "email", "name", "roles", "created_at"} {
		if user[f] == nil {
			t.Errorf("user schema lacks %s", f)
		}
	}
	if user["password_hash"] != nil {
		t.Error("user schema exposes password_hash")
	}
}

// Rotating the master secret: sessions signed with the old key keep
// working while LECTERN_PREVIOUS_SECRET_KEYS lists it.
func TestSecretKeyRotation(t *testing.T) {
	t.Parallel()
	target := testdb.SQLite(t)
	old := setup(t, target, "")
	acc := old.register("rot@x.io", "a fine password", "Rot")
	old.app.Close()
	newKey := "a-brand-new-secret-key-0123456789abcdef"
	rotated := setup(t, target, "", func(c *config.Config) { c.SecretKey = newKey; c.PreviousKeys = testSecret })
	rotated.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 200)
	dropped := setup(t, target, "", func(c *config.Config) { c.SecretKey = newKey })
	dropped.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 401)
}

// With an OTLP endpoint, request spans reach the collector (flushed on
// close) and carry the route.
func TestTracingExportsSpans(t *testing.T) {
	var mu sync.Mutex
	var bodies [][]byte
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		if r.URL.Path == "/v1/traces" {
			bodies = append(bodies, b)
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()
	e := setup(t, testdb.SQLite(t), "", func(c *config.Config) { c.OTLPEndpoint = collector.URL })
	e.do(req{Method: "GET", Path: "/api/v1/categories"}).expect(t, 200)
	if err := e.app.Close(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) == 0 {
		t.Fatal("no spans reached the collector")
	}
	found := false
	for _, b := range bodies {
		if bytes.Contains(b, []byte("GET /api/v1/categories")) {
			found = true
		}
	}
	if !found {
		t.Error("no span named after the route")
	}
}
