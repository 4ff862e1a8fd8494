package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/lectern/lectern/internal/logging"
)

// recorder counts WriteHeader calls, which httptest's recorder forgives.
type recorder struct {
	*httptest.ResponseRecorder
	headers int
}

func (r *recorder) WriteHeader(code int) { r.headers++; r.ResponseRecorder.WriteHeader(code) }

// An error after the response began (a client that went away) is neither a
// second status line nor an internal error in the log; an error before it
// is a problem document with the request id.
func TestLateErrors(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{Deps: Deps{}, log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	cases := []struct {
		name      string
		handle    handlerFunc
		status    int
		logged    string
		notLogged string
	}{
		{"client gone mid-body", func(w http.ResponseWriter, r *http.Request) error {
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"items":[`))
			return fmt.Errorf("write: %w", syscall.EPIPE)
		}, 200, "client went away", "internal error"},
		{"bug after the header", func(w http.ResponseWriter, r *http.Request) error {
			w.WriteHeader(http.StatusOK)
			return errors.New("encoder exploded")
		}, 200, "error after the response began", "internal error"},
		{"error before writing", func(w http.ResponseWriter, r *http.Request) error {
			return errors.New("database on fire")
		}, 500, "internal error", ""},
	}
	for _, tc := range cases {
		logs.Reset()
		rec := &recorder{ResponseRecorder: httptest.NewRecorder()}
		req := httptest.NewRequest("GET", "/api/v1/x", nil)
		req = req.WithContext(logging.WithRequestID(context.Background(), "req-42"))
		s.wrap(route{Method: "GET", Path: "/x", Access: public, Handle: tc.handle}).ServeHTTP(rec, req)
		if rec.headers != 1 || rec.Code != tc.status {
			t.Errorf("%s: %d status lines, status %d; want one, %d", tc.name, rec.headers, rec.Code, tc.status)
		}
		if !strings.Contains(logs.String(), tc.logged) || (tc.notLogged != "" && strings.Contains(logs.String(), tc.notLogged)) {
			t.Errorf("%s: log %q", tc.name, logs.String())
		}
		if tc.status >= 400 {
			var p Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.RequestID != "req-42" || p.Status != tc.status {
				t.Errorf("%s: problem %s (%v)", tc.name, rec.Body, err)
			}
		}
	}
}

// ProblemJSON escapes text as JSON, not as Go strings.
func TestProblemJSONEscaping(t *testing.T) {
	detail := "File \"a\u2028b\" <script> \x01 é"
	b := ProblemJSON(logging.WithRequestID(context.Background(), "r1"), 422, "validation_failed", detail, nil)
	var p Problem
	if err := json.Unmarshal(b, &p); err != nil || p.Detail != detail || p.RequestID != "r1" {
		t.Fatalf("round trip: %s → %+v (%v)", b, p, err)
	}
	if bytes.Contains(b, []byte(`\x01`)) {
		t.Errorf("Go escape in JSON: %s", b)
	}
}
