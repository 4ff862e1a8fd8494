package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// RefreshToken is a stored, hashed refresh token. Tokens of one login form a
// family: each refresh spends one and issues its successor.
type RefreshToken struct {
	ID        int64
	UserID    int64
	FamilyID  string
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

// InsertRefreshToken stores the hash of a new refresh token.
func (tx *Tx) InsertRefreshToken(ctx context.Context, userID int64, familyID string, hash []byte, expires time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO refresh_tokens (user_id, family_id, hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`,
		userID, familyID, hash, expires.UTC(), now())
	return err
}

// RefreshTokenByHash finds a token by its hash inside tx.
func (tx *Tx) RefreshTokenByHash(ctx context.Context, hash []byte) (*RefreshToken, error) {
	var t RefreshToken
	var used, revoked sql.NullTime
	err := tx.tx.QueryRowContext(ctx, `SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE hash = $1`, hash).
		Scan(&t.ID, &t.UserID, &t.FamilyID, &t.ExpiresAt, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t.UsedAt, t.RevokedAt = nullTime(used), nullTime(revoked)
	return &t, nil
}

// SpendRefreshToken marks token id used. It reports false when the token was
// already spent, which the caller treats as re-use.
func (tx *Tx) SpendRefreshToken(ctx context.Context, id int64) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL`, id, now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RevokeFamily revokes every token of a login, e.g. on logout or re-use.
func (db *DB) RevokeFamily(ctx context.Context, familyID string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, familyID, now())
	return err
}

// DeleteExpiredTokens removes refresh and single-use tokens that expired
// before cutoff; a periodic janitor calls it.
func (db *DB) DeleteExpiredTokens(ctx context.Context, cutoff time.Time) (int64, error) {
	var total int64
	for _, q := range []string{`DELETE FROM refresh_tokens WHERE expires_at < $1`, `DELETE FROM user_tokens WHERE expires_at < $1`} {
		res, err := db.write.ExecContext(ctx, q, cutoff.UTC())
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// Purposes of single-use tokens sent by email.
const (
	PurposePasswordReset = "password_reset"
	PurposeEmailVerify   = "email_verify"
)

// InsertUserToken stores the hash of a single-use token for purpose. Any
// earlier unused token of the same purpose stops working, so only the newest
// email's link is valid.
func (tx *Tx) InsertUserToken(ctx context.Context, userID int64, purpose string, hash []byte, expires time.Time) error {
	t := now()
	if _, err := tx.tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, userID, purpose, t); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO user_tokens (hash, user_id, purpose, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`,
		hash, userID, purpose, expires.UTC(), t)
	return err
}

// SpendUserToken consumes a single-use token and returns its user. It fails
// with ErrNotFound when the token is unknown, used, expired or for another
// purpose; one UPDATE makes the check and the spend atomic.
func (tx *Tx) SpendUserToken(ctx context.Context, purpose string, hash []byte) (int64, error) {
	t := now()
	var userID int64
	err := tx.tx.QueryRowContext(ctx, `UPDATE user_tokens SET used_at = $3
		WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id`, hash, purpose, t).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return userID, err
}
