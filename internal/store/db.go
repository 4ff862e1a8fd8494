// Package store is Lectern's data access for both databases: SQLite (the
// embedded default) and PostgreSQL. SQL is hand-written with $N placeholders,
// which both drivers understand; where the dialects differ, the two versions
// sit side by side.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite" // registers the pure-Go "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the SQL dialect of a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a unique constraint would be violated.
var ErrConflict = errors.New("conflict")

// DB holds the connection pools. On SQLite writes go through a pool of one
// connection (SQLite allows one writer; queuing in Go beats SQLITE_BUSY) while
// reads use many; on PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	// Statements prepared once (see coursesByIDs).
	prepMu sync.Mutex
	// Statements prepared once (see prepareOnce).
	byIDs, cardsByIDs atomic.Pointer[sql.Stmt]
}

// Open connects to a sqlite:///path or postgres:// URL.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite://"):
		return openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite://"))
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	}
	return nil, fmt.Errorf("unsupported database URL %q", rawURL)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// WAL lets readers run beside the writer; busy_timeout absorbs the rare
	// checkpoint contention; foreign keys are off by default in SQLite.
	pragmas := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	// Readers map the file (fewer read syscalls) and keep a larger page
	// cache each; 8 of them share the OS page cache.
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)&_pragma=mmap_size(1073741824)&_pragma=cache_size(-16000)")
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	db := &DB{Dialect: SQLite, read: read, write: write}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{Dialect: Postgres, read: pool, write: pool}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Ping checks that the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return err
	}
	return db.read.PingContext(ctx)
}

// Close closes both pools.
func (db *DB) Close() error {
	var err error
	for _, p := range []*atomic.Pointer[sql.Stmt]{&db.byIDs, &db.cardsByIDs} {
		if s := p.Load(); s != nil {
			err = errors.Join(err, s.Close())
		}
	}
	err = errors.Join(err, db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Migrate applies every pending migration of this dialect, each in its own
// transaction. On PostgreSQL a session lock keeps concurrent nodes from
// migrating at once.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	// Migrations of independent features are numbered in ranges and may land
	// in any order; a database that has a later one still gets an earlier one
	// added afterwards.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true)}
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.write, sub, opts...)
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", filepath.Base(r.Source.Path), "took", r.Duration)
	}
	return nil
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is a write transaction. Store methods that take a Tx run inside it.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	after   []func()
}

// AfterCommit runs fn once the transaction has committed (never if it rolls
// back): cache invalidation and notifications belong there, not inside the
// transaction, where they would announce uncommitted data and could wait
// for a second pooled connection while holding the first.
func (tx *Tx) AfterCommit(fn func()) { tx.after = append(tx.after, fn) }

// InTx runs fn in a write transaction, committing when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqlTx, dialect: db.Dialect}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return err
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

// now is the clock for stored times: UTC and microsecond precision, so a
// time reads back equal from either database.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// isUniqueViolation recognises a unique-constraint error from either driver,
// so callers see ErrConflict rather than driver types.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" // unique_violation
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		code := liteErr.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// nullTime scans a nullable time column.
func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

// WritePool is the pool that writes go through; the job queue (River) runs
// on it, so on SQLite it shares the single writer with everything else.
func (db *DB) WritePool() *sql.DB { return db.write }

// SQL is the transaction underneath, for libraries that insert in the same
// transaction (River's InsertTx).
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// Notify sends a PostgreSQL notification on channel.
func (db *DB) Notify(ctx context.Context, channel, payload string) error {
	_, err := db.write.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload)
	return err
}
