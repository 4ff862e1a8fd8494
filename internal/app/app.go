// Package app wires Lectern together: it opens and migrates the database,
// loads secrets, builds the domain services and the HTTP server, runs the
// background workers and shuts everything down gracefully.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lectern/lectern/internal/admin"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/events"
	"github.com/lectern/lectern/internal/httpapi"
	"github.com/lectern/lectern/internal/jobs"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/mail"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/metrics"
	"github.com/lectern/lectern/internal/notify"
	"github.com/lectern/lectern/internal/search"
	"github.com/lectern/lectern/internal/storage"
	"github.com/lectern/lectern/internal/store"
)

// App is a running Lectern: its database, services and HTTP handler.
type App struct {
	Cfg      config.Config
	Log      *slog.Logger
	DB       *store.DB
	Auth     *auth.Service
	Catalog  *catalog.Service
	Commerce *commerce.Service
	Learning *learning.Service
	// Notify tells users of things in the app and by email.
	Notify  *notify.Service
	Files   *storage.Storage
	Media   *media.Pipeline
	Uploads *media.Uploads
	Events  *media.Broker
	Jobs    *jobs.Client
	Bus     *events.Bus
	Metrics *metrics.M
	Admin   *admin.Service
	Disk    *media.Disk
	Search  *search.Service
	Handler *httpapi.Server
	mail    *mail.Deliverer

	closers *closers
}

// Open builds an App from cfg in three steps: the infrastructure (data
// dir, tracing, database, storage, Redis, secrets), the domain services
// (each built by its constructor with every dependency), and the HTTP
// server. If any step fails, everything opened so far is closed.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (_ *App, err error) {
	lists, err := cfg.Lists()
	if err != nil {
		return nil, err
	}
	in, err := openInfra(ctx, cfg, lists, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			in.closers.close()
		}
	}()
	a := &App{Cfg: cfg, Log: log, DB: in.db, Files: in.files, closers: in.closers}
	if err := a.buildServices(ctx, in, lists); err != nil {
		return nil, err
	}
	a.Handler = a.buildServer(in, lists)
	return a, nil
}

// Close releases everything Open opened, newest first.
func (a *App) Close() error { return a.closers.close() }

// loadSecret returns LECTERN_SECRET_KEY, or the key kept in the data dir,
// creating it (0600) on first start. The key itself is never logged.
func loadSecret(cfg config.Config) ([]byte, error) {
	if cfg.SecretKey != "" {
		return []byte(cfg.SecretKey), nil
	}
	path := filepath.Join(cfg.DataDir, "secret.key")
	b, err := os.ReadFile(path)
	if err == nil {
		key, derr := hex.DecodeString(strings.TrimSpace(string(b)))
		if derr != nil || len(key) < 32 {
			return nil, fmt.Errorf("%s is damaged; restore it from a backup (deleting it signs everyone out)", path)
		}
		return key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return loadSecret(cfg) // another process created it first
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}

// RunWorkers runs the background work of this node until ctx ends: email
// delivery, token clean-up, the upload janitor, the transcode sweeper and,
// when this node transcodes, the job queue.
func (a *App) RunWorkers(ctx context.Context) {
	if a.Cfg.Transcodes > 0 {
		if version, err := a.Media.Tools(); err != nil {
			a.Log.Warn("VIDEO UPLOADS CANNOT BE PROCESSED: "+err.Error()+"; uploads are kept queued until it is installed", "ffmpeg", a.Cfg.FFmpeg)
		} else {
			a.Log.Info("transcoding enabled", "ffmpeg", version, "concurrent", a.Cfg.Transcodes)
		}
		if err := a.Jobs.Start(ctx); err != nil {
			a.Log.Error("starting the job queue", "err", err)
		}
	}
	var wg sync.WaitGroup
	for _, run := range []func(context.Context){a.mail.Run, a.janitor, a.Uploads.RunJanitor, a.Media.RunSweeper, a.Bus.Run} {
		wg.Add(1)
		go func() { defer wg.Done(); run(ctx) }()
	}
	wg.Wait()
	if a.Cfg.Transcodes > 0 {
		// Give running jobs a moment, then cancel them: a cancelled
		// transcode is retried by the queue, nothing is lost.
		stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.Jobs.StopAndCancel(stopCtx); err != nil {
			a.Log.Warn("stopping the job queue", "err", err)
		}
	}
}

// janitor deletes tokens that expired more than a day ago, spent sign-in
// steps and old sessions, and ends orders left unpaid for a day, hourly.
func (a *App) janitor(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := a.Commerce.ExpirePendingOrders(ctx); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "expiring unpaid orders", "err", err)
		}
		if err := a.Commerce.RenewLocalSubscriptions(ctx); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "renewing test subscriptions", "err", err)
		}
		if err := a.Commerce.CloseMonths(ctx); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "closing subscription months", "err", err)
		}
		if _, err := a.DB.DeleteExpiredLoginSteps(ctx, time.Now().Add(-time.Hour)); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "deleting expired sign-in steps", "err", err)
		}
		// Ended sessions stay listed for nobody; keep them a month for support questions.
		if _, err := a.DB.DeleteOldSessions(ctx, time.Now().Add(-30*24*time.Hour), time.Now().Add(-a.Cfg.RefreshTokenTTL-24*time.Hour)); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "deleting old sessions", "err", err)
		}
		if n, err := a.DB.DeleteExpiredTokens(ctx, time.Now().Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "deleting expired tokens", "err", err)
		} else if n > 0 {
			a.Log.InfoContext(ctx, "deleted expired tokens", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Serve listens on cfg.Addr and serves until ctx ends, then drains requests
// for at most cfg.ShutdownTimeout. ready, if not nil, is called with the
// bound address once the listener is open.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ConnContext:       httpapi.ConnContext,
	}
	workCtx, stopWork := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.RunWorkers(workCtx) }()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if a.Cfg.AdminAddr != "" {
		admin := &http.Server{Addr: a.Cfg.AdminAddr, Handler: a.adminHandler(), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := admin.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				a.Log.Error("admin address", "addr", a.Cfg.AdminAddr, "err", err)
			}
		}()
		defer admin.Close()
		a.Log.Info("operator endpoints (pprof, metrics)", "addr", a.Cfg.AdminAddr)
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err = <-errc:
	case <-ctx.Done():
		a.Log.Info("shutting down", "timeout", a.Cfg.ShutdownTimeout)
		sctx, cancel := context.WithTimeout(context.Background(), a.Cfg.ShutdownTimeout)
		err = srv.Shutdown(sctx)
		cancel()
	}
	stopWork()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// adminHandler serves pprof and the metrics on the operator-only address,
// never on the public one.
func (a *App) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.Handle("/metrics", promhttp.HandlerFor(a.Metrics.Registry, promhttp.HandlerOpts{}))
	return mux
}

func hashSlots(n int) int {
	if n == 0 {
		return auth.DefaultHashSlots()
	}
	return n
}
