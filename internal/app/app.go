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
	"io/fs"
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
	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"

	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/cache"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/events"
	"github.com/lectern/lectern/internal/httpapi"
	"github.com/lectern/lectern/internal/jobs"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/mail"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/media/ffmpeg"
	"github.com/lectern/lectern/internal/metrics"
	"github.com/lectern/lectern/internal/ratelimit"
	"github.com/lectern/lectern/internal/storage"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/tracing"
	"github.com/lectern/lectern/web"
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
	Files    *storage.Storage
	Media    *media.Pipeline
	Uploads  *media.Uploads
	Events   *media.Broker
	Jobs     *jobs.Client
	Bus      *events.Bus
	Metrics  *metrics.M
	Handler  *httpapi.Server
	mail     *mail.Deliverer

	stopTracing func(context.Context) error
}

// Open builds an App from cfg: it creates the data dir, connects to and
// migrates the database, and loads (or creates) the master secret.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if err := cfg.EnsureDataDir(); err != nil {
		return nil, fmt.Errorf("data dir %s: %w", cfg.DataDir, err)
	}
	stopTracing, err := tracing.Setup(ctx, strings.TrimRight(cfg.OTLPEndpoint, "/"), "1")
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	if err := db.Migrate(ctx, log); err != nil {
		db.Close()
		return nil, err
	}
	secret, err := loadSecret(cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	keys, err := auth.NewKeys(secret)
	if err != nil {
		db.Close()
		return nil, err
	}
	// Old master keys keep verifying tokens they signed while they expire.
	var oldAccess, oldMedia [][]byte
	for _, k := range strings.Split(cfg.PreviousKeys, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		old, err := auth.NewKeys([]byte(k))
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("LECTERN_PREVIOUS_SECRET_KEYS: %w", err)
		}
		oldAccess = append(oldAccess, old.Derive("access token v1"))
		oldMedia = append(oldMedia, old.Derive("media token v1"))
	}
	rates, _ := config.ParseRateLimits(cfg.RateLimits) // validated by cfg.Validate
	var redisPing func(context.Context) error
	var limiter ratelimit.Limiter = ratelimit.NewMemory(rates)
	var responses cache.Cache = cache.NewMemory(4096, time.Minute)
	if cfg.RedisURL != "" {
		opt, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("LECTERN_REDIS_URL: %w", err)
		}
		rdb := redis.NewClient(opt)
		limiter = ratelimit.NewRedis(rdb, rates)
		responses = cache.NewRedis(rdb, time.Minute)
		redisPing = func(ctx context.Context) error { return rdb.Ping(ctx).Err() }
	}
	trusted, _ := config.ParseCIDRs(cfg.TrustedProxies)
	a := &App{Cfg: cfg, Log: log, DB: db, stopTracing: stopTracing}
	sealer, err := auth.NewSealer(keys.Derive("seal v1"))
	if err != nil {
		db.Close()
		return nil, err
	}
	a.Auth = &auth.Service{
		DB:              db,
		Hasher:          auth.NewHasher(hashSlots(cfg.HashSlots), cfg.HashWait),
		Tokens:          auth.NewTokenSigner(cfg.AccessTokenTTL, keys.Derive("access token v1"), oldAccess...),
		Limiter:         limiter,
		RefreshTTL:      cfg.RefreshTokenTTL,
		PublicURL:       cfg.PublicURL,
		Log:             log,
		Secrets:         sealer,
		RequireAdmin2FA: cfg.RequireAdmin2FA,
		Providers:       signInProviders(cfg),
	}
	var transport mail.Transport = mail.LogTransport{Log: log}
	if cfg.SMTPURL != "" {
		t, err := mail.NewSMTP(cfg.SMTPURL)
		if err != nil {
			db.Close()
			return nil, err
		}
		transport = t
	}
	a.mail = &mail.Deliverer{DB: db, Transport: transport, Log: log, Interval: 2 * time.Second}
	webFS, err := fs.Sub(web.Dist, "dist")
	if err != nil {
		webFS = nil
	}
	if err := db.SeedCategories(ctx); err != nil {
		db.Close()
		return nil, err
	}
	files, err := storage.Open(ctx, cfg.StorageURL)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.Files = files
	if err := jobs.Migrate(ctx, db, log); err != nil {
		db.Close()
		return nil, err
	}
	a.Metrics = metrics.New()
	a.Metrics.JobCounts(db.JobCounts)
	a.Metrics.Registry.MustRegister(cache.Latency)
	a.Catalog = catalog.NewService(db, files)
	a.Catalog.Metrics = a.Metrics
	a.Catalog.Responses = responses
	if db.Dialect == store.Postgres {
		a.Bus = events.NewPostgres(log, cfg.DatabaseURL, db.Notify)
	} else {
		a.Bus = events.NewLocal(log)
	}
	a.Catalog.Bus = a.Bus
	a.Events = media.NewBroker()
	a.Media = &media.Pipeline{
		DB: db, Files: files, Log: log, Events: a.Events, FFmpeg: cfg.FFmpeg, FFprobe: cfg.FFprobe,
		Limiter: ffmpeg.NewLimiter(max(1, cfg.Transcodes)), WorkDir: filepath.Join(cfg.DataDir, "work"), StuckAfter: cfg.StuckTranscode,
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &media.TranscodeWorker{P: a.Media})
	if a.Jobs, err = jobs.New(db, log, jobs.Options{Workers: workers, Work: cfg.Transcodes > 0, Concurrency: cfg.Transcodes}); err != nil {
		db.Close()
		return nil, err
	}
	a.Media.Jobs = a.Jobs
	a.Media.Metrics = a.Metrics
	a.Media.Bus = a.Bus
	a.Bus.Handle(func(e events.Event) {
		switch e.Kind {
		case events.CourseChanged:
			a.Catalog.InvalidateLocal(e.ID)
		case events.CatalogPurged:
			a.Catalog.PurgeLocal()
		case events.VideoChanged:
			a.Media.PublishLocal(context.Background(), e.ID)
		}
	})
	if a.Uploads, err = media.NewUploads(a.Media, filepath.Join(cfg.DataDir, "uploads"), "/api/v1/uploads/", cfg.MaxUploadBytes, cfg.UploadExpiry, httpapi.UserFromContext); err != nil {
		db.Close()
		return nil, err
	}
	local := commerce.Local{PublicURL: cfg.PublicURL}
	a.Commerce = &commerce.Service{DB: db, Invalidate: a.Catalog.Invalidate, Provider: local,
		Providers: map[string]commerce.Provider{local.Name(): local}, InstructorSharePct: int64(cfg.RevenueShare),
		RefundWindow: cfg.RefundWindow, Log: log, Metrics: a.Metrics}
	var banned []string
	for _, w := range strings.Split(cfg.BannedWords, ",") {
		if w = strings.TrimSpace(w); w != "" {
			banned = append(banned, w)
		}
	}
	a.Learning = &learning.Service{DB: db, Invalidate: a.Catalog.Invalidate, ReportsToFlag: cfg.ReportsToFlag, BannedWords: banned}
	if cfg.StripeSecretKey != "" {
		st := commerce.NewStripe(cfg.StripeSecretKey, cfg.StripeAPIBase, cfg.PublicURL)
		a.Commerce.Provider = st
		a.Commerce.Providers[st.Name()] = st
	}
	ready := map[string]func(context.Context) error{"database": db.Ping, "storage": files.Ping}
	if redisPing != nil {
		// Reported, not required: without Redis only sign-in pauses.
		ready["redis"] = func(ctx context.Context) error {
			if err := redisPing(ctx); err != nil {
				log.WarnContext(ctx, "redis unavailable; sign-in limits fail closed", "err", err)
			}
			return nil
		}
	}
	a.Handler = httpapi.New(httpapi.Deps{
		Log:      log,
		DB:       db,
		Auth:     a.Auth,
		Catalog:  a.Catalog,
		Commerce: a.Commerce,
		Learning: a.Learning,
		Metrics:  a.Metrics,
		Cache:    responses,
		Files:    files,
		Media:    a.Media,
		Uploads:  a.Uploads,
		Signer:   media.NewSigner(cfg.MediaTokenTTL, keys.Derive("media token v1"), oldMedia...),
		Events:   a.Events,

		StripeWebhookSecret: cfg.StripeWebhookSecret,
		Limiter:             limiter,
		PublicURL:           cfg.PublicURL,
		TrustedNets:         trusted,
		MaxBodyBytes:        cfg.MaxBodyBytes,
		WebFS:               webFS,
		MetricsElsewhere:    cfg.AdminAddr != "",
		MetricsToken:        cfg.MetricsToken,
		Ready:               map[string]func(context.Context) error{"database": db.Ping, "storage": files.Ping},
	})
	return a, nil
}

