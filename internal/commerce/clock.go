package commerce

import (
	"context"
	"sync"
	"time"

	"github.com/lectern/lectern/internal/store"
)

// Clock tells the time subscriptions are judged by. Production uses the
// system clock; the built-in provider's test mode uses a TestClock that
// tests (and the browser test) move forward to see renewals, failed
// payments and the end of a period without waiting a month.
type Clock interface{ Now() time.Time }

// SystemClock is the wall clock.
type SystemClock struct{}

// Now implements Clock.
func (SystemClock) Now() time.Time { return time.Now() }

// TestClock is the wall clock plus an offset that only grows.
type TestClock struct {
	mu      sync.Mutex
	offset  time.Duration
	stopped *time.Time
}

// Now implements Clock.
func (c *TestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped != nil {
		return c.stopped.Add(c.offset)
	}
	return time.Now().Add(c.offset)
}

// Stop holds the clock at its present reading; from then on only Advance
// moves it. Tests that judge a boundary to the second (a sale's refund
// window ending) stop it first.
func (c *TestClock) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped == nil {
		t := time.Now()
		c.stopped = &t
	}
}

// Advance moves the clock forward by d.
func (c *TestClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	c.offset += max(d, 0)
	c.mu.Unlock()
	return c.Now()
}

// SubscriptionAccess answers the access policy's question "does this
// user's subscription cover this course?": the course is opted in and the
// user has a subscription whose access lasts past now. It is built before
// the policy (the commerce service needs the policy), from the store and
// the clock alone.
type SubscriptionAccess struct {
	DB    *store.DB
	Clock Clock
}

// Covers implements access.Subscriptions.
func (a SubscriptionAccess) Covers(ctx context.Context, userID int64, c *store.Course) (bool, error) {
	in, err := a.DB.InSubscription(ctx, c.ID)
	if err != nil || !in {
		return false, err
	}
	return a.DB.HasSubscriptionAccess(ctx, userID, a.Clock.Now())
}
