// Package config turns LECTERN_* environment variables and command-line flags
// into one validated Config. Every default for the embedded mode lives here.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is everything Lectern can be told at start-up. The zero value is not
// useful; use Load or Default.
type Config struct {
	Addr           string // LECTERN_ADDR: where the HTTP server listens
	AdminAddr      string // LECTERN_ADMIN_ADDR: pprof and /metrics for operators only; off when empty
	DataDir        string // LECTERN_DATA_DIR: SQLite file, media, generated secrets
	DatabaseURL    string // LECTERN_DATABASE_URL: sqlite:///path or postgres://…
	StorageURL     string // LECTERN_STORAGE_URL: file:///path or s3://bucket?…
	RedisURL       string // LECTERN_REDIS_URL: optional
	PublicURL      string // LECTERN_PUBLIC_URL: how users reach us; links in email
	SecretKey      string // LECTERN_SECRET_KEY: master key; generated into the data dir when empty
	PreviousKeys   string // LECTERN_PREVIOUS_SECRET_KEYS: comma-separated old master keys that still verify (rotation)
	SMTPURL        string // LECTERN_SMTP_URL: smtp://user:pass@host:port?from=…; email goes to the log and outbox when empty
	RateLimits     string // LECTERN_RATE_LIMITS: overrides, name=count/period pairs
	TrustedProxies string // LECTERN_TRUSTED_PROXIES: CIDRs whose X-Forwarded-For is believed
	LogFormat      string // LECTERN_LOG_FORMAT: text or json
	LogLevel       string // LECTERN_LOG_LEVEL: debug, info, warn, error
	OTLPEndpoint   string // LECTERN_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_ENDPOINT): traces go there when set

	StripeSecretKey     string // LECTERN_STRIPE_SECRET_KEY
	StripeWebhookSecret string // LECTERN_STRIPE_WEBHOOK_SECRET
	StripeAPIBase       string // LECTERN_STRIPE_API_BASE (stripe-mock in tests)
	PayPalClientID      string // LECTERN_PAYPAL_CLIENT_ID: PayPal Checkout is offered when set (with the secret)
	PayPalSecret        string // LECTERN_PAYPAL_SECRET
	PayPalWebhookID     string // LECTERN_PAYPAL_WEBHOOK_ID: verifies PayPal's webhooks
	PayPalAPIBase       string // LECTERN_PAYPAL_API_BASE: sandbox by default; https://api-m.paypal.com for live
	FFmpeg              string // LECTERN_FFMPEG
	FFprobe             string // LECTERN_FFPROBE

	AccessTokenTTL    time.Duration // LECTERN_ACCESS_TOKEN_TTL
	RefreshTokenTTL   time.Duration // LECTERN_REFRESH_TOKEN_TTL
	MaxBodyBytes      int64         // LECTERN_MAX_BODY_BYTES: request body limit for JSON endpoints
	MaxUploadBytes    int64         // LECTERN_MAX_UPLOAD_BYTES: largest video upload (413 above)
	UploadExpiry      time.Duration // LECTERN_UPLOAD_EXPIRY: unfinished uploads are deleted after this long idle
	DiskReserve       int64         // LECTERN_DISK_RESERVE_BYTES: free space an upload may not eat into (507 below it); low-disk warning under it
	UploadQuota       int64         // LECTERN_UPLOAD_QUOTA_BYTES: per-instructor total of uploaded sources (0: none)
	MaxOpenUploads    int           // LECTERN_MAX_OPEN_UPLOADS: unfinished uploads an instructor may have at once (0: no limit)
	MediaTokenTTL     time.Duration // LECTERN_MEDIA_TOKEN_TTL: lifetime of signed playback URLs
	Transcodes        int           // LECTERN_TRANSCODES: concurrent transcodes on this node (0: none)
	StuckTranscode    time.Duration // LECTERN_STUCK_TRANSCODE_AFTER: a transcode silent this long is given to a new job
	TranscodeMemMB    int           // LECTERN_TRANSCODE_MEMORY_MB: address space an ffmpeg process may use
	TranscodeCPU      float64       // LECTERN_TRANSCODE_CPU_PER_SECOND: CPU seconds a transcode may spend per second of video
	RevenueShare      int           // LECTERN_INSTRUCTOR_SHARE: the instructor's percentage of each sale
	RefundWindow      time.Duration // LECTERN_REFUND_WINDOW: how long after paying a student may refund
	SubscriptionGrace time.Duration // LECTERN_SUBSCRIPTION_GRACE: access kept after a failed renewal
	TestClock         bool          // LECTERN_TEST_CLOCK: admins may move the subscriptions' clock forward (test provider only)
	ReportsToFlag     int           // LECTERN_REPORTS_TO_FLAG: reports that hide a review until an admin decides
	BannedWords       string        // LECTERN_BANNED_WORDS: comma-separated; a review containing one is flagged
	ShutdownTimeout   time.Duration // LECTERN_SHUTDOWN_TIMEOUT
	HashSlots         int           // LECTERN_HASH_SLOTS: concurrent password hashes (default: half the CPUs)
	HashWait          time.Duration // LECTERN_HASH_WAIT: how long a login waits for a slot before 429
	Demo              bool          // --demo: seed demo content on start

	NoCache           bool          // LECTERN_NO_CACHE: turn the catalog's caches off (benchmarks measure without them)
	SearchConcurrency int           // LECTERN_SEARCH_CONCURRENCY: searches at once (0: 4 per CPU); more queue, then get 503
	SearchQueueWait   time.Duration // LECTERN_SEARCH_QUEUE_WAIT: how long a search waits for a slot before 503

	RequireAdmin2FA bool   // LECTERN_REQUIRE_ADMIN_2FA: admins must use two-factor sign-in for admin routes
	MetricsToken    string // LECTERN_METRICS_TOKEN: bearer token that may read /metrics on the public address

	GoogleClientID     string // LECTERN_GOOGLE_CLIENT_ID
	GoogleClientSecret string // LECTERN_GOOGLE_CLIENT_SECRET
	GitHubClientID     string // LECTERN_GITHUB_CLIENT_ID
	GitHubClientSecret string // LECTERN_GITHUB_CLIENT_SECRET
	GitHubURL          string // LECTERN_GITHUB_URL: GitHub's web address (tests point it elsewhere)
	GitHubAPIURL       string // LECTERN_GITHUB_API_URL: GitHub's API address
	// OIDC lists generic OpenID Connect providers: LECTERN_OIDC_PROVIDERS
	// names them (comma-separated), and each NAME has
	// LECTERN_OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET and _NAME.
	OIDC []OIDCProvider
}

