// Package cache holds encoded responses that many visitors ask for (catalog
// pages and searches) out of the database: in process by default, in Redis
// when LECTERN_REDIS_URL is set, so every node shares one copy and one
// generation. Entries are keyed with the current generation; bumping it
// makes every older entry unreachable (they expire on their own).
package cache

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Cache is a byte cache with a generation. A value is never changed once
// set: Set keeps val (the caller does not touch it again), and what Get
// returns may be the cached bytes themselves, to be read only.
type Cache interface {
	Get(ctx context.Context, key string) ([]byte, bool)
	Set(ctx context.Context, key string, val []byte)
	// Generation is part of every key; Bump starts a new one.
	Generation(ctx context.Context) int64
	Bump(ctx context.Context)
}

// Latency, by backend and operation, for /metrics.
var Latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "lectern_cache_seconds",
	Help: "Latency of cache operations by backend and operation.", Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .05}},
	[]string{"backend", "op"})

func observe(backend, op string, start time.Time) {
	Latency.WithLabelValues(backend, op).Observe(time.Since(start).Seconds())
}

// Memory is the in-process cache of one node.
type Memory struct {
	lru *expirable.LRU[string, []byte]
	gen atomic.Int64
}

// NewMemory keeps up to size entries for ttl.
func NewMemory(size int, ttl time.Duration) *Memory {
	return &Memory{lru: expirable.NewLRU[string, []byte](size, nil, ttl)}
}

// Get implements Cache.
func (m *Memory) Get(_ context.Context, key string) ([]byte, bool) {
	defer observe("memory", "get", time.Now())
	return m.lru.Get(key)
}

// Set implements Cache.
func (m *Memory) Set(_ context.Context, key string, val []byte) {
	defer observe("memory", "set", time.Now())
	m.lru.Add(key, val)
}

// Generation implements Cache.
func (m *Memory) Generation(context.Context) int64 { return m.gen.Load() }

// Bump implements Cache.
func (m *Memory) Bump(context.Context) { m.gen.Add(1) }

// Redis is a cache shared by every node. Any Redis error counts as a miss:
// a cache outage slows pages down, it never breaks them.
type Redis struct {
	rdb *redis.Client
	ttl time.Duration
}

// NewRedis caches in rdb for ttl.
func NewRedis(rdb *redis.Client, ttl time.Duration) *Redis { return &Redis{rdb: rdb, ttl: ttl} }

const (
	prefix  = "lectern:cache:"
	genKey  = "lectern:cache-generation"
	timeout = 200 * time.Millisecond
)

// Get implements Cache.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool) {
	defer observe("redis", "get", time.Now())
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	b, err := r.rdb.Get(ctx, prefix+key).Bytes()
	return b, err == nil
}

// Set implements Cache.
func (r *Redis) Set(ctx context.Context, key string, val []byte) {
	defer observe("redis", "set", time.Now())
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_ = r.rdb.Set(ctx, prefix+key, val, r.ttl).Err()
}

// Generation implements Cache; -1 when Redis does not answer (callers
// then skip the cache).
func (r *Redis) Generation(ctx context.Context) int64 {
	defer observe("redis", "generation", time.Now())
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s, err := r.rdb.Get(ctx, genKey).Result()
	if err == redis.Nil {
		return 0
	}
	if err != nil {
		return -1
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// Bump implements Cache.
func (r *Redis) Bump(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	_ = r.rdb.Incr(ctx, genKey).Err()
}
