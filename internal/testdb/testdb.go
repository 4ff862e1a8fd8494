// Package testdb gives each test a fresh, real database: a temporary SQLite
// file always, and a private schema on the PostgreSQL server named by
// LECTERN_TEST_POSTGRES_URL when it is set. ForEach runs one test body
// against each, so every store and API test covers both dialects.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Target is one database a test can run against.
type Target struct {
	Name string // "sqlite" or "postgres"
	URL  string // a fresh, empty database for this test
}

// ForEach runs fn as a subtest once per available database.
func ForEach(t *testing.T, fn func(t *testing.T, target Target)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, SQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, Postgres(t))
	})
}

// SQLite returns a URL for a new SQLite file in the test's temp dir.
func SQLite(t testing.TB) Target {
	return Target{Name: "sqlite", URL: "sqlite://" + filepath.ToSlash(filepath.Join(t.TempDir(), "test.db"))}
}

// Postgres returns a URL whose search_path is a new schema, dropped when the
// test ends. Without LECTERN_TEST_POSTGRES_URL the test is skipped, or fails
// under CI=true where nothing may be skipped.
func Postgres(t testing.TB) Target {
	base := os.Getenv("LECTERN_TEST_POSTGRES_URL")
	if base == "" {
		Require(t, "SKIP: set LECTERN_TEST_POSTGRES_URL to a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL half of this test")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("creating schema on %s: %v", base, err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return Target{Name: "postgres", URL: u.String()}
}

// Require skips the test with msg, or fails it when CI=true: in CI every
// tool and server must be present.
func Require(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: nothing may be skipped)")
	}
	t.Skip(msg)
}

// S3 returns a storage URL for a new, empty bucket on an S3-compatible
// server: the one named by LECTERN_TEST_S3_URL (s3://bucket?endpoint=…,
// credentials from the environment) when set, else an in-process fake
// (gofakes3) that lives as long as the test.
func S3(t testing.TB) string {
	t.Helper()
	if u := os.Getenv("LECTERN_TEST_S3_URL"); u != "" {
		return u
	}
	backend := s3mem.New()
	faker := gofakes3.New(backend)
	srv := httptest.NewServer(faker.Server())
	t.Cleanup(srv.Close)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	bucket := "lectern-test-" + hex.EncodeToString(b)
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("s3://%s?region=us-east-1&use_path_style=true&disable_https=true&anonymous=true&endpoint=%s", bucket, url.QueryEscape(srv.URL))
}

// StripeMock runs stripe-mock (go install github.com/stripe/stripe-mock@v0.203.0)
// on a free port for the rest of the test and returns its base URL.
func StripeMock(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("stripe-mock")
	if err != nil {
		bin = filepath.Join(os.Getenv("HOME"), "go", "bin", "stripe-mock")
		if _, serr := os.Stat(bin); serr != nil {
			Require(t, "SKIP: install stripe-mock (go install github.com/stripe/stripe-mock@v0.203.0)")
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "-http-port", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// Up to 20 s: on a loaded machine two copies starting at once are slow.
	for range 400 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("stripe-mock did not start")
	return ""
}
