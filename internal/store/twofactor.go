package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// TOTP is a user's authenticator-app secret (encrypted by the caller).
type TOTP struct {
	UserID      int64
	Secret      []byte
	LastStep    int64
	ConfirmedAt *time.Time
}

// PutTOTP stores a new, unconfirmed secret for user id, replacing an
// unconfirmed one. A confirmed secret is kept: ErrConflict.
func (db *DB) PutTOTP(ctx context.Context, userID int64, secret []byte) error {
	return db.InTx(ctx, func(tx *Tx) error {
		var confirmed sql.NullTime
		err := tx.tx.QueryRowContext(ctx, `SELECT confirmed_at FROM user_totp WHERE user_id = $1`, userID).Scan(&confirmed)
		if err == nil && confirmed.Valid {
			return ErrConflict
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM user_totp WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3)`, userID, secret, now())
		return err
	})
}

// TOTPOf reads the secret of user id; ErrNotFound when there is none.
func (db *DB) TOTPOf(ctx context.Context, userID int64) (*TOTP, error) {
	var t TOTP
	var confirmed sql.NullTime
	err := db.read.QueryRowContext(ctx, `SELECT user_id, secret, last_step, confirmed_at FROM user_totp WHERE user_id = $1`, userID).
		Scan(&t.UserID, &t.Secret, &t.LastStep, &confirmed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	t.ConfirmedAt = nullTime(confirmed)
	return &t, err
}

// UseTOTPStep records that the code of time step was accepted for user id.
// It reports false when that step or a later one was already used, so a
// code works only once.
func (tx *Tx) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2`, userID, step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ConfirmTOTP turns two-factor on for user id and replaces its recovery
// codes with hashes.
func (tx *Tx) ConfirmTOTP(ctx context.Context, userID int64, recoveryHashes [][]byte) error {
	t := now()
	if _, err := tx.tx.ExecContext(ctx, `UPDATE user_totp SET confirmed_at = $2 WHERE user_id = $1`, userID, t); err != nil {
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE users SET two_factor_at = $2, updated_at = $2 WHERE id = $1`, userID, t); err != nil {
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range recoveryHashes {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO recovery_codes (hash, user_id, created_at) VALUES ($1, $2, $3)`, h, userID, t); err != nil {
			return err
		}
	}
	return nil
}

// DisableTwoFactor removes the secret and recovery codes of user id.
func (tx *Tx) DisableTwoFactor(ctx context.Context, userID int64) error {
	for _, q := range []string{`DELETE FROM user_totp WHERE user_id = $1`, `DELETE FROM recovery_codes WHERE user_id = $1`,
		`UPDATE users SET two_factor_at = NULL WHERE id = $1`} {
		if _, err := tx.tx.ExecContext(ctx, q, userID); err != nil {
			return err
		}
	}
	return nil
}

// SpendRecoveryCode consumes a recovery code of user id; false when it is
// unknown or already used.
func (tx *Tx) SpendRecoveryCode(ctx context.Context, userID int64, hash []byte) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $3 WHERE hash = $1 AND user_id = $2 AND used_at IS NULL`, hash, userID, now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCodesLeft counts the unused recovery codes of user id.
func (db *DB) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	return n, err
}
