package httpapi

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/lectern/lectern/internal/logging"
)

// contentSecurityPolicy allows only our own scripts and styles: no inline
// script anywhere, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// statusWriter records the status and size of a response for logs and
// metrics. It keeps io.ReaderFrom (so http.ServeContent on a file still uses
// sendfile) and exposes the original writer through Unwrap for
// http.ResponseController (Flush for Server-Sent Events, Hijack).
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// ReadFrom passes through to the underlying writer's ReadFrom, which for a
// file is sendfile(2).
func (w *statusWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	var n int64
	var err error
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(w.ResponseWriter, r)
	}
	w.bytes += n
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijack not supported")
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var tracer = otel.Tracer("github.com/lectern/lectern/internal/httpapi")

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// outer wraps every request: request id, recovery, security headers, access
// log and metrics. Routes see r.Pattern after the mux ran, so metrics are
// labelled by route, never by raw path.
func (s *Server) outer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 || strings.ContainsFunc(id, func(c rune) bool { return c < '!' || c > '~' }) {
			id = newRequestID()
		}
		ctx := logging.WithRequestID(r.Context(), id)
		// A span per request (a no-op unless tracing is configured), made
		// here rather than by wrapping the ResponseWriter, which would hide
		// ReadFrom and cost sendfile.
		ctx = otel.GetTextMapPropagator().Extract(ctx, propagation.HeaderCarrier(r.Header))
		ctx, span := tracer.Start(ctx, r.Method, trace.WithSpanKind(trace.SpanKindServer))
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		if s.tls {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		defer func() {
			if rec := recover(); rec != nil {
				if rec == http.ErrAbortHandler {
					panic(rec)
				}
				s.log.ErrorContext(ctx, "panic", "panic", rec, "path", r.URL.Path)
				if sw.status == 0 {
					writeProblem(sw, r, http.StatusInternalServerError, "internal", "Something went wrong on our side; it has been logged.", nil)
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			elapsed := time.Since(start)
			span.SetName(r.Method + " " + strings.TrimPrefix(route, r.Method+" "))
			span.SetAttributes(attribute.String("http.request.method", r.Method), attribute.String("http.route", route),
				attribute.Int("http.response.status_code", sw.status), attribute.String("lectern.request_id", id))
			if sw.status >= 500 {
				span.SetStatus(codes.Error, http.StatusText(sw.status))
			}
			span.End()
			s.metrics.observe(r.Method, route, sw.status, elapsed)
			if route == "GET /media/{rest...}" && s.Metrics != nil {
				s.Metrics.MediaBytes.Add(float64(sw.bytes))
			}
			// The path only: query strings may hold tokens (reset links).
			s.log.LogAttrs(ctx, logLevel(sw.status), "request", slogAttrs(r, route, sw, elapsed)...)
		}()
		next.ServeHTTP(sw, r)
	})
}

// clientIP is the address rate limits count by. X-Forwarded-For is believed
// only when the connection comes from a configured proxy, and then the
// right-most address that is not itself a proxy is taken.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if len(s.TrustedNets) == 0 || !s.isTrusted(host) {
		return host
	}
	parts := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(parts) - 1; i >= 0; i-- {
		ip := strings.TrimSpace(parts[i])
		if ip == "" {
			continue
		}
		if !s.isTrusted(ip) {
			return ip
		}
	}
	return host
}

func (s *Server) isTrusted(ip string) bool {
	parsed := net.ParseIP(ip)
	if parsed == nil {
		return false
	}
	for _, n := range s.TrustedNets {
		if n.Contains(parsed) {
			return true
		}
	}
	return false
}