// OIDCProvider is one configured OpenID Connect sign-in provider.
type OIDCProvider struct {
	ID           string // lower-cased NAME, used in URLs
	Name         string // shown on the sign-in button
	Issuer       string
	ClientID     string
	ClientSecret string
}

// Default returns the embedded-mode configuration: one machine, zero setup.
func Default() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		DataDir:           "./data",
		LogFormat:         "text",
		LogLevel:          "info",
		FFmpeg:            "ffmpeg",
		FFprobe:           "ffprobe",
		PayPalAPIBase:     "https://api-m.sandbox.paypal.com",
		AccessTokenTTL:    15 * time.Minute,
		RefreshTokenTTL:   30 * 24 * time.Hour,
		MaxBodyBytes:      1 << 20,
		MaxUploadBytes:    8 << 30,
		UploadExpiry:      24 * time.Hour,
		DiskReserve:       1 << 30,
		UploadQuota:       50 << 30,
		MaxOpenUploads:    5,
		MediaTokenTTL:     20 * time.Minute,
		Transcodes:        1,
		StuckTranscode:    90 * time.Second,
		TranscodeMemMB:    4096,
		TranscodeCPU:      30,
		RevenueShare:      70,
		RefundWindow:      30 * 24 * time.Hour,
		SubscriptionGrace: 7 * 24 * time.Hour,
		ReportsToFlag:     3,
		ShutdownTimeout:   15 * time.Second,
		HashWait:          time.Second,
		SearchQueueWait:   250 * time.Millisecond,
	}
}

