package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/cache"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/events"
	"github.com/lectern/lectern/internal/jobs"
	"github.com/lectern/lectern/internal/metrics"
	"github.com/lectern/lectern/internal/ratelimit"
	"github.com/lectern/lectern/internal/storage"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/tracing"
)

// closers is a stack of clean-ups: whatever was opened is closed, newest
// first, exactly once, whether start-up failed half way or the app stops.
type closers struct {
	mu  sync.Mutex
	fns []func() error
}

func (c *closers) push(fn func() error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fns = append(c.fns, fn)
}

func (c *closers) close() error {
	c.mu.Lock()
	fns := c.fns
	c.fns = nil
	c.mu.Unlock()
	var err error
	for i := len(fns) - 1; i >= 0; i-- {
		err = errors.Join(err, fns[i]())
	}
	return err
}

// infra is what the services run on: connections, storage, keys, caches.
type infra struct {
	closers   *closers
	db        *store.DB
	files     *storage.Storage
	keys      *auth.Keys
	oldKeys   []*auth.Keys // previous master keys: still verify what they signed
	limiter   ratelimit.Limiter
	responses cache.Cache
	redisPing func(context.Context) error // nil without Redis
	bus       *events.Bus
	metrics   *metrics.M
}

// openInfra opens the infrastructure; on failure it closes what it opened.
func openInfra(ctx context.Context, cfg config.Config, lists config.Lists, log *slog.Logger) (_ *infra, err error) {
	in := &infra{closers: &closers{}}
	defer func() {
		if err != nil {
			in.closers.close()
		}
	}()
	if err := cfg.EnsureDataDir(); err != nil {
		return nil, fmt.Errorf("data dir %s: %w", cfg.DataDir, err)
	}
	stopTracing, err := tracing.Setup(ctx, strings.TrimRight(cfg.OTLPEndpoint, "/"), "1")
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	in.closers.push(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return stopTracing(ctx) // flushes the last spans
	})
	if in.db, err = store.Open(ctx, cfg.DatabaseURL); err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	in.closers.push(in.db.Close)
	if err := in.db.Migrate(ctx, log); err != nil {
		return nil, err
	}
	if err := in.db.SeedCategories(ctx); err != nil {
		return nil, err
	}
	if err := jobs.Migrate(ctx, in.db, log); err != nil {
		return nil, err
	}
	secret, err := loadSecret(cfg)
	if err != nil {
		return nil, err
	}
	if in.keys, err = auth.NewKeys(secret); err != nil {
		return nil, err
	}
	for _, k := range lists.PreviousKeys {
		old, err := auth.NewKeys([]byte(k))
		if err != nil {
			return nil, fmt.Errorf("LECTERN_PREVIOUS_SECRET_KEYS: %w", err)
		}
		in.oldKeys = append(in.oldKeys, old)
	}
	if in.files, err = storage.Open(ctx, cfg.StorageURL); err != nil {
		return nil, err
	}
	in.closers.push(in.files.Close)
	in.limiter = ratelimit.NewMemory(lists.RateLimits)
	in.responses = cache.NewMemory(4096, time.Minute)
	if cfg.RedisURL != "" {
		opt, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("LECTERN_REDIS_URL: %w", err)
		}
		rdb := redis.NewClient(opt)
		in.closers.push(rdb.Close)
		in.limiter = ratelimit.NewRedis(rdb, lists.RateLimits)
		in.responses = cache.NewRedis(rdb, time.Minute)
		in.redisPing = func(ctx context.Context) error { return rdb.Ping(ctx).Err() }
	}
	in.metrics = metrics.New()
	in.metrics.JobCounts(in.db.JobCounts)
	in.metrics.Registry.MustRegister(cache.Latency)
	if in.db.Dialect == store.Postgres {
		in.bus = events.NewPostgres(log, cfg.DatabaseURL, in.db.Notify)
	} else {
		in.bus = events.NewLocal(log)
	}
	return in, nil
}

// derive gives the current key and every previous key's version of one
// purpose's key.
func (in *infra) derive(purpose string) (current []byte, previous [][]byte) {
	for _, k := range in.oldKeys {
		previous = append(previous, k.Derive(purpose))
	}
	return in.keys.Derive(purpose), previous
}
