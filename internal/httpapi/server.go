// Package httpapi is Lectern's HTTP surface: the one route table, thin
// handlers that decode, call the domain and encode, problem documents for
// every error, and the middleware around them.
package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	adminsvc "github.com/lectern/lectern/internal/admin"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/cache"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/metrics"
	"github.com/lectern/lectern/internal/notify"
	"github.com/lectern/lectern/internal/ratelimit"
	"github.com/lectern/lectern/internal/storage"
)

// Deps is what the HTTP layer needs from the rest of the process.
type Deps struct {
	Log      *slog.Logger
	Auth     *auth.Service
	Admin    *adminsvc.Service
	Catalog  *catalog.Service
	Commerce *commerce.Service
	Learning *learning.Service
	Notify   *notify.Service
	Files    *storage.Storage
	Media    *media.Pipeline
	Uploads  *media.Uploads
	Signer   *media.Signer
	Events   *media.Broker
	// Cache holds encoded public catalog responses (see anonymousKey); nil
	// means an in-process one.
	Cache cache.Cache
	// Metrics is the process's metrics; its registry also gets HTTP's.
	Metrics *metrics.M
	// StripeWebhookSecret verifies POST /webhooks/stripe; empty disables it.
	StripeWebhookSecret string
	Limiter             ratelimit.Limiter
	PublicURL           string
	TrustedNets         []*net.IPNet
	MaxBodyBytes        int64
	WebFS               fs.FS // the built UI; nil or empty serves a "build the UI" page
	// MetricsElsewhere is set when /metrics is served on the operator-only
	// address (LECTERN_ADMIN_ADDR): the public one then has no /metrics.
	MetricsElsewhere bool
	// MetricsToken lets a scraper read /metrics on the public address with
	// Authorization: Bearer <token>; loopback clients need none.
	MetricsToken string
	// Unavailable tells whether an error means the database or storage is
	// down or restarting (answered 503 with Retry-After, not 500).
	Unavailable func(error) bool
	// Ready checks each dependency /readyz reports on.
	Ready map[string]func(context.Context) error
	// ReadyWarnings lists conditions /readyz reports without failing (low
	// disk space); may be nil.
	ReadyWarnings func() []string
}

// Server is the http.Handler of the whole API, UI and operations endpoints.
type Server struct {
	Deps
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *httpMetrics
	tls     bool
	routes  []route
	handler http.Handler
}

// New builds the server and its route table.
func New(d Deps) *Server {
	s := &Server{
		Deps:    d,
		log:     d.Log,
		mux:     http.NewServeMux(),
		metrics: newMetrics(reg(d.Metrics)),
		tls:     strings.HasPrefix(d.PublicURL, "https://"),
	}
	if s.Cache == nil {
		s.Cache = cache.NewMemory(4096, time.Minute)
	}
	s.routes = s.apiRoutes()
	api := http.NewServeMux()
	for _, rt := range s.routes {
		api.Handle(rt.Method+" "+apiPrefix+rt.Path, s.wrap(rt))
	}
	s.mux.Handle(apiPrefix+"/", apiNotFound(api))
	s.mux.HandleFunc("GET /media/{rest...}", s.media)
	s.mux.HandleFunc("GET /api/openapi.json", s.openAPI)
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metricsGuard(s.metrics.handler()))
	s.mux.Handle("/", s.webHandler())
	s.handler = s.outer(s.mux)
	return s
}

// apiNotFound answers unknown API paths (404) and wrong methods (405, with
// Allow) with problem documents instead of the mux's plain text.
func apiNotFound(api *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := api.Handler(r)
		if pattern != "" {
			api.ServeHTTP(w, r)
			return
		}
		probe := &headerProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.header.Get("Allow"))
			writeProblem(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "This endpoint does not accept "+r.Method+".", nil)
			return
		}
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such API endpoint.", nil)
	})
}

// headerProbe records what the mux's own 404/405 handler would answer.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(code int)        { p.status = code }

func reg(m *metrics.M) *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.Registry
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only when every dependency answers within two seconds,
// listing each one's state.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	// Each check runs at once with its own deadline, so a stalled storage
	// cannot make the database look down too.
	checks := map[string]string{}
	status := http.StatusOK
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, check := range s.Ready {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			defer cancel()
			err := check(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				s.log.WarnContext(ctx, "readiness check failed", "check", name, "err", err)
				checks[name] = "unavailable"
				status = http.StatusServiceUnavailable
			} else {
				checks[name] = "ok"
			}
		}()
	}
	wg.Wait()
	body := map[string]any{"status": map[bool]string{true: "ok", false: "unavailable"}[status == http.StatusOK], "checks": checks}
	if s.ReadyWarnings != nil {
		// Reported, not failed: a node low on disk still serves playback;
		// it refuses new uploads itself.
		warnings := s.ReadyWarnings()
		checks["disk"] = "ok"
		if len(warnings) > 0 {
			checks["disk"] = "low"
			body["warnings"] = warnings
		}
	}
	_ = writeJSON(w, status, body)
}
