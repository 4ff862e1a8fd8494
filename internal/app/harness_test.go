package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

const testSecret = "test-secret-key-0123456789abcdef-0123456789"

// env is a running Lectern over a real database, reached through real HTTP.
type env struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
	// secrets seen in requests: no response may ever contain one.
	secrets []string
}

// setup starts Lectern on target. Rate limits are raised unless a test
// passes its own, so tests do not trip over each other's logins.
func setup(t *testing.T, target testdb.Target, rateLimits string, opts ...func(*config.Config)) *env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = target.URL
	cfg.SecretKey = testSecret
	cfg.PublicURL = "http://lectern.test"
	if rateLimits == "" {
		rateLimits = "login=1000/1m,login_account=1000/1m,register=1000/1m,password_reset=1000/1m,password_forgot=1000/1m,two_factor=1000/1m"
	}
	cfg.RateLimits = rateLimits
	// Parallel tests share two cores: let logins wait rather than 429.
	cfg.HashSlots, cfg.HashWait = 2, 30*time.Second
	for _, o := range opts {
		o(&cfg)
	}
	cfg.Complete()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	var logOut io.Writer = io.Discard
	if os.Getenv("LECTERN_TEST_LOG") != "" { // see the server's log while debugging a test
		logOut = os.Stderr
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(logOut, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() { srv.Close(); a.Close() })
	return &env{t: t, app: a, srv: srv, secrets: []string{"$argon2id$"}}
}

// resp is a decoded response.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

// req describes one request; Token is sent as a bearer token.
type req struct {
	Method, Path, Token string
	Body                any
	ContentType         string // default application/json when Body is set
	Cookies             []*http.Cookie
	Header              map[string]string
}

func (e *env) do(r req) resp {
	e.t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	hr, err := http.NewRequest(r.Method, e.srv.URL+r.Path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if r.Body != nil {
		ct := r.ContentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if r.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	for _, c := range r.Cookies {
		hr.AddCookie(c)
	}
	res, err := noRedirects.Do(hr)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := resp{Status: res.StatusCode, Header: res.Header, Body: raw}
	for _, s := range e.secrets {
		if s != "" && bytes.Contains(raw, []byte(s)) {
			e.t.Errorf("%s %s: response contains a secret (%q): %s", r.Method, r.Path, s, raw)
		}
	}
	if strings.Contains(res.Header.Get("Content-Type"), "json") {
		_ = json.Unmarshal(raw, &out.JSON)
	}
	if r.Method != http.MethodHead && (res.StatusCode >= 400 && res.StatusCode != 404 || strings.HasPrefix(r.Path, "/api/v1/") && res.StatusCode == 404) {
		e.checkProblem(r, out)
	}
	return out
}

// checkProblem asserts that an error response is an RFC 9457 document.
func (e *env) checkProblem(r req, out resp) {
	e.t.Helper()
	if ct := out.Header.Get("Content-Type"); ct != "application/problem+json" {
		e.t.Errorf("%s %s: status %d with Content-Type %q, want application/problem+json", r.Method, r.Path, out.Status, ct)
		return
	}
	if out.JSON["type"] == nil || out.JSON["title"] == nil || out.JSON["status"] != float64(out.Status) {
		e.t.Errorf("%s %s: problem document lacks type/title/status: %s", r.Method, r.Path, out.Body)
	}
	if id, _ := out.JSON["request_id"].(string); id == "" && strings.HasPrefix(r.Path, "/api/v1/") {
		e.t.Errorf("%s %s: problem document without a request_id (uploads too): %s", r.Method, r.Path, out.Body)
	}
}

// expect fails the test unless the response has status.
func (o resp) expect(t *testing.T, status int) resp {
	t.Helper()
	if o.Status != status {
		t.Fatalf("status %d, want %d; body: %s", o.Status, status, o.Body)
	}
	return o
}

func (o resp) str(key string) string {
	v, _ := o.JSON[key].(string)
	return v
}

// fieldErrors returns the fields named in a validation problem.
func (o resp) fieldErrors() map[string]string {
	out := map[string]string{}
	list, _ := o.JSON["errors"].([]any)
	for _, item := range list {
		m, _ := item.(map[string]any)
		f, _ := m["field"].(string)
		msg, _ := m["message"].(string)
		out[f] = msg
	}
	return out
}

// account is a registered user with a session.
type account struct {
	ID, Email, Password, Access, Refresh string
}

func (e *env) register(email, password, name string) account {
	e.t.Helper()
	e.secrets = append(e.secrets, password)
	// Signing up is two steps: register, then follow the emailed link,
	// which creates the account and signs in.
	e.do(req{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]string{"email": email, "password": password, "name": name}}).expect(e.t, 202)
	r := e.do(req{Method: "POST", Path: "/api/v1/auth/email/verify", Body: map[string]string{"token": e.lastEmailToken(email, "Confirm")}}).expect(e.t, 200)
	u, _ := r.JSON["user"].(map[string]any)
	id, _ := u["id"].(string)
	return account{ID: id, Email: email, Password: password, Access: r.str("access_token"), Refresh: r.str("refresh_token")}
}

// admin creates an admin account directly and logs it in.
func (e *env) admin() account {
	e.t.Helper()
	if _, err := e.app.CreateUser(context.Background(), "root@lectern.test", "admin-pass-9f3k", "Root", []string{store.RoleAdmin}, true); err != nil {
		e.t.Fatal(err)
	}
	return e.login("root@lectern.test", "admin-pass-9f3k")
}

func (e *env) login(email, password string) account {
	e.t.Helper()
	e.secrets = append(e.secrets, password)
	r := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": email, "password": password}}).expect(e.t, 200)
	u, _ := r.JSON["user"].(map[string]any)
	id, _ := u["id"].(string)
	return account{ID: id, Email: email, Password: password, Access: r.str("access_token"), Refresh: r.str("refresh_token")}
}