// Load reads the environment, then the flags in args (flags win), fills in the
// derived defaults and validates the result.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	c := Default()
	c.Register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.Complete()
	return c, c.Validate()
}

// Register binds every setting to a flag whose default comes from the
// matching LECTERN_* variable, so `-addr` and LECTERN_ADDR mean the same.
func (c *Config) Register(fs *flag.FlagSet, getenv func(string) string) {
	str := func(p *string, name, env, usage string) {
		if v := getenv(env); v != "" {
			*p = v
		}
		fs.StringVar(p, name, *p, usage+" ("+env+")")
	}
	dur := func(p *time.Duration, name, env, usage string) {
		if v := getenv(env); v != "" {
			if d, err := time.ParseDuration(v); err == nil {
				*p = d
			} else {
				*p = -1 // reported by Validate
			}
		}
		fs.DurationVar(p, name, *p, usage+" ("+env+")")
	}
	str(&c.Addr, "addr", "LECTERN_ADDR", "listen address")
	str(&c.AdminAddr, "admin-addr", "LECTERN_ADMIN_ADDR", "operator-only address for pprof and /metrics (off when empty)")
	str(&c.DataDir, "data-dir", "LECTERN_DATA_DIR", "data directory")
	str(&c.DatabaseURL, "database-url", "LECTERN_DATABASE_URL", "sqlite:///path or postgres://…")
	str(&c.StorageURL, "storage-url", "LECTERN_STORAGE_URL", "file:///path or s3://bucket?…")
	str(&c.RedisURL, "redis-url", "LECTERN_REDIS_URL", "redis://host:port")
	str(&c.PublicURL, "public-url", "LECTERN_PUBLIC_URL", "public base URL")
	str(&c.SecretKey, "secret-key", "LECTERN_SECRET_KEY", "master secret (generated when empty)")
	str(&c.PreviousKeys, "previous-secret-keys", "LECTERN_PREVIOUS_SECRET_KEYS", "old master secrets that still verify tokens")
	str(&c.SMTPURL, "smtp-url", "LECTERN_SMTP_URL", "smtp://user:pass@host:port?from=addr")
	str(&c.RateLimits, "rate-limits", "LECTERN_RATE_LIMITS", "rate limit overrides, name=count/period,…")
	str(&c.TrustedProxies, "trusted-proxies", "LECTERN_TRUSTED_PROXIES", "comma-separated CIDRs of trusted reverse proxies")
	if v := getenv("OTEL_EXPORTER_OTLP_ENDPOINT"); v != "" {
		c.OTLPEndpoint = v
	}
	str(&c.OTLPEndpoint, "otlp-endpoint", "LECTERN_OTLP_ENDPOINT", "OpenTelemetry collector (OTLP/HTTP) URL for traces")
	str(&c.LogFormat, "log-format", "LECTERN_LOG_FORMAT", "text or json")
	str(&c.LogLevel, "log-level", "LECTERN_LOG_LEVEL", "debug, info, warn or error")
	str(&c.StripeSecretKey, "stripe-secret-key", "LECTERN_STRIPE_SECRET_KEY", "Stripe secret key")
	str(&c.StripeWebhookSecret, "stripe-webhook-secret", "LECTERN_STRIPE_WEBHOOK_SECRET", "Stripe webhook signing secret")
	str(&c.StripeAPIBase, "stripe-api-base", "LECTERN_STRIPE_API_BASE", "Stripe API base URL")
	str(&c.PayPalClientID, "paypal-client-id", "LECTERN_PAYPAL_CLIENT_ID", "PayPal REST app client id")
	str(&c.PayPalSecret, "paypal-secret", "LECTERN_PAYPAL_SECRET", "PayPal REST app secret")
	str(&c.PayPalWebhookID, "paypal-webhook-id", "LECTERN_PAYPAL_WEBHOOK_ID", "id of Lectern's webhook in the PayPal app")
	str(&c.PayPalAPIBase, "paypal-api-base", "LECTERN_PAYPAL_API_BASE", "PayPal API base URL")
	str(&c.FFmpeg, "ffmpeg", "LECTERN_FFMPEG", "path to ffmpeg")
	str(&c.FFprobe, "ffprobe", "LECTERN_FFPROBE", "path to ffprobe")
	dur(&c.AccessTokenTTL, "access-token-ttl", "LECTERN_ACCESS_TOKEN_TTL", "access token lifetime")
	dur(&c.RefreshTokenTTL, "refresh-token-ttl", "LECTERN_REFRESH_TOKEN_TTL", "refresh token lifetime")
	dur(&c.ShutdownTimeout, "shutdown-timeout", "LECTERN_SHUTDOWN_TIMEOUT", "graceful shutdown limit")
	dur(&c.UploadExpiry, "upload-expiry", "LECTERN_UPLOAD_EXPIRY", "delete unfinished uploads idle this long")
	dur(&c.MediaTokenTTL, "media-token-ttl", "LECTERN_MEDIA_TOKEN_TTL", "lifetime of signed playback URLs")
	dur(&c.StuckTranscode, "stuck-transcode-after", "LECTERN_STUCK_TRANSCODE_AFTER", "requeue a transcode without a heartbeat for this long")
	num := func(p *int64, name, env, usage string) {
		if v := getenv(env); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				n = -1 // reported by Validate
			}
			*p = n
		}
		fs.Int64Var(p, name, *p, usage+" ("+env+")")
	}
	num(&c.MaxBodyBytes, "max-body-bytes", "LECTERN_MAX_BODY_BYTES", "JSON request body limit")
	num(&c.MaxUploadBytes, "max-upload-bytes", "LECTERN_MAX_UPLOAD_BYTES", "largest video upload")
	num(&c.DiskReserve, "disk-reserve-bytes", "LECTERN_DISK_RESERVE_BYTES", "free disk space uploads may not use; below it /readyz and the admin status warn")
	num(&c.UploadQuota, "upload-quota-bytes", "LECTERN_UPLOAD_QUOTA_BYTES", "per-instructor total of uploaded videos, 0 for none")
	if v := getenv("LECTERN_MAX_OPEN_UPLOADS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.MaxOpenUploads = n
	}
	fs.IntVar(&c.MaxOpenUploads, "max-open-uploads", c.MaxOpenUploads, "unfinished uploads an instructor may have at once, 0 for no limit (LECTERN_MAX_OPEN_UPLOADS)")
	dur(&c.HashWait, "hash-wait", "LECTERN_HASH_WAIT", "how long a login waits for a hashing slot before 429")
	if v := getenv("LECTERN_HASH_SLOTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.HashSlots = n
	}
	fs.IntVar(&c.HashSlots, "hash-slots", c.HashSlots, "concurrent password hashes, 0 for half the CPUs (LECTERN_HASH_SLOTS)")
	dur(&c.RefundWindow, "refund-window", "LECTERN_REFUND_WINDOW", "how long after paying a student may refund")
	dur(&c.SubscriptionGrace, "subscription-grace", "LECTERN_SUBSCRIPTION_GRACE", "how long a subscriber keeps access after a failed renewal")
	if v := getenv("LECTERN_TEST_CLOCK"); v == "1" || v == "true" {
		c.TestClock = true
	}
	fs.BoolVar(&c.TestClock, "test-clock", c.TestClock, "admins may move the subscriptions' clock forward; only with the built-in test provider (LECTERN_TEST_CLOCK)")
	str(&c.BannedWords, "banned-words", "LECTERN_BANNED_WORDS", "comma-separated words that flag a review")
	if v := getenv("LECTERN_REPORTS_TO_FLAG"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.ReportsToFlag = n
	}
	fs.IntVar(&c.ReportsToFlag, "reports-to-flag", c.ReportsToFlag, "reports that hide a review until an admin decides (LECTERN_REPORTS_TO_FLAG)")
	if v := getenv("LECTERN_INSTRUCTOR_SHARE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.RevenueShare = n
	}
	fs.IntVar(&c.RevenueShare, "instructor-share", c.RevenueShare, "instructor's percentage of each sale (LECTERN_INSTRUCTOR_SHARE)")
	if v := getenv("LECTERN_TRANSCODES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.Transcodes = n
	}
	fs.IntVar(&c.Transcodes, "transcodes", c.Transcodes, "concurrent transcodes on this node, 0 for none (LECTERN_TRANSCODES)")
	if v := getenv("LECTERN_TRANSCODE_MEMORY_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.TranscodeMemMB = n
	}
	if v := getenv("LECTERN_TRANSCODE_CPU_PER_SECOND"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			f = -1
		}
		c.TranscodeCPU = f
	}
	if v := getenv("LECTERN_NO_CACHE"); v == "1" || v == "true" {
		c.NoCache = true
	}
	fs.BoolVar(&c.NoCache, "no-cache", c.NoCache, "turn the catalog's caches off, for benchmarks (LECTERN_NO_CACHE)")
	if v := getenv("LECTERN_SEARCH_CONCURRENCY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.SearchConcurrency = n
	}
	fs.IntVar(&c.SearchConcurrency, "search-concurrency", c.SearchConcurrency, "searches at once, 0 for 4 per CPU (LECTERN_SEARCH_CONCURRENCY)")
	dur(&c.SearchQueueWait, "search-queue-wait", "LECTERN_SEARCH_QUEUE_WAIT", "how long a search waits for a slot before 503")
	str(&c.MetricsToken, "metrics-token", "LECTERN_METRICS_TOKEN", "bearer token that may read /metrics on the public address")
	if v := getenv("LECTERN_REQUIRE_ADMIN_2FA"); v == "1" || v == "true" {
		c.RequireAdmin2FA = true
	}
	fs.BoolVar(&c.RequireAdmin2FA, "require-admin-2fa", c.RequireAdmin2FA, "admins must use two-factor sign-in for admin routes (LECTERN_REQUIRE_ADMIN_2FA)")
	str(&c.GoogleClientID, "google-client-id", "LECTERN_GOOGLE_CLIENT_ID", "Google sign-in client id")
	str(&c.GoogleClientSecret, "google-client-secret", "LECTERN_GOOGLE_CLIENT_SECRET", "Google sign-in client secret")
	str(&c.GitHubClientID, "github-client-id", "LECTERN_GITHUB_CLIENT_ID", "GitHub sign-in client id")
	str(&c.GitHubClientSecret, "github-client-secret", "LECTERN_GITHUB_CLIENT_SECRET", "GitHub sign-in client secret")
	str(&c.GitHubURL, "github-url", "LECTERN_GITHUB_URL", "GitHub web base URL")
	str(&c.GitHubAPIURL, "github-api-url", "LECTERN_GITHUB_API_URL", "GitHub API base URL")
	c.OIDC = nil
	for _, name := range strings.Split(getenv("LECTERN_OIDC_PROVIDERS"), ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		env := "LECTERN_OIDC_" + strings.ToUpper(name) + "_"
		p := OIDCProvider{ID: strings.ToLower(name), Name: getenv(env + "NAME"), Issuer: getenv(env + "ISSUER"),
			ClientID: getenv(env + "CLIENT_ID"), ClientSecret: getenv(env + "CLIENT_SECRET")}
		if p.Name == "" {
			p.Name = name
		}
		c.OIDC = append(c.OIDC, p)
	}
	if v := getenv("LECTERN_DEMO"); v == "1" || v == "true" {
		c.Demo = true
	}
	fs.BoolVar(&c.Demo, "demo", c.Demo, "seed demo users and content (LECTERN_DEMO)")
}

