// Package events carries small notices between the nodes of one Lectern
// ("course 12 changed", "video 7 progressed") so that every node drops its
// cached copy and every instructor's event stream hears about their video,
// whichever node did the work. On PostgreSQL it uses LISTEN/NOTIFY; with
// SQLite there is one node and delivery is in-process.
package events

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Event is one notice. Kind says what changed and ID which one.
type Event struct {
	Kind   string `json:"k"`
	ID     int64  `json:"id"`
	Origin string `json:"o,omitempty"` // the node that published it
}

// Kinds of events.
const (
	CourseChanged = "course"
	CatalogPurged = "catalog" // everything cached about courses is stale
	VideoChanged  = "video"
	UserRenamed   = "user" // a user's name changed: their courses show it
)

// Bus delivers events to every node's handlers, including this node's.
type Bus struct {
	node     string // this node's id, to skip our own notifications
	log      *slog.Logger
	pgURL    string // empty: in-process only
	notify   func(ctx context.Context, payload string) error
	mu       sync.RWMutex
	handlers []func(Event)
}

const channel = "lectern_events"

// NewLocal is the bus of a single node.
func NewLocal(log *slog.Logger) *Bus { return &Bus{log: log, node: nodeID()} }

func nodeID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NewPostgres is a bus over PostgreSQL LISTEN/NOTIFY; notify runs
// pg_notify on any pooled connection, and Run listens on its own.
func NewPostgres(log *slog.Logger, url string, notify func(ctx context.Context, channel, payload string) error) *Bus {
	return &Bus{log: log, node: nodeID(), pgURL: url, notify: func(ctx context.Context, p string) error { return notify(ctx, channel, p) }}
}

// Handle registers fn for every event.
func (b *Bus) Handle(fn func(Event)) {
	b.mu.Lock()
	b.handlers = append(b.handlers, fn)
	b.mu.Unlock()
}

func (b *Bus) deliver(e Event) {
	b.mu.RLock()
	hs := b.handlers
	b.mu.RUnlock()
	for _, h := range hs {
		h(e)
	}
}

// Publish delivers e on this node at once (a node reads its own writes)
// and sends it to the others. A failed notify is logged: at worst another
// node serves a cached page until its cache entry expires.
func (b *Bus) Publish(ctx context.Context, e Event) {
	b.deliver(e)
	if b.pgURL == "" {
		return
	}
	e.Origin = b.node
	payload, _ := json.Marshal(e)
	// Other nodes learn of it asynchronously: the caller never waits for a
	// database connection to notify.
	go func() {
		nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := b.notify(nctx, string(payload)); err != nil {
			b.log.Warn("publishing an event to other nodes failed", "event", e, "err", err)
		}
	}()
}

// Run listens for events from PostgreSQL until ctx ends, reconnecting
// after failures. Without PostgreSQL it returns at once.
func (b *Bus) Run(ctx context.Context) {
	if b.pgURL == "" {
		return
	}
	backoff := time.Second
	for ctx.Err() == nil {
		err := b.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		b.log.Warn("event listener lost its connection; reconnecting", "err", err, "in", backoff)
		// Anything may have changed while we were deaf.
		b.deliver(Event{Kind: CatalogPurged})
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

func (b *Bus) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, b.pgURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var e Event
		if err := json.Unmarshal([]byte(n.Payload), &e); err != nil {
			b.log.Warn("ignoring a malformed event", "payload", n.Payload)
			continue
		}
		if e.Origin == b.node {
			continue // delivered here when published
		}
		b.deliver(e)
	}
}
