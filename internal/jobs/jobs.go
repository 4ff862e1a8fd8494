// Package jobs is Lectern's durable job queue: River, on PostgreSQL through
// database/sql and on SQLite through River's SQLite driver, so a job
// inserted in a transaction exists exactly when the change that needs it
// committed, and survives crashes and restarts.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/lectern/lectern/internal/store"
)

// Client is the River client type Lectern uses.
type Client = river.Client[*sql.Tx]

func driver(db *store.DB) riverdriver.Driver[*sql.Tx] {
	if db.Dialect == store.SQLite {
		return riversqlite.New(db.WritePool())
	}
	return riverdatabasesql.New(db.WritePool())
}

// Migrate creates or upgrades River's tables.
func Migrate(ctx context.Context, db *store.DB, log *slog.Logger) error {
	m, err := rivermigrate.New(driver(db), &rivermigrate.Config{Logger: quiet(log)})
	if err != nil {
		return err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	for _, v := range res.Versions {
		log.Info("job queue migration applied", "version", v.Version)
	}
	return nil
}

// TranscodeQueue is the queue of video transcodes: a node fetches a few
// more of them than it runs, so its limiter can choose whose turn it is,
// and they never hold up other jobs (announcements, repackaging).
const TranscodeQueue = "transcode"

// Options configure a client.
type Options struct {
	Workers *river.Workers
	// Work says whether this process works jobs (serve and worker) or
	// only inserts them.
	Work bool
	// Concurrency is how many transcodes run at once. The transcode queue
	// fetches four times as many, which wait for a fair turn (see the
	// media package's limiter); other jobs have the default queue.
	Concurrency int
}

// New makes a River client. It does not start working until Start.
func New(db *store.DB, log *slog.Logger, o Options) (*Client, error) {
	cfg := &river.Config{
		Logger:      quiet(log),
		MaxAttempts: 5,
		// A killed worker's job is noticed by the video heartbeat sweeper
		// (media package) long before this; this is the last resort.
		RescueStuckJobsAfter: 6 * time.Hour,
		JobTimeout:           -1, // each worker sets its own
		Workers:              o.Workers,
	}
	if o.Work {
		cfg.Queues = map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: 4},
			TranscodeQueue:     {MaxWorkers: 4 * max(1, o.Concurrency)},
		}
		if db.Dialect == store.SQLite {
			cfg.PollOnly = true // no LISTEN/NOTIFY in SQLite
			cfg.FetchPollInterval = 500 * time.Millisecond
		}
	}
	return river.NewClient(driver(db), cfg)
}

// quiet keeps River's routine messages out of the info log.
func quiet(log *slog.Logger) *slog.Logger {
	return slog.New(levelFloor{log.Handler(), slog.LevelWarn})
}

type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelFloor) WithAttrs(attrs []slog.Attr) slog.Handler {
	return levelFloor{h.Handler.WithAttrs(attrs), h.min}
}

func (h levelFloor) WithGroup(name string) slog.Handler {
	return levelFloor{h.Handler.WithGroup(name), h.min}
}
