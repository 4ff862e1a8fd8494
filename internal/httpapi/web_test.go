package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWebUIServing(t *testing.T) {
	s := New(Deps{
		Log:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		MaxBodyBytes: 1 << 20,
		WebFS: fstest.MapFS{
			"index.html":           {Data: []byte(`<!doctype html><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script>`)},
			"assets/app-abc123.js": {Data: []byte("console.log(1)")},
			"favicon.svg":          {Data: []byte("<svg/>")},
		},
	})
	cases := []struct {
		path, wantCache, wantBody string
		status                    int
	}{
		{"/", "no-cache", `<div id="root">`, 200},
		{"/courses/some-slug", "no-cache", `<div id="root">`, 200},
		{"/admin/users", "no-cache", `<div id="root">`, 200},
		{"/assets/app-abc123.js", "public, max-age=31536000, immutable", "console.log", 200},
		{"/favicon.svg", "public, max-age=3600", "<svg/>", 200},
		{"/assets/missing-999.js", "", "", 404},
		{"/robots.txt", "", "", 404},
		{"/../../etc/passwd", "", "", 307}, // the mux redirects to the clean path
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d", c.path, rec.Code, c.status)
			continue
		}
		if c.wantCache != "" && rec.Header().Get("Cache-Control") != c.wantCache {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, rec.Header().Get("Cache-Control"), c.wantCache)
		}
		if !strings.Contains(rec.Body.String(), c.wantBody) {
			t.Errorf("%s: body %q lacks %q", c.path, rec.Body.String(), c.wantBody)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP = %q", c.path, csp)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/somewhere", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST to a page: %d, want 405", rec.Code)
	}
}

func TestWebUINotBuilt(t *testing.T) {
	s := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxBodyBytes: 1 << 20, WebFS: fstest.MapFS{".keep": {}}})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "make build") {
		t.Errorf("unbuilt UI: %d %q", rec.Code, rec.Body.String())
	}
}

// statusWriter must keep io.ReaderFrom, or http.ServeContent loses sendfile.
func TestStatusWriterKeepsReaderFrom(t *testing.T) {
	var w http.ResponseWriter = &statusWriter{ResponseWriter: httptest.NewRecorder()}
	if _, ok := w.(io.ReaderFrom); !ok {
		t.Error("statusWriter does not implement io.ReaderFrom")
	}
	if _, ok := w.(http.Flusher); !ok {
		t.Error("statusWriter does not implement http.Flusher")
	}
}

func TestRedactPath(t *testing.T) {
	for in, want := range map[string]string{
		"/media/12/SECRETTOKEN/720p/seg_00001.m4s": "/media/12/REDACTED/720p/seg_00001.m4s",
		"/media/12/SECRETTOKEN/master.m3u8":        "/media/12/REDACTED/master.m3u8",
		"/media/public/courses/1/thumb-ab.jpg":     "/media/public/courses/1/thumb-ab.jpg",
		"/api/v1/courses":                          "/api/v1/courses",
	} {
		if got := redactPath(in); got != want {
			t.Errorf("redactPath(%q) = %q, want %q", in, got, want)
		}
	}
}