// Complete fills in the settings derived from others (database and storage
// under the data dir, the public URL from the address).
func (c *Config) Complete() {
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite://" + filepath.ToSlash(filepath.Join(c.absDataDir(), "lectern.db"))
	}
	if c.StorageURL == "" {
		c.StorageURL = "file://" + filepath.ToSlash(filepath.Join(c.absDataDir(), "media"))
	}
	if c.PublicURL == "" {
		host := c.Addr
		if h, p, err := net.SplitHostPort(c.Addr); err == nil && (h == "" || h == "0.0.0.0" || h == "::") {
			host = net.JoinHostPort("localhost", p)
		}
		c.PublicURL = "http://" + host
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
}

func (c *Config) absDataDir() string {
	if abs, err := filepath.Abs(c.DataDir); err == nil {
		return abs
	}
	return c.DataDir
}

// Validate reports every problem at once so a start-up error can be fixed in
// one go.
func (c Config) Validate() error {
	var errs []error
	bad := func(env, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", env, fmt.Sprintf(format, a...)))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		bad("LECTERN_ADDR", "%q is not host:port", c.Addr)
	}
	if c.AdminAddr != "" {
		if _, _, err := net.SplitHostPort(c.AdminAddr); err != nil {
			bad("LECTERN_ADMIN_ADDR", "%q is not host:port", c.AdminAddr)
		}
	}
	if c.DataDir == "" {
		bad("LECTERN_DATA_DIR", "must not be empty")
	}
	if !strings.HasPrefix(c.DatabaseURL, "sqlite://") && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		bad("LECTERN_DATABASE_URL", "must start with sqlite:// or postgres://")
	}
	if !strings.HasPrefix(c.StorageURL, "file://") && !strings.HasPrefix(c.StorageURL, "s3://") {
		bad("LECTERN_STORAGE_URL", "must start with file:// or s3://")
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("LECTERN_PUBLIC_URL", "%q is not an http(s) URL", c.PublicURL)
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		bad("LECTERN_REDIS_URL", "must start with redis:// or rediss://")
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			bad("LECTERN_SMTP_URL", "must be smtp://[user:pass@]host:port?from=address")
		}
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		bad("LECTERN_SECRET_KEY", "must be at least 32 characters")
	}
	if _, err := c.Lists(); err != nil {
		errs = append(errs, err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("LECTERN_LOG_FORMAT", "must be text or json")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("LECTERN_LOG_LEVEL", "must be debug, info, warn or error")
	}
	if c.AccessTokenTTL < time.Minute || c.AccessTokenTTL > 24*time.Hour {
		bad("LECTERN_ACCESS_TOKEN_TTL", "must be a duration between 1m and 24h")
	}
	if c.RefreshTokenTTL < time.Hour {
		bad("LECTERN_REFRESH_TOKEN_TTL", "must be a duration of at least 1h")
	}
	if c.ShutdownTimeout <= 0 {
		bad("LECTERN_SHUTDOWN_TIMEOUT", "must be a positive duration")
	}
	if c.MaxBodyBytes < 1024 {
		bad("LECTERN_MAX_BODY_BYTES", "must be a whole number of at least 1024")
	}
	if c.MaxUploadBytes < 1<<20 {
		bad("LECTERN_MAX_UPLOAD_BYTES", "must be a whole number of at least 1048576")
	}
	if c.DiskReserve < 0 {
		bad("LECTERN_DISK_RESERVE_BYTES", "must be a whole number of bytes, 0 or more")
	}
	if c.UploadQuota < 0 {
		bad("LECTERN_UPLOAD_QUOTA_BYTES", "must be a whole number of bytes, 0 (no quota) or more")
	}
	if c.MaxOpenUploads < 0 || c.MaxOpenUploads > 1000 {
		bad("LECTERN_MAX_OPEN_UPLOADS", "must be a whole number from 0 (no limit) to 1000")
	}
	if c.UploadExpiry < time.Minute {
		bad("LECTERN_UPLOAD_EXPIRY", "must be a duration of at least 1m")
	}
	if c.MediaTokenTTL < time.Minute || c.MediaTokenTTL > 24*time.Hour {
		bad("LECTERN_MEDIA_TOKEN_TTL", "must be a duration between 1m and 24h")
	}
	if c.RevenueShare < 0 || c.RevenueShare > 100 {
		bad("LECTERN_INSTRUCTOR_SHARE", "must be a percentage from 0 to 100")
	}
	if c.HashSlots < 0 || c.HashSlots > 256 {
		bad("LECTERN_HASH_SLOTS", "must be a whole number from 0 (half the CPUs) to 256")
	}
	if c.HashWait < 0 {
		bad("LECTERN_HASH_WAIT", "must be a duration such as 1s")
	}
	if c.ReportsToFlag < 1 {
		bad("LECTERN_REPORTS_TO_FLAG", "must be a whole number of at least 1")
	}
	if c.RefundWindow < 0 {
		bad("LECTERN_REFUND_WINDOW", "must be a duration such as 720h")
	}
	if c.SubscriptionGrace < 0 {
		bad("LECTERN_SUBSCRIPTION_GRACE", "must be a duration such as 168h")
	}
	if c.TestClock && c.StripeSecretKey != "" {
		bad("LECTERN_TEST_CLOCK", "is for the built-in test provider; unset it when Stripe is configured")
	}
	if (c.StripeSecretKey == "") != (c.StripeWebhookSecret == "") {
		bad("LECTERN_STRIPE_WEBHOOK_SECRET", "set both LECTERN_STRIPE_SECRET_KEY and LECTERN_STRIPE_WEBHOOK_SECRET, or neither")
	}
	if (c.PayPalClientID == "") != (c.PayPalSecret == "") {
		bad("LECTERN_PAYPAL_SECRET", "set both LECTERN_PAYPAL_CLIENT_ID and LECTERN_PAYPAL_SECRET, or neither")
	}
	if c.PayPalWebhookID != "" && c.PayPalClientID == "" {
		bad("LECTERN_PAYPAL_WEBHOOK_ID", "needs LECTERN_PAYPAL_CLIENT_ID and LECTERN_PAYPAL_SECRET")
	}
	if u, err := url.Parse(c.PayPalAPIBase); c.PayPalClientID != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		bad("LECTERN_PAYPAL_API_BASE", "must be an http(s) URL, e.g. https://api-m.sandbox.paypal.com")
	}
	if c.StuckTranscode < 3*time.Second {
		bad("LECTERN_STUCK_TRANSCODE_AFTER", "must be a duration of at least 3s")
	}
	if c.SearchConcurrency < 0 || c.SearchConcurrency > 1024 {
		bad("LECTERN_SEARCH_CONCURRENCY", "must be a whole number from 0 to 1024")
	}
	if c.SearchQueueWait <= 0 {
		bad("LECTERN_SEARCH_QUEUE_WAIT", "must be a positive duration such as 250ms")
	}
	if c.Transcodes < 0 || c.Transcodes > 16 {
		bad("LECTERN_TRANSCODES", "must be a whole number from 0 to 16")
	}
	if c.TranscodeMemMB < 256 {
		bad("LECTERN_TRANSCODE_MEMORY_MB", "must be a whole number of at least 256")
	}
	if !(c.TranscodeCPU > 0) {
		bad("LECTERN_TRANSCODE_CPU_PER_SECOND", "must be a positive number such as 30")
	}
	if (c.GoogleClientID == "") != (c.GoogleClientSecret == "") {
		bad("LECTERN_GOOGLE_CLIENT_SECRET", "set both LECTERN_GOOGLE_CLIENT_ID and LECTERN_GOOGLE_CLIENT_SECRET, or neither")
	}
	if (c.GitHubClientID == "") != (c.GitHubClientSecret == "") {
		bad("LECTERN_GITHUB_CLIENT_SECRET", "set both LECTERN_GITHUB_CLIENT_ID and LECTERN_GITHUB_CLIENT_SECRET, or neither")
	}
	seen := map[string]bool{"google": c.GoogleClientID != "", "github": c.GitHubClientID != ""}
	for _, p := range c.OIDC {
		env := "LECTERN_OIDC_" + strings.ToUpper(p.ID)
		if !validProviderID(p.ID) {
			bad("LECTERN_OIDC_PROVIDERS", "%q must be letters, digits, - or _", p.ID)
		}
		if seen[p.ID] {
			bad("LECTERN_OIDC_PROVIDERS", "%q is configured twice", p.ID)
		}
		seen[p.ID] = true
		if u, err := url.Parse(p.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad(env+"_ISSUER", "must be the issuer's http(s) URL")
		}
		if p.ClientID == "" || p.ClientSecret == "" {
			bad(env+"_CLIENT_ID", "set %s_CLIENT_ID and %s_CLIENT_SECRET", env, env)
		}
	}
	return errors.Join(errs...)
}

