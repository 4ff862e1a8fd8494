package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

func open(t *testing.T, target testdb.Target) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, target.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestMigrateIsIdempotent(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		db := open(t, target)
		if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if n, err := db.CountUsers(context.Background()); err != nil || n != 0 {
			t.Fatalf("CountUsers = %d, %v; want 0, nil", n, err)
		}
	})
}

func TestUsers(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		u, err := db.CreateUser(ctx, store.NewUser{Email: "ann@example.com", Name: "Ann", PasswordHash: "h", Roles: []string{"instructor", "instructor"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := u.Roles; len(got) != 2 || got[0] != "instructor" || got[1] != "student" {
			t.Errorf("roles = %v, want [instructor student]", got)
		}
		if _, err := db.CreateUser(ctx, store.NewUser{Email: "ann@example.com", Name: "Other", PasswordHash: "h"}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate email: err = %v, want ErrConflict", err)
		}
		got, err := db.UserByEmail(ctx, "ann@example.com")
		if err != nil || got.ID != u.ID || !got.CreatedAt.Equal(u.CreatedAt) {
			t.Fatalf("UserByEmail = %+v, %v", got, err)
		}
		if _, err := db.UserByID(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing user: err = %v, want ErrNotFound", err)
		}
		name := "Ann B"
		if u2, err := db.UpdateProfile(ctx, u.ID, store.ProfileUpdate{Name: &name}); err != nil || u2.Name != name || u2.Headline != "" {
			t.Errorf("UpdateProfile = %+v, %v", u2, err)
		}
		headline := "Teaches Go"
		err = db.InTx(ctx, func(tx *store.Tx) error {
			u3, err := tx.UpdateProfile(ctx, u.ID, store.ProfileUpdate{Headline: &headline})
			if err != nil || u3.Headline != headline || u3.Name != name || u3.PasswordHash != "h" {
				t.Errorf("tx.UpdateProfile = %+v, %v; want headline set, name and password kept", u3, err)
			}
			if _, err := tx.UpdateProfile(ctx, 999, store.ProfileUpdate{Headline: &headline}); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("tx.UpdateProfile(missing): err = %v, want ErrNotFound", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.Headline != headline {
			t.Errorf("headline after tx.UpdateProfile = %+v, %v", got, err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			d, err := tx.SetDisabled(ctx, u.ID, true)
			if err != nil || d.DisabledAt == nil {
				t.Errorf("SetDisabled(true) = %+v, %v", d, err)
			}
			d, err = tx.SetDisabled(ctx, u.ID, false)
			if err != nil || d.DisabledAt != nil {
				t.Errorf("SetDisabled(false) = %+v, %v", d, err)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestListUsersPaginates(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		for _, e := range []string{"a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f_1@y.io"} {
			if _, err := db.CreateUser(ctx, store.NewUser{Email: e, Name: "N " + e, PasswordHash: "h"}); err != nil {
				t.Fatal(err)
			}
		}
		var seen []string
		var cursor *store.UserCursor
		for {
			page, err := db.ListUsers(ctx, "", cursor, 4)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range page.Items {
				seen = append(seen, u.Email)
			}
			if page.Next == nil {
				break
			}
			cursor = page.Next
		}
		want := []string{"f_1@y.io", "e@x.io", "d@x.io", "c@x.io", "b@x.io", "a@x.io"}
		if len(seen) != len(want) {
			t.Fatalf("paged through %v, want %v", seen, want)
		}
		for i := range want {
			if seen[i] != want[i] {
				t.Fatalf("paged through %v, want %v", seen, want)
			}
		}
		// "_" is a LIKE wildcard; the search must treat it literally.
		page, err := db.ListUsers(ctx, "F_1", nil, 10)
		if err != nil || len(page.Items) != 1 || page.Items[0].Email != "f_1@y.io" {
			t.Errorf("search f_1 = %v, %v", page, err)
		}
		page, err = db.ListUsers(ctx, "_", nil, 10)
		if err != nil || len(page.Items) != 1 {
			t.Errorf("search _ found %d users, want 1 (%v)", len(page.Items), err)
		}
	})
}

func TestRefreshTokenSpendsOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		u, err := db.CreateUser(ctx, store.NewUser{Email: "t@x.io", Name: "T", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		hash := []byte("0123456789abcdef0123456789abcdef")
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertRefreshToken(ctx, u.ID, "fam", hash, time.Now().Add(time.Hour)); err != nil {
				return err
			}
			rt, err := tx.RefreshTokenByHash(ctx, hash)
			if err != nil {
				return err
			}
			if ok, err := tx.SpendRefreshToken(ctx, rt.ID); err != nil || !ok {
				t.Errorf("first spend = %v, %v; want true", ok, err)
			}
			if ok, err := tx.SpendRefreshToken(ctx, rt.ID); err != nil || ok {
				t.Errorf("second spend = %v, %v; want false", ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestUserTokens(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		u, err := db.CreateUser(ctx, store.NewUser{Email: "t@x.io", Name: "T", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		old, fresh, expired := []byte("old-token-hash"), []byte("fresh-token-hash"), []byte("expired-token-hash")
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertUserToken(ctx, u.ID, store.PurposePasswordReset, old, time.Now().Add(time.Hour)); err != nil {
				return err
			}
			if err := tx.InsertUserToken(ctx, u.ID, store.PurposePasswordReset, fresh, time.Now().Add(time.Hour)); err != nil {
				return err
			}
			return tx.InsertUserToken(ctx, u.ID, store.PurposeEmailVerify, expired, time.Now().Add(-time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		spend := func(purpose string, h []byte) (int64, error) {
			var id int64
			err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				id, err = tx.SpendUserToken(ctx, purpose, h)
				return err
			})
			return id, err
		}
		if _, err := spend(store.PurposePasswordReset, old); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("superseded token: %v, want ErrNotFound", err)
		}
		if _, err := spend(store.PurposeEmailVerify, fresh); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token for another purpose: %v, want ErrNotFound", err)
		}
		if id, err := spend(store.PurposePasswordReset, fresh); err != nil || id != u.ID {
			t.Errorf("fresh token = %d, %v", id, err)
		}
		if _, err := spend(store.PurposePasswordReset, fresh); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("spent twice: %v, want ErrNotFound", err)
		}
		if _, err := spend(store.PurposeEmailVerify, expired); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired token: %v, want ErrNotFound", err)
		}
	})
}
