package app

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/riverqueue/river"

	"github.com/lectern/lectern/internal/access"
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
	"github.com/lectern/lectern/internal/media/ffmpeg"
	"github.com/lectern/lectern/internal/notify"
	"github.com/lectern/lectern/internal/search"
	"github.com/lectern/lectern/internal/storage"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/web"
)

// buildServices makes the domain services, each from its constructor with
// every dependency, in the order they depend on each other.
func (a *App) buildServices(ctx context.Context, in *infra, lists config.Lists) error {
	cfg, log, db := a.Cfg, a.Log, in.db
	a.Bus, a.Metrics = in.bus, in.metrics
	// Subscriptions are judged by one clock: the wall clock, or a test
	// clock admins may move forward when the test provider is on.
	var clock commerce.Clock = commerce.SystemClock{}
	if cfg.TestClock {
		clock = &commerce.TestClock{}
	}
	policy := access.New(db, commerce.SubscriptionAccess{DB: db, Clock: clock})
	a.Search = search.NewService(search.Deps{DB: db, Dir: filepath.Join(cfg.DataDir, "search"), Log: log,
		MaxConcurrent: cfg.SearchConcurrency, QueueWait: cfg.SearchQueueWait})
	a.Search.Start()
	in.closers.push(a.Search.Close)

	accessKey, oldAccess := in.derive("access token v1")
	sealKey, _ := in.derive("seal v1")
	sealer, err := auth.NewSealer(sealKey)
	if err != nil {
		return err
	}
	a.Auth = auth.NewService(auth.Deps{
		DB:              db,
		Hasher:          auth.NewHasher(hashSlots(cfg.HashSlots), cfg.HashWait),
		Tokens:          auth.NewTokenSigner(cfg.AccessTokenTTL, accessKey, oldAccess...),
		Limiter:         in.limiter,
		RefreshTTL:      cfg.RefreshTokenTTL,
		PublicURL:       cfg.PublicURL,
		Log:             log,
		Secrets:         sealer,
		RequireAdmin2FA: cfg.RequireAdmin2FA,
		Providers:       signInProviders(cfg),
		Renamed: func(userID int64) {
			in.bus.Publish(context.Background(), events.Event{Kind: events.UserRenamed, ID: userID})
		},
	})
	transport, err := mailTransport(cfg, log)
	if err != nil {
		return err
	}
	a.mail = &mail.Deliverer{DB: db, Transport: transport, Log: log, Interval: 2 * time.Second}

	a.Catalog = catalog.NewService(catalog.Deps{DB: db, Files: in.files, Access: policy, Bus: in.bus, Metrics: in.metrics, Responses: in.responses,
		Index: a.Search, NoCache: cfg.NoCache})

	// The job queue's workers are registered once the services they run
	// exist; River looks them up when a job is worked, not before.
	workers := river.NewWorkers()
	if a.Jobs, err = jobs.New(db, log, jobs.Options{Workers: workers, Work: cfg.Transcodes > 0, Concurrency: cfg.Transcodes}); err != nil {
		return err
	}
	a.Events = media.NewBroker()
	videoKeys, err := videoKeySealers(in)
	if err != nil {
		return err
	}
	a.Media = media.NewPipeline(media.PipelineDeps{
		DB: db, Access: policy, Files: in.files, Log: log, Events: a.Events, FFmpeg: cfg.FFmpeg, FFprobe: cfg.FFprobe,
		Limits:  ffmpeg.Limits{Memory: uint64(cfg.TranscodeMemMB) << 20, CPUPerSecond: cfg.TranscodeCPU},
		Limiter: ffmpeg.NewLimiter(max(1, cfg.Transcodes)), WorkDir: filepath.Join(cfg.DataDir, "work"), StuckAfter: cfg.StuckTranscode,
		Jobs: a.Jobs, Bus: in.bus, Metrics: in.metrics, Sealers: videoKeys,
	})
	river.AddWorker(workers, &media.TranscodeWorker{P: a.Media})
	river.AddWorker(workers, &media.PackageWorker{P: a.Media})
	disk := media.NewDisk(diskDirs(cfg, in.files), cfg.DiskReserve)
	a.Disk = disk
	if a.Uploads, err = media.NewUploads(a.Media, filepath.Join(cfg.DataDir, "uploads"), "/api/v1/uploads/", cfg.MaxUploadBytes, cfg.UploadExpiry, httpapi.UserFromContext, httpapi.ProblemJSON,
		media.UploadLimits{Quota: cfg.UploadQuota, MaxOpen: cfg.MaxOpenUploads, Disk: disk}); err != nil {
		return err
	}

	local := commerce.Local{PublicURL: cfg.PublicURL}
	var provider commerce.Provider = local
	providers := map[string]commerce.Provider{local.Name(): local}
	if cfg.StripeSecretKey != "" {
		stripe := commerce.NewStripe(cfg.StripeSecretKey, cfg.StripeAPIBase, cfg.PublicURL)
		provider, providers[stripe.Name()] = stripe, stripe
	}
	var payPal *commerce.PayPal
	if cfg.PayPalClientID != "" {
		payPal = commerce.NewPayPal(cfg.PayPalClientID, cfg.PayPalSecret, cfg.PayPalAPIBase, cfg.PayPalWebhookID, cfg.PublicURL)
	}
	a.Commerce = commerce.NewService(commerce.Deps{DB: db, Access: policy, Invalidate: a.Catalog.Invalidate, Provider: provider,
		Providers: providers, PayPal: payPal, InstructorSharePct: int64(cfg.RevenueShare), RefundWindow: cfg.RefundWindow, Log: log, Metrics: in.metrics,
		Clock: clock, Grace: cfg.SubscriptionGrace, PublicURL: cfg.PublicURL})
	a.Notify = &notify.Service{DB: db, PublicURL: cfg.PublicURL}
	a.Learning = learning.NewService(learning.Deps{DB: db, Access: policy, Invalidate: a.Catalog.Invalidate,
		ReportsToFlag: cfg.ReportsToFlag, BannedWords: lists.BannedWords, Now: clock.Now, PublicURL: cfg.PublicURL, Jobs: a.Jobs, Notifier: a.Notify})
	river.AddWorker(workers, &learning.AnnouncementWorker{S: a.Learning})
	a.Admin = admin.NewService(admin.Deps{DB: db, Storage: in.files.Ping, Videos: a.Media.VideoCounts, FFmpeg: a.Media.Tools, Disk: disk.Space, DiskWarnings: disk.Warnings,
		OrphanVideos: a.Media.OrphanCount, CleanOrphans: a.Media.CleanOrphans})

	in.bus.Handle(func(e events.Event) {
		switch e.Kind {
		case events.CourseChanged:
			// The index first: a search that misses the cache sees the change.
			a.Search.Changed(context.Background(), e.ID)
			a.Catalog.InvalidateLocal(e.ID)
		case events.CatalogPurged:
			a.Search.Purge()
			a.Catalog.PurgeLocal()
		case events.UserRenamed:
			a.Search.InstructorChanged(context.Background(), e.ID)
			a.Catalog.PurgeLocal()
		case events.VideoChanged:
			a.Media.PublishLocal(context.Background(), e.ID)
		}
	})
	return nil
}

