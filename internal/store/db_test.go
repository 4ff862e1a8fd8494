package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

func TestMigrateIsIdempotent(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		if err := db.Migrate(t.Context(), quiet); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if n, err := db.CountUsers(t.Context()); err != nil || n != 0 {
			t.Fatalf("CountUsers = %d, %v; want 0, nil", n, err)
		}
	})
}

func TestInTxCommitsOrRollsBack(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		boom := errors.New("boom")
		var ranAfter bool
		err := db.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ranAfter = true })
			if _, err := tx.CreateUser(ctx, store.NewUser{Email: "gone@x.io", Name: "G", PasswordHash: "h"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || ranAfter {
			t.Errorf("rolled back: err %v, after-commit ran %v", err, ranAfter)
		}
		if _, err := db.UserByEmail(ctx, "gone@x.io"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a rolled-back insert is visible: %v", err)
		}
		var seenInside int
		err = db.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() {
				// After commit, the row is visible to other connections.
				n, err := db.CountUsers(ctx)
				if err != nil || n != 1 {
					t.Errorf("CountUsers in AfterCommit = %d, %v", n, err)
				}
				ranAfter = true
			})
			if _, err := tx.CreateUser(ctx, store.NewUser{Email: "kept@x.io", Name: "K", PasswordHash: "h"}); err != nil {
				return err
			}
			// SQL is the same transaction: it sees the uncommitted row.
			return tx.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = 'kept@x.io'`).Scan(&seenInside)
		})
		if err != nil || !ranAfter || seenInside != 1 {
			t.Errorf("committed: err %v, after-commit ran %v, row seen through tx.SQL() %d times", err, ranAfter, seenInside)
		}
	})
}

func TestPoolsPingAndClose(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := t.Context()
		db, err := store.Open(ctx, target.URL)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx, quiet); err != nil {
			t.Fatal(err)
		}
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
		mkUser(t, db, "p@x.io")
		var n int
		if err := db.WritePool().QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil || n != 1 {
			t.Errorf("WritePool count = %d, %v", n, err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := db.Ping(ctx); err == nil {
			t.Error("Ping after Close succeeded")
		}
	})
	if _, err := store.Open(context.Background(), "mysql://x"); err == nil {
		t.Error("Open accepted an unsupported URL")
	}
}

// Notify is PostgreSQL's NOTIFY; SQLite has none and reports an error.
func TestNotify(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if db.Dialect == store.SQLite {
			if err := db.Notify(ctx, "lectern_test", "x"); err == nil {
				t.Error("Notify on SQLite succeeded")
			}
			return
		}
		listener, err := sql.Open("pgx", testdb.Postgres(t).URL)
		if err != nil {
			t.Fatal(err)
		}
		defer listener.Close()
		conn, err := listener.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		err = conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			if _, err := pc.Exec(ctx, `LISTEN lectern_test`); err != nil {
				return err
			}
			if err := db.Notify(ctx, "lectern_test", "hello"); err != nil {
				return err
			}
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			n, err := pc.WaitForNotification(wctx)
			if err != nil {
				return err
			}
			if n.Channel != "lectern_test" || n.Payload != "hello" {
				t.Errorf("notification = %+v", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
