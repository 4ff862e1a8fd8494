package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

func TestTwoFactor(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		db := open(t, target)
		u, err := db.CreateUser(ctx, store.NewUser{Email: "2fa@x.io", Name: "T", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.CreateUser(ctx, store.NewUser{Email: "other@x.io", Name: "O", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.TOTPOf(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("TOTPOf before setup: err = %v, want ErrNotFound", err)
		}
		if err := db.PutTOTP(ctx, u.ID, []byte("secret-1")); err != nil {
			t.Fatal(err)
		}
		// An unconfirmed secret is replaced.
		if err := db.PutTOTP(ctx, u.ID, []byte("secret-2")); err != nil {
			t.Fatalf("replace unconfirmed secret: %v", err)
		}
		tt, err := db.TOTPOf(ctx, u.ID)
		if err != nil || tt.UserID != u.ID || string(tt.Secret) != "secret-2" || tt.ConfirmedAt != nil || tt.LastStep != 0 {
			t.Fatalf("TOTPOf = %+v, %v; want unconfirmed secret-2", tt, err)
		}

		useStep := func(uid, step int64) bool {
			var ok bool
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				ok, err = tx.UseTOTPStep(ctx, uid, step)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !useStep(u.ID, 100) {
			t.Error("UseTOTPStep(100) = false, want true")
		}
		if useStep(u.ID, 100) {
			t.Error("step 100 accepted twice")
		}
		if useStep(u.ID, 99) {
			t.Error("earlier step 99 accepted after 100")
		}
		if !useStep(u.ID, 101) {
			t.Error("UseTOTPStep(101) = false, want true")
		}
		if useStep(v.ID, 1) {
			t.Error("UseTOTPStep for a user without a secret = true")
		}
		if tt, err := db.TOTPOf(ctx, u.ID); err != nil || tt.LastStep != 101 {
			t.Errorf("LastStep = %+v, %v; want 101", tt, err)
		}

		confirm := func(codes ...string) error {
			hashes := make([][]byte, len(codes))
			for i, c := range codes {
				hashes[i] = []byte(c)
			}
			return db.InTx(ctx, func(tx *store.Tx) error { return tx.ConfirmTOTP(ctx, u.ID, hashes) })
		}
		if err := confirm("rc-1", "rc-2", "rc-3"); err != nil {
			t.Fatal(err)
		}
		if tt, err := db.TOTPOf(ctx, u.ID); err != nil || tt.ConfirmedAt == nil {
			t.Errorf("TOTPOf after confirm = %+v, %v; want confirmed", tt, err)
		}
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.TwoFactorAt == nil {
			t.Errorf("user after confirm = %+v, %v; want TwoFactorAt set", got, err)
		}
		if n, err := db.RecoveryCodesLeft(ctx, u.ID); err != nil || n != 3 {
			t.Errorf("RecoveryCodesLeft = %d, %v; want 3", n, err)
		}
		if err := db.PutTOTP(ctx, u.ID, []byte("secret-3")); !errors.Is(err, store.ErrConflict) {
			t.Errorf("PutTOTP over confirmed secret: err = %v, want ErrConflict", err)
		}
		if tt, err := db.TOTPOf(ctx, u.ID); err != nil || string(tt.Secret) != "secret-2" {
			t.Errorf("confirmed secret replaced: %+v, %v", tt, err)
		}

		spendCode := func(uid int64, code string) bool {
			var ok bool
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				ok, err = tx.SpendRecoveryCode(ctx, uid, []byte(code))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !spendCode(u.ID, "rc-1") {
			t.Error("SpendRecoveryCode(rc-1) = false, want true")
		}
		if spendCode(u.ID, "rc-1") {
			t.Error("recovery code spent twice")
		}
		if spendCode(v.ID, "rc-2") {
			t.Error("another user spent u's recovery code")
		}
		if spendCode(u.ID, "unknown") {
			t.Error("unknown recovery code accepted")
		}
		if n, err := db.RecoveryCodesLeft(ctx, u.ID); err != nil || n != 2 {
			t.Errorf("RecoveryCodesLeft after one spend = %d, %v; want 2", n, err)
		}
		// Confirming again replaces the codes.
		if err := confirm("rc-4"); err != nil {
			t.Fatal(err)
		}
		if n, err := db.RecoveryCodesLeft(ctx, u.ID); err != nil || n != 1 {
			t.Errorf("RecoveryCodesLeft after new codes = %d, %v; want 1", n, err)
		}
		if spendCode(u.ID, "rc-2") {
			t.Error("replaced recovery code still accepted")
		}

		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.DisableTwoFactor(ctx, u.ID) }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TOTPOf(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("TOTPOf after disable: err = %v, want ErrNotFound", err)
		}
		if n, err := db.RecoveryCodesLeft(ctx, u.ID); err != nil || n != 0 {
			t.Errorf("RecoveryCodesLeft after disable = %d, %v; want 0", n, err)
		}
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.TwoFactorAt != nil {
			t.Errorf("user after disable = %+v, %v; want TwoFactorAt nil", got, err)
		}
		if err := db.PutTOTP(ctx, u.ID, []byte("secret-4")); err != nil {
			t.Errorf("PutTOTP after disable: %v", err)
		}
	})
}
