package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// live reports whether session id is live, read inside a transaction.
func live(t *testing.T, db *store.DB, id string) bool {
	t.Helper()
	var ok bool
	if err := db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		ok, err = tx.SessionLive(context.Background(), id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return ok
}

// revoked reports whether the refresh token with hash h has been revoked.
func revoked(t *testing.T, db *store.DB, h []byte) bool {
	t.Helper()
	var rt *store.RefreshToken
	if err := db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		rt, err = tx.RefreshTokenByHash(context.Background(), h)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return rt.RevokedAt != nil
}

func TestSessions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		u, err := db.CreateUser(ctx, store.NewUser{Email: "s@x.io", Name: "S", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.CreateUser(ctx, store.NewUser{Email: "v@x.io", Name: "V", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		exp := time.Now().Add(time.Hour)
		err = db.InTx(ctx, func(tx *store.Tx) error {
			for _, s := range []struct {
				id  string
				uid int64
			}{{"s1", u.ID}, {"s2", u.ID}, {"s3", u.ID}, {"v1", v.ID}} {
				if err := tx.InsertSession(ctx, s.id, s.uid, "ua-"+s.id, "10.0.0.1"); err != nil {
					return err
				}
				if err := tx.InsertRefreshToken(ctx, s.uid, s.id, []byte("rt-"+s.id), exp); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"s1", "s2", "s3", "v1"} {
			if !live(t, db, id) {
				t.Errorf("session %s not live after InsertSession", id)
			}
		}
		if live(t, db, "nope") {
			t.Error("unknown session reported live")
		}

		time.Sleep(5 * time.Millisecond)
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if ok, err := tx.TouchSession(ctx, "s1", "ua-new", "10.0.0.9"); err != nil || !ok {
				t.Errorf("TouchSession(s1) = %v, %v; want true", ok, err)
			}
			if ok, err := tx.TouchSession(ctx, "nope", "ua", "ip"); err != nil || ok {
				t.Errorf("TouchSession(unknown) = %v, %v; want false", ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		ss, err := db.SessionsOf(ctx, u.ID)
		if err != nil || len(ss) != 3 {
			t.Fatalf("SessionsOf = %v, %v; want 3 sessions", ss, err)
		}
		if s := ss[0]; s.ID != "s1" || s.UserID != u.ID || s.UserAgent != "ua-new" || s.IP != "10.0.0.9" || !s.LastUsedAt.After(s.CreatedAt) {
			t.Errorf("most recent session = %+v, want touched s1", s)
		}

		got, ok, err := db.UserBySession(ctx, u.ID, "s1")
		if err != nil || !ok || got.ID != u.ID || got.Email != u.Email {
			t.Errorf("UserBySession(u, s1) = %+v, %v, %v; want u, true", got, ok, err)
		}
		if got, ok, err := db.UserBySession(ctx, u.ID, "v1"); err != nil || ok || got.ID != u.ID {
			t.Errorf("UserBySession(u, v1) = %+v, %v, %v; want u, false (another user's session)", got, ok, err)
		}
		if _, _, err := db.UserBySession(ctx, 999, "s1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("UserBySession(missing user): err = %v, want ErrNotFound", err)
		}

		endSession := func(uid int64, id string) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return tx.EndSession(ctx, uid, id) })
		}
		if err := endSession(u.ID, "v1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("EndSession of another user's session: err = %v, want ErrNotFound", err)
		}
		if !live(t, db, "v1") {
			t.Error("v1 ended by another user's EndSession")
		}
		if err := endSession(u.ID, "s1"); err != nil {
			t.Fatalf("EndSession(s1): %v", err)
		}
		if live(t, db, "s1") || !revoked(t, db, []byte("rt-s1")) {
			t.Error("s1 still live or its refresh token not revoked after EndSession")
		}
		if err := endSession(u.ID, "s1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("EndSession twice: err = %v, want ErrNotFound", err)
		}
		if _, ok, err := db.UserBySession(ctx, u.ID, "s1"); err != nil || ok {
			t.Errorf("UserBySession(ended s1) live = %v, %v; want false", ok, err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if ok, err := tx.TouchSession(ctx, "s1", "ua", "ip"); err != nil || ok {
				t.Errorf("TouchSession(ended) = %v, %v; want false", ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		var n int64
		err = db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			n, err = tx.EndSessions(ctx, u.ID, "s2")
			return err
		})
		if err != nil || n != 1 {
			t.Errorf("EndSessions(keep s2) = %d, %v; want 1", n, err)
		}
		if !live(t, db, "s2") || live(t, db, "s3") || !live(t, db, "v1") {
			t.Error("EndSessions: want s2 and v1 live, s3 ended")
		}
		if revoked(t, db, []byte("rt-s2")) || !revoked(t, db, []byte("rt-s3")) || revoked(t, db, []byte("rt-v1")) {
			t.Error("EndSessions: want only s3's refresh token revoked")
		}

		if err := db.EndFamily(ctx, "s2"); err != nil {
			t.Fatal(err)
		}
		if live(t, db, "s2") || !revoked(t, db, []byte("rt-s2")) {
			t.Error("EndFamily: s2 still live or its refresh token not revoked")
		}
		if ss, err := db.SessionsOf(ctx, u.ID); err != nil || len(ss) != 0 {
			t.Errorf("SessionsOf after ending all = %v, %v; want none", ss, err)
		}
		if ss, err := db.SessionsOf(ctx, v.ID); err != nil || len(ss) != 1 || ss[0].ID != "v1" {
			t.Errorf("SessionsOf(v) = %v, %v; want [v1]", ss, err)
		}

		// Ended sessions go once they ended before the cutoff; live ones
		// only once idle.
		if n, err := db.DeleteOldSessions(ctx, time.Now().Add(time.Minute), time.Now().Add(-time.Hour)); err != nil || n != 3 {
			t.Errorf("DeleteOldSessions(ended) = %d, %v; want 3", n, err)
		}
		if !live(t, db, "v1") {
			t.Error("DeleteOldSessions removed a live, recent session")
		}
		if n, err := db.DeleteOldSessions(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Minute)); err != nil || n != 1 {
			t.Errorf("DeleteOldSessions(idle) = %d, %v; want 1", n, err)
		}
		if live(t, db, "v1") {
			t.Error("idle session v1 survived DeleteOldSessions")
		}
	})
}

func TestLoginSteps(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		u, err := db.CreateUser(ctx, store.NewUser{Email: "l@x.io", Name: "L", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		twoFactor, code, expired := []byte("step-two-factor"), []byte("step-oidc-code"), []byte("step-expired")
		soon := time.Now().Add(5 * time.Minute)
		if err := db.InsertLoginStep(ctx, twoFactor, store.LoginStep{Purpose: store.StepTwoFactor, UserID: u.ID, Data: "d1", ExpiresAt: soon}); err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertLoginStep(ctx, code, store.LoginStep{Purpose: store.StepOIDCCode, Data: "d2", ExpiresAt: soon}); err != nil {
				return err
			}
			return tx.InsertLoginStep(ctx, expired, store.LoginStep{Purpose: store.StepTwoFactor, UserID: u.ID, ExpiresAt: time.Now().Add(-time.Minute)})
		})
		if err != nil {
			t.Fatal(err)
		}

		// Reading does not spend.
		for range 2 {
			st, err := db.LoginStepByHash(ctx, store.StepTwoFactor, twoFactor)
			if err != nil || st.Purpose != store.StepTwoFactor || st.UserID != u.ID || st.Data != "d1" || !st.ExpiresAt.After(time.Now()) {
				t.Fatalf("LoginStepByHash = %+v, %v", st, err)
			}
		}
		if _, err := db.LoginStepByHash(ctx, store.StepOIDCCode, twoFactor); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("step read for another purpose: err = %v, want ErrNotFound", err)
		}
		if _, err := db.LoginStepByHash(ctx, store.StepTwoFactor, expired); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired step: err = %v, want ErrNotFound", err)
		}

		spend := func(purpose string, h []byte) (*store.LoginStep, error) {
			var st *store.LoginStep
			err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				st, err = tx.SpendLoginStep(ctx, purpose, h)
				return err
			})
			return st, err
		}
		if _, err := spend(store.StepOIDCCode, twoFactor); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("spend for another purpose: err = %v, want ErrNotFound", err)
		}
		if st, err := spend(store.StepTwoFactor, twoFactor); err != nil || st.UserID != u.ID || st.Data != "d1" {
			t.Errorf("SpendLoginStep = %+v, %v", st, err)
		}
		if _, err := spend(store.StepTwoFactor, twoFactor); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("spent twice: err = %v, want ErrNotFound", err)
		}
		if _, err := db.LoginStepByHash(ctx, store.StepTwoFactor, twoFactor); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("read after spend: err = %v, want ErrNotFound", err)
		}
		if _, err := spend(store.StepTwoFactor, expired); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("spend expired: err = %v, want ErrNotFound", err)
		}
		if st, err := spend(store.StepOIDCCode, code); err != nil || st.UserID != 0 || st.Data != "d2" {
			t.Errorf("SpendLoginStep(without user) = %+v, %v; want UserID 0", st, err)
		}

		if n, err := db.DeleteExpiredLoginSteps(ctx, time.Now()); err != nil || n != 1 {
			t.Errorf("DeleteExpiredLoginSteps = %d, %v; want 1", n, err)
		}
		if n, err := db.DeleteExpiredLoginSteps(ctx, time.Now()); err != nil || n != 0 {
			t.Errorf("DeleteExpiredLoginSteps again = %d, %v; want 0", n, err)
		}
		if n, err := db.DeleteExpiredLoginSteps(ctx, soon.Add(time.Minute)); err != nil || n != 2 {
			t.Errorf("DeleteExpiredLoginSteps(later cutoff) = %d, %v; want 2", n, err)
		}
	})
}
