package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestUsers(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
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
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.Email != "ann@example.com" || got.Name != "Ann" {
			t.Errorf("UserByID = %+v, %v", got, err)
		}
		if _, err := db.UserByID(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing user: err = %v, want ErrNotFound", err)
		}
		name := "Ann B"
		if u2, err := db.UpdateProfile(ctx, u.ID, store.ProfileUpdate{Name: &name}); err != nil || u2.Name != name || u2.Headline != "" || u2.PasswordHash != "h" {
			t.Errorf("UpdateProfile = %+v, %v", u2, err)
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

func TestUserRolesAndCount(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if n, err := db.CountUsers(ctx); err != nil || n != 0 {
			t.Fatalf("CountUsers on an empty database = %d, %v", n, err)
		}
		u := mkUser(t, db, "r@x.io")
		mkUser(t, db, "s@x.io")
		if n, err := db.CountUsers(ctx); err != nil || n != 2 {
			t.Errorf("CountUsers = %d, %v; want 2", n, err)
		}
		got, err := db.AddRole(ctx, u.ID, store.RoleAdmin)
		if err != nil || !slices.Equal(got.Roles, []string{"admin", "student"}) {
			t.Errorf("AddRole = %v, %v", got.Roles, err)
		}
		if got, err := db.AddRole(ctx, u.ID, store.RoleAdmin); err != nil || len(got.Roles) != 2 {
			t.Errorf("AddRole twice = %v, %v; want it idempotent", got.Roles, err)
		}
		if _, err := db.AddRole(ctx, 999, store.RoleAdmin); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("AddRole of a missing user: %v", err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.SetRoles(ctx, u.ID, []string{store.RoleInstructor})
			if err != nil || !slices.Equal(got.Roles, []string{"instructor", "student"}) {
				t.Errorf("SetRoles = %v, %v; want instructor and the implied student", got.Roles, err)
			}
			back, err := tx.UserByID(ctx, u.ID)
			if err != nil || !back.HasRole(store.RoleInstructor) || back.HasRole(store.RoleAdmin) {
				t.Errorf("tx.UserByID after SetRoles = %+v, %v", back, err)
			}
			return nil
		})
	})
}

func TestUserInTxEmailAndPassword(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		var u *store.User
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			u, err = tx.CreateUser(ctx, store.NewUser{Email: "v@x.io", Name: "V", PasswordHash: "old"})
			if err != nil {
				return err
			}
			if u.EmailVerifiedAt != nil {
				t.Errorf("a new user is verified: %v", u.EmailVerifiedAt)
			}
			if _, err := tx.CreateUser(ctx, store.NewUser{Email: "w@x.io", Name: "W", PasswordHash: "h", EmailVerified: true}); err != nil {
				return err
			}
			if err := tx.MarkEmailVerified(ctx, u.ID); err != nil {
				return err
			}
			return tx.InsertRefreshToken(ctx, u.ID, "fam", []byte("session-token-hash"), time.Now().Add(time.Hour))
		})
		first, err := db.UserByID(ctx, u.ID)
		if err != nil || first.EmailVerifiedAt == nil {
			t.Fatalf("after MarkEmailVerified: %+v, %v", first, err)
		}
		if w, err := db.UserByEmail(ctx, "w@x.io"); err != nil || w.EmailVerifiedAt == nil {
			t.Errorf("EmailVerified user = %+v, %v", w, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			// A second verification keeps the first time.
			if err := tx.MarkEmailVerified(ctx, u.ID); err != nil {
				return err
			}
			return tx.SetPasswordHash(ctx, u.ID, "new", "")
		})
		after, err := db.UserByID(ctx, u.ID)
		if err != nil || after.PasswordHash != "new" || !after.EmailVerifiedAt.Equal(*first.EmailVerifiedAt) {
			t.Errorf("after SetPasswordHash: %+v, %v", after, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			rt, err := tx.RefreshTokenByHash(ctx, []byte("session-token-hash"))
			if err != nil || rt.RevokedAt == nil {
				t.Errorf("a password change leaves the session's token alive: %+v, %v", rt, err)
			}
			return nil
		})
	})
}

func TestListUsersPaginates(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		for _, e := range []string{"a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f_1@y.io"} {
			mkUser(t, db, e)
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
		if !slices.Equal(seen, want) {
			t.Fatalf("paged through %v, want %v", seen, want)
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

// tx.UpdateProfile changes only what it is given, inside a transaction.
func TestTxUpdateProfile(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mkUser(t, db, "p@x.io")
		headline := "Teaches Go"
		inTx(t, db, func(tx *store.Tx) error {
			u2, err := tx.UpdateProfile(ctx, u.ID, store.ProfileUpdate{Headline: &headline})
			if err != nil || u2.Headline != headline || u2.Name != u.Name || u2.PasswordHash != u.PasswordHash {
				t.Errorf("tx.UpdateProfile = %+v, %v; want the headline set, name and password kept", u2, err)
			}
			if _, err := tx.UpdateProfile(ctx, 999999, store.ProfileUpdate{Headline: &headline}); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("tx.UpdateProfile of a missing user: %v, want ErrNotFound", err)
			}
			return nil
		})
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.Headline != headline {
			t.Errorf("after tx.UpdateProfile: %+v, %v", got, err)
		}
	})
}
