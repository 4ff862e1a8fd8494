// Package ratelimit counts events per name and key (a client IP, an account)
// against configured rates. The in-process limiter serves one node; a shared
// one (Redis) can stand behind the same interface.
package ratelimit

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/lectern/lectern/internal/config"
)

// Limiter decides whether one more event may happen now.
type Limiter interface {
	// Allow takes one event for (name, key); when refused it says how long
	// until one would be allowed.
	Allow(ctx context.Context, name, key string) (ok bool, retryAfter time.Duration, err error)
	// Blocked reports, without taking an event, whether (name, key) is
	// exhausted.
	Blocked(ctx context.Context, name, key string) (blocked bool, retryAfter time.Duration, err error)
	// Reset forgets the events of (name, key), e.g. the failed logins of an
	// account whose owner just proved themselves by resetting the password.
	Reset(ctx context.Context, name, key string) error
}

// Memory is an in-process Limiter: a token bucket per (name, key) that
// refills count tokens per period, up to count. Idle buckets are dropped.
type Memory struct {
	rates map[string]config.Rate
	now   func() time.Time

	mu      sync.Mutex
	buckets map[bucketKey]*bucket
	swept   time.Time
}

type bucketKey struct{ name, key string }

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewMemory makes a limiter for the given rates; unknown names are never
// limited.
func NewMemory(rates map[string]config.Rate) *Memory {
	return &Memory{rates: rates, now: time.Now, buckets: map[bucketKey]*bucket{}}
}

func (m *Memory) get(name, key string, now time.Time) (*rate.Limiter, bool) {
	r, ok := m.rates[name]
	if !ok {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if now.Sub(m.swept) > time.Minute {
		m.sweep(now)
	}
	k := bucketKey{name, key}
	b := m.buckets[k]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Every(r.Period/time.Duration(r.Count)), r.Count)}
		m.buckets[k] = b
	}
	b.seen = now
	return b.lim, true
}

// sweep drops buckets idle for longer than their whole period: they are full
// again, so forgetting them changes nothing.
func (m *Memory) sweep(now time.Time) {
	m.swept = now
	for k, b := range m.buckets {
		if now.Sub(b.seen) > m.rates[k.name].Period {
			delete(m.buckets, k)
		}
	}
}

// Allow implements Limiter.
func (m *Memory) Allow(_ context.Context, name, key string) (bool, time.Duration, error) {
	now := m.now()
	lim, ok := m.get(name, key, now)
	if !ok {
		return true, 0, nil
	}
	res := lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, roundUp(d), nil
	}
	return true, 0, nil
}

// Blocked implements Limiter.
func (m *Memory) Blocked(_ context.Context, name, key string) (bool, time.Duration, error) {
	now := m.now()
	lim, ok := m.get(name, key, now)
	if !ok {
		return false, 0, nil
	}
	if tokens := lim.TokensAt(now); tokens < 1 {
		perToken := time.Duration(float64(time.Second) / float64(lim.Limit()))
		return true, roundUp(time.Duration(math.Ceil((1 - tokens) * float64(perToken)))), nil
	}
	return false, 0, nil
}

// Reset implements Limiter.
func (m *Memory) Reset(_ context.Context, name, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.buckets, bucketKey{name, key})
	return nil
}

// roundUp gives whole seconds, at least one, as Retry-After wants.
func roundUp(d time.Duration) time.Duration {
	s := time.Duration(math.Ceil(d.Seconds())) * time.Second
	if s < time.Second {
		s = time.Second
	}
	return s
}