func validProviderID(id string) bool {
	if id == "" || len(id) > 40 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Lists are the settings that hold lists, parsed from their text forms in
// one place.
type Lists struct {
	RateLimits   map[string]Rate
	TrustedNets  []*net.IPNet
	PreviousKeys []string
	BannedWords  []string
}

// Lists parses the list-valued settings; the error names each bad one.
func (c Config) Lists() (Lists, error) {
	var l Lists
	var errs []error
	var err error
	if l.TrustedNets, err = ParseCIDRs(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("LECTERN_TRUSTED_PROXIES: %v", err))
	}
	if l.RateLimits, err = ParseRateLimits(c.RateLimits); err != nil {
		errs = append(errs, fmt.Errorf("LECTERN_RATE_LIMITS: %v", err))
	}
	l.PreviousKeys = splitList(c.PreviousKeys)
	for _, k := range l.PreviousKeys {
		if len(k) < 32 {
			errs = append(errs, fmt.Errorf("LECTERN_PREVIOUS_SECRET_KEYS: every key must be at least 32 characters"))
			break
		}
	}
	l.BannedWords = splitList(c.BannedWords)
	return l, errors.Join(errs...)
}

// splitList splits a comma-separated setting, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// ParseCIDRs parses a comma-separated list of CIDRs or bare IPs.
func ParseCIDRs(s string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			if ip := net.ParseIP(part); ip != nil && ip.To4() != nil {
				part += "/32"
			} else {
				part += "/128"
			}
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// Rate is a count of events allowed per period.
type Rate struct {
	Count  int
	Period time.Duration
}

// DefaultRateLimits are the limits in force unless LECTERN_RATE_LIMITS says
// otherwise. Keys are per client IP, except login_account, which counts failed
// logins per account so a spread-out guessing attack is slowed too.
var DefaultRateLimits = map[string]Rate{
	"login":           {10, time.Minute},
	"login_account":   {10, 15 * time.Minute},
	"register":        {20, time.Hour},
	"password_forgot": {5, time.Hour},
	"password_reset":  {10, time.Hour},
	"two_factor":      {10, 15 * time.Minute},
	"checkout":        {30, time.Minute},
}

// ParseRateLimits merges name=count/period overrides into the defaults.
func ParseRateLimits(s string) (map[string]Rate, error) {
	out := make(map[string]Rate, len(DefaultRateLimits))
	for k, v := range DefaultRateLimits {
		out[k] = v
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, spec, ok := strings.Cut(part, "=")
		count, period, ok2 := strings.Cut(spec, "/")
		if !ok || !ok2 {
			return nil, fmt.Errorf("%q is not name=count/period", part)
		}
		if _, known := DefaultRateLimits[name]; !known {
			return nil, fmt.Errorf("unknown rate limit %q", name)
		}
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q: count must be a positive whole number", part)
		}
		if len(period) > 0 && (period[0] < '0' || period[0] > '9') {
			period = "1" + period
		}
		d, err := time.ParseDuration(period)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("%q: period must be a duration such as 1m or 1h", part)
		}
		out[name] = Rate{n, d}
	}
	return out, nil
}

// EnsureDataDir creates the data directory with private permissions.
func (c Config) EnsureDataDir() error {
	return os.MkdirAll(c.DataDir, 0o700)
}
