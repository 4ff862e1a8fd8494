package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestRefreshTokenSpendsOnce(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mkUser(t, db, "t@x.io")
		hash := []byte("0123456789abcdef0123456789abcdef")
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.InsertRefreshToken(ctx, u.ID, "fam", hash, time.Now().Add(time.Hour)); err != nil {
				return err
			}
			rt, err := tx.RefreshTokenByHash(ctx, hash)
			if err != nil {
				return err
			}
			if rt.UserID != u.ID || rt.FamilyID != "fam" || rt.UsedAt != nil {
				t.Errorf("RefreshTokenByHash = %+v", rt)
			}
			if ok, err := tx.SpendRefreshToken(ctx, rt.ID); err != nil || !ok {
				t.Errorf("first spend = %v, %v; want true", ok, err)
			}
			if ok, err := tx.SpendRefreshToken(ctx, rt.ID); err != nil || ok {
				t.Errorf("second spend = %v, %v; want false", ok, err)
			}
			if _, err := tx.RefreshTokenByHash(ctx, []byte("unknown")); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown hash: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func TestRevokeFamilyAndExpiredTokens(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mkUser(t, db, "t@x.io")
		a1, a2, b := []byte("family-a-1"), []byte("family-a-2"), []byte("family-b-1")
		inTx(t, db, func(tx *store.Tx) error {
			for _, tok := range []struct {
				fam  string
				hash []byte
				ttl  time.Duration
			}{{"a", a1, time.Hour}, {"a", a2, time.Hour}, {"b", b, 48 * time.Hour}} {
				if err := tx.InsertRefreshToken(ctx, u.ID, tok.fam, tok.hash, time.Now().Add(tok.ttl)); err != nil {
					return err
				}
			}
			if err := tx.InsertUserToken(ctx, u.ID, store.PurposeEmailVerify, []byte("verify-soon"), time.Now().Add(time.Hour)); err != nil {
				return err
			}
			return tx.InsertUserToken(ctx, u.ID, store.PurposePasswordReset, []byte("reset-later"), time.Now().Add(48*time.Hour))
		})
		if err := db.RevokeFamily(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			for _, h := range [][]byte{a1, a2} {
				if rt, err := tx.RefreshTokenByHash(ctx, h); err != nil || rt.RevokedAt == nil {
					t.Errorf("family a token %s after RevokeFamily: %+v, %v", h, rt, err)
				}
				if rt, _ := tx.RefreshTokenByHash(ctx, h); rt != nil {
					if ok, _ := tx.SpendRefreshToken(ctx, rt.ID); ok {
						t.Errorf("a revoked token could be spent")
					}
				}
			}
			if rt, err := tx.RefreshTokenByHash(ctx, b); err != nil || rt.RevokedAt != nil {
				t.Errorf("family b token after revoking a: %+v, %v", rt, err)
			}
			return nil
		})
		// Two refresh tokens and one single-use token expire within a day.
		n, err := db.DeleteExpiredTokens(ctx, time.Now().Add(24*time.Hour))
		if err != nil || n != 3 {
			t.Errorf("DeleteExpiredTokens = %d, %v; want 3", n, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.RefreshTokenByHash(ctx, a1); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("expired token still there: %v", err)
			}
			if _, err := tx.RefreshTokenByHash(ctx, b); err != nil {
				t.Errorf("unexpired token deleted: %v", err)
			}
			if id, err := tx.SpendUserToken(ctx, store.PurposePasswordReset, []byte("reset-later")); err != nil || id != u.ID {
				t.Errorf("unexpired single-use token: %d, %v", id, err)
			}
			return nil
		})
	})
}

func TestUserTokens(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mkUser(t, db, "t@x.io")
		old, fresh, expired := []byte("old-token-hash"), []byte("fresh-token-hash"), []byte("expired-token-hash")
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.InsertUserToken(ctx, u.ID, store.PurposePasswordReset, old, time.Now().Add(time.Hour)); err != nil {
				return err
			}
			if err := tx.InsertUserToken(ctx, u.ID, store.PurposePasswordReset, fresh, time.Now().Add(time.Hour)); err != nil {
				return err
			}
			return tx.InsertUserToken(ctx, u.ID, store.PurposeEmailVerify, expired, time.Now().Add(-time.Minute))
		})
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