// diskDirs are the places this node fills, by what they hold: uploads
// arriving, transcode scratch space, and local media storage.
func diskDirs(cfg config.Config, files *storage.Storage) map[string]string {
	work := filepath.Join(cfg.DataDir, "work")
	_ = os.MkdirAll(work, 0o700) // measured from the start, not from the first transcode
	dirs := map[string]string{"uploads": filepath.Join(cfg.DataDir, "uploads"), "transcode scratch": work}
	if dir, ok := files.LocalDir(); ok {
		dirs["media storage"] = dir
	}
	return dirs
}

// videoKeySealers seal video keys with a key derived from the master
// secret; keys sealed under a previous master secret still open.
func videoKeySealers(in *infra) ([]media.Sealer, error) {
	current, previous := in.derive("video keys v1")
	var out []media.Sealer
	for _, k := range append([][]byte{current}, previous...) {
		s, err := auth.NewSealer(k)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func mailTransport(cfg config.Config, log *slog.Logger) (mail.Transport, error) {
	if cfg.SMTPURL == "" {
		return mail.LogTransport{Log: log}, nil
	}
	return mail.NewSMTP(cfg.SMTPURL)
}

// buildServer makes the HTTP server over the services.
func (a *App) buildServer(in *infra, lists config.Lists) *httpapi.Server {
	webFS, err := fs.Sub(web.Dist, "dist")
	if err != nil {
		webFS = nil
	}
	ready := map[string]func(context.Context) error{"database": in.db.Ping, "storage": in.files.Ping}
	if in.redisPing != nil {
		// Reported, not required: without Redis only sign-in pauses.
		ready["redis"] = func(ctx context.Context) error {
			if err := in.redisPing(ctx); err != nil {
				a.Log.WarnContext(ctx, "redis unavailable; sign-in limits fail closed", "err", err)
			}
			return nil
		}
	}
	mediaKey, oldMedia := in.derive("media token v1")
	return httpapi.New(httpapi.Deps{
		Log:      a.Log,
		Auth:     a.Auth,
		Admin:    a.Admin,
		Catalog:  a.Catalog,
		Commerce: a.Commerce,
		Learning: a.Learning,
		Notify:   a.Notify,
		Metrics:  a.Metrics,
		Cache:    in.responses,
		Files:    in.files,
		Media:    a.Media,
		Uploads:  a.Uploads,
		Signer:   media.NewSigner(a.Cfg.MediaTokenTTL, mediaKey, oldMedia...),
		Events:   a.Events,

		StripeWebhookSecret: a.Cfg.StripeWebhookSecret,
		Limiter:             in.limiter,
		PublicURL:           a.Cfg.PublicURL,
		TrustedNets:         lists.TrustedNets,
		MaxBodyBytes:        a.Cfg.MaxBodyBytes,
		WebFS:               webFS,
		Unavailable:         func(err error) bool { return store.IsUnavailable(err) || storage.IsUnavailable(err) },
		Ready:               ready,
		ReadyWarnings:       a.Disk.Warnings,
		MetricsElsewhere:    a.Cfg.AdminAddr != "",
		MetricsToken:        a.Cfg.MetricsToken,
	})
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
