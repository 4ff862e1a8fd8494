package ratelimit

import (
	"context"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/config"
)

// FailClosed names the limits that refuse when Redis cannot be asked:
// guarding passwords matters more than letting someone sign in during a
// Redis outage. Other limits (checkout) let requests through.
var FailClosed = map[string]bool{"login": true, "login_account": true, "register": true, "password_forgot": true, "password_reset": true, "two_factor": true}

// ErrLimiterDown is what a fail-closed limit answers while Redis is down.
var ErrLimiterDown = &apperr.Error{Kind: apperr.Unavailable, Code: "limiter_unavailable",
	Message: "Signing in is paused for a moment; try again shortly.", RetryAfter: 5 * time.Second}

// Redis is a Limiter shared by every node: GCRA buckets in Redis
// (redis_rate), one per name and key.
type Redis struct {
	lim   *redis_rate.Limiter
	rates map[string]config.Rate
}

// NewRedis makes a limiter on the client.
func NewRedis(rdb *redis.Client, rates map[string]config.Rate) *Redis {
	return &Redis{lim: redis_rate.NewLimiter(rdb), rates: rates}
}

func (r *Redis) take(ctx context.Context, name, key string, n int) (bool, time.Duration, error) {
	rate, ok := r.rates[name]
	if !ok {
		return true, 0, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	res, err := r.lim.AllowN(ctx, "lectern:rl:"+name+":"+key, redis_rate.Limit{Rate: rate.Count, Burst: rate.Count, Period: rate.Period}, n)
	if err != nil {
		if FailClosed[name] {
			return false, 0, ErrLimiterDown
		}
		return true, 0, nil
	}
	if n > 0 && res.Allowed < n || n == 0 && res.Remaining < 1 {
		return false, roundUp(max(res.RetryAfter, time.Second)), nil
	}
	return true, 0, nil
}

// Allow implements Limiter.
func (r *Redis) Allow(ctx context.Context, name, key string) (bool, time.Duration, error) {
	return r.take(ctx, name, key, 1)
}

// Blocked implements Limiter (a zero-event ask).
func (r *Redis) Blocked(ctx context.Context, name, key string) (bool, time.Duration, error) {
	ok, retry, err := r.take(ctx, name, key, 0)
	return !ok, retry, err
}

// Reset implements Limiter.
func (r *Redis) Reset(ctx context.Context, name, key string) error {
	if _, ok := r.rates[name]; !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	return r.lim.Reset(ctx, "lectern:rl:"+name+":"+key)
}
