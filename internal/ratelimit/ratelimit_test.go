package ratelimit

import (
	"context"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/config"
)

func TestMemoryLimiter(t *testing.T) {
	ctx := context.Background()
	clock := time.Unix(1_000_000, 0)
	m := NewMemory(map[string]config.Rate{"login": {Count: 3, Period: time.Minute}})
	m.now = func() time.Time { return clock }
	for i := 0; i < 3; i++ {
		if ok, _, _ := m.Allow(ctx, "login", "1.2.3.4"); !ok {
			t.Fatalf("event %d refused", i+1)
		}
	}
	ok, retry, _ := m.Allow(ctx, "login", "1.2.3.4")
	if ok || retry != 20*time.Second {
		t.Fatalf("4th event: ok=%v retry=%v, want refused with 20s", ok, retry)
	}
	if blocked, _, _ := m.Blocked(ctx, "login", "1.2.3.4"); !blocked {
		t.Error("Blocked = false after exhausting")
	}
	if ok, _, _ := m.Allow(ctx, "login", "5.6.7.8"); !ok {
		t.Error("another key was limited")
	}
	if ok, _, _ := m.Allow(ctx, "unconfigured", "1.2.3.4"); !ok {
		t.Error("an unconfigured name was limited")
	}
	clock = clock.Add(20 * time.Second)
	if ok, _, _ := m.Allow(ctx, "login", "1.2.3.4"); !ok {
		t.Error("no event allowed after the refill interval")
	}
	// Idle buckets are forgotten after their period.
	clock = clock.Add(2 * time.Minute)
	m.Allow(ctx, "login", "9.9.9.9")
	m.mu.Lock()
	n := len(m.buckets)
	m.mu.Unlock()
	if n != 1 {
		t.Errorf("%d buckets kept, want 1", n)
	}
}

func TestMemoryReset(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(map[string]config.Rate{"login_account": {Count: 1, Period: time.Hour}})
	m.Allow(ctx, "login_account", "a@x.io")
	if blocked, _, _ := m.Blocked(ctx, "login_account", "a@x.io"); !blocked {
		t.Fatal("not blocked after one failure")
	}
	_ = m.Reset(ctx, "login_account", "a@x.io")
	if blocked, _, _ := m.Blocked(ctx, "login_account", "a@x.io"); blocked {
		t.Error("still blocked after Reset")
	}
}