// Close releases the database and storage.
func (a *App) Close() error {
	err := a.DB.Close()
	if a.stopTracing != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = errors.Join(err, a.stopTracing(ctx)) // flushes the last spans
		cancel()
	}
	if a.Files != nil {
		err = errors.Join(err, a.Files.Close())
	}
	return err
}

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

// janitor deletes tokens that expired more than a day ago and ends orders
// left unpaid for a day, hourly.
func (a *App) janitor(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := a.Commerce.ExpirePendingOrders(ctx); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "expiring unpaid orders", "err", err)
		}
		if _, err := a.DB.DeleteExpiredLoginSteps(ctx, time.Now().Add(-time.Hour)); err != nil && ctx.Err() == nil {
			a.Log.WarnContext(ctx, "deleting expired sign-in steps", "err", err)
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

// signInProviders builds the configured sign-in providers. Their callback
// is {PUBLIC_URL}/api/v1/auth/oidc/{id}/callback.
func signInProviders(cfg config.Config) map[string]auth.Provider {
	var list []auth.ProviderConfig
	if cfg.GoogleClientID != "" {
		list = append(list, auth.ProviderConfig{ID: "google", Name: "Google", Issuer: "https://accounts.google.com",
			ClientID: cfg.GoogleClientID, ClientSecret: cfg.GoogleClientSecret})
	}
	if cfg.GitHubClientID != "" {
		list = append(list, auth.ProviderConfig{ID: "github", Name: "GitHub", ClientID: cfg.GitHubClientID, ClientSecret: cfg.GitHubClientSecret,
			WebURL: cfg.GitHubURL, APIURL: cfg.GitHubAPIURL})
	}
	for _, p := range cfg.OIDC {
		list = append(list, auth.ProviderConfig{ID: p.ID, Name: p.Name, Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret})
	}
	out := make(map[string]auth.Provider, len(list))
	for _, c := range list {
		out[c.ID] = auth.NewProvider(c, cfg.PublicURL+"/api/v1/auth/oidc/"+c.ID+"/callback", nil)
	}
	return out
}

func hashSlots(n int) int {
	if n == 0 {
		return auth.DefaultHashSlots()
	}
	return n
}
