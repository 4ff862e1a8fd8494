package cache

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/lectern/lectern/internal/testdb"
)

func exercise(t *testing.T, c Cache, key string) {
	ctx := context.Background()
	g := c.Generation(ctx)
	if g < 0 {
		t.Fatal("generation unavailable")
	}
	if _, ok := c.Get(ctx, key); ok {
		t.Fatal("hit on an empty cache")
	}
	c.Set(ctx, key, []byte("value"))
	if b, ok := c.Get(ctx, key); !ok || string(b) != "value" {
		t.Fatalf("Get = %q, %v", b, ok)
	}
	c.Bump(ctx)
	if c.Generation(ctx) <= g {
		t.Error("Bump did not start a new generation")
	}
}

func TestMemory(t *testing.T) {
	exercise(t, NewMemory(10, time.Minute), "k")
}

func TestRedisIsShared(t *testing.T) {
	u := os.Getenv("LECTERN_TEST_REDIS_URL")
	if u == "" {
		testdb.Require(t, "SKIP: set LECTERN_TEST_REDIS_URL to test the Redis cache")
	}
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	key := "test-" + time.Now().Format(time.RFC3339Nano)
	a, b := NewRedis(rdb, time.Minute), NewRedis(rdb, time.Minute)
	exercise(t, a, key)
	if v, ok := b.Get(context.Background(), key); !ok || string(v) != "value" {
		t.Errorf("another node does not see the entry: %q %v", v, ok)
	}
	if a.Generation(context.Background()) != b.Generation(context.Background()) {
		t.Error("nodes disagree on the generation")
	}
	down := NewRedis(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 50 * time.Millisecond}), time.Minute)
	if down.Generation(context.Background()) != -1 {
		t.Error("a Redis that does not answer gives a generation")
	}
	if _, ok := down.Get(context.Background(), key); ok {
		t.Error("a Redis that does not answer gives a hit")
	}
}
