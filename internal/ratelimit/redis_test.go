package ratelimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
)

func redisClient(t *testing.T) *redis.Client {
	u := os.Getenv("LECTERN_TEST_REDIS_URL")
	if u == "" {
		testdb.Require(t, "SKIP: set LECTERN_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test the shared rate limiter")
	}
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func TestRedisLimiterIsShared(t *testing.T) {
	rdb := redisClient(t)
	ctx := context.Background()
	rates := map[string]config.Rate{"login": {Count: 4, Period: time.Minute}}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	key := "ip-" + hex.EncodeToString(b)
	nodeA, nodeB := NewRedis(rdb, rates), NewRedis(rdb, rates)
	for i, l := range []*Redis{nodeA, nodeB, nodeA, nodeB} {
		if ok, _, err := l.Allow(ctx, "login", key); !ok || err != nil {
			t.Fatalf("event %d refused: %v", i+1, err)
		}
	}
	ok, retry, err := nodeB.Allow(ctx, "login", key)
	if ok || err != nil || retry < time.Second {
		t.Errorf("5th event across two nodes: ok=%v retry=%v err=%v", ok, retry, err)
	}
	if blocked, _, _ := nodeA.Blocked(ctx, "login", key); !blocked {
		t.Error("Blocked = false on an exhausted key")
	}
	if blocked, _, _ := nodeA.Blocked(ctx, "login", key+"-other"); blocked {
		t.Error("a fresh key is blocked")
	}
}

func TestRedisDownFailsClosedForLogin(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 100 * time.Millisecond, MaxRetries: -1})
	defer rdb.Close()
	l := NewRedis(rdb, map[string]config.Rate{"login": {Count: 5, Period: time.Minute}, "checkout": {Count: 5, Period: time.Minute}})
	if ok, _, err := l.Allow(context.Background(), "login", "k"); ok || !errors.Is(err, ErrLimiterDown) {
		t.Errorf("login with Redis down: ok=%v err=%v", ok, err)
	}
	if ok, _, err := l.Allow(context.Background(), "checkout", "k"); !ok || err != nil {
		t.Errorf("checkout with Redis down: ok=%v err=%v", ok, err)
	}
}

// A password reset empties the account's failed-login bucket on every node.
func TestRedisReset(t *testing.T) {
	rdb := redisClient(t)
	ctx := context.Background()
	l := NewRedis(rdb, map[string]config.Rate{"login_account": {Count: 2, Period: time.Hour}})
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	key := "acct-" + hex.EncodeToString(b)
	l.Allow(ctx, "login_account", key)
	l.Allow(ctx, "login_account", key)
	if blocked, _, _ := l.Blocked(ctx, "login_account", key); !blocked {
		t.Fatal("not blocked after two failures")
	}
	if err := l.Reset(ctx, "login_account", key); err != nil {
		t.Fatal(err)
	}
	if blocked, _, _ := l.Blocked(ctx, "login_account", key); blocked {
		t.Error("still blocked after Reset")
	}
}
