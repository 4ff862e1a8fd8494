package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

func TestIdentities(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		u, err := db.CreateUser(ctx, store.NewUser{Email: "i@x.io", Name: "I", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		// An account made through a provider has no password.
		v, err := db.CreateUser(ctx, store.NewUser{Email: "p@x.io", Name: "P"})
		if err != nil {
			t.Fatal(err)
		}
		link := func(i store.Identity) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return tx.LinkIdentity(ctx, i) })
		}
		unlink := func(uid int64, provider string) (int, error) {
			var n int
			err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				n, err = tx.UnlinkIdentity(ctx, uid, provider)
				return err
			})
			return n, err
		}
		for _, i := range []store.Identity{
			{Provider: "github", Subject: "gh-1", UserID: u.ID, Email: "i@gh.io"},
			{Provider: "google", Subject: "go-1", UserID: u.ID, Email: "i@go.io"},
			{Provider: "github", Subject: "gh-2", UserID: v.ID, Email: "p@gh.io"},
			{Provider: "google", Subject: "go-2", UserID: v.ID, Email: "p@go.io"},
		} {
			if err := link(i); err != nil {
				t.Fatalf("LinkIdentity(%+v): %v", i, err)
			}
		}
		if err := link(store.Identity{Provider: "github", Subject: "gh-1", UserID: v.ID}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("subject linked twice: err = %v, want ErrConflict", err)
		}
		if err := link(store.Identity{Provider: "github", Subject: "gh-3", UserID: u.ID}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second identity of one provider: err = %v, want ErrConflict", err)
		}

		i, err := db.IdentityBySubject(ctx, "github", "gh-1")
		if err != nil || i.UserID != u.ID || i.Provider != "github" || i.Subject != "gh-1" || i.Email != "i@gh.io" || i.CreatedAt.IsZero() {
			t.Errorf("IdentityBySubject = %+v, %v", i, err)
		}
		if _, err := db.IdentityBySubject(ctx, "google", "gh-1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("subject of another provider: err = %v, want ErrNotFound", err)
		}
		if _, err := db.IdentityBySubject(ctx, "github", "gh-3"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unlinked subject: err = %v, want ErrNotFound", err)
		}

		ids, err := db.IdentitiesOf(ctx, u.ID)
		if err != nil || len(ids) != 2 || ids[0].Provider != "github" || ids[1].Provider != "google" || ids[1].UserID != u.ID {
			t.Fatalf("IdentitiesOf(u) = %v, %v; want github, google", ids, err)
		}
		if ids, err := db.IdentitiesOf(ctx, 999); err != nil || len(ids) != 0 {
			t.Errorf("IdentitiesOf(missing) = %v, %v; want none", ids, err)
		}

		// u keeps google and a password.
		if n, err := unlink(u.ID, "github"); err != nil || n != 2 {
			t.Errorf("UnlinkIdentity(u, github) = %d, %v; want 2 remaining", n, err)
		}
		if _, err := db.IdentityBySubject(ctx, "github", "gh-1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unlinked identity still found: err = %v", err)
		}
		if _, err := unlink(u.ID, "github"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unlink twice: err = %v, want ErrNotFound", err)
		}
		// v has no password: only google remains.
		if n, err := unlink(v.ID, "github"); err != nil || n != 1 {
			t.Errorf("UnlinkIdentity(v, github) = %d, %v; want 1 remaining", n, err)
		}
		if ids, err := db.IdentitiesOf(ctx, v.ID); err != nil || len(ids) != 1 || ids[0].Subject != "go-2" {
			t.Errorf("IdentitiesOf(v) = %v, %v; want [go-2]", ids, err)
		}
		// The freed subject can be linked again.
		if err := link(store.Identity{Provider: "github", Subject: "gh-1", UserID: v.ID}); err != nil {
			t.Errorf("relink freed subject: %v", err)
		}
	})
}
