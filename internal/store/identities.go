package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Identity links an account at a sign-in provider to a user.
type Identity struct {
	Provider  string
	Subject   string
	UserID    int64
	Email     string
	CreatedAt time.Time
}

// IdentityBySubject finds the user linked to provider's subject.
func (db *DB) IdentityBySubject(ctx context.Context, provider, subject string) (*Identity, error) {
	var i Identity
	err := db.read.QueryRowContext(ctx, `SELECT provider, subject, user_id, email, created_at FROM oauth_identities WHERE provider = $1 AND subject = $2`,
		provider, subject).Scan(&i.Provider, &i.Subject, &i.UserID, &i.Email, &i.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &i, err
}

// IdentitiesOf lists the providers linked to user id.
func (db *DB) IdentitiesOf(ctx context.Context, userID int64) ([]*Identity, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT provider, subject, user_id, email, created_at FROM oauth_identities WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Identity
	for rows.Next() {
		var i Identity
		if err := rows.Scan(&i.Provider, &i.Subject, &i.UserID, &i.Email, &i.CreatedAt); err != nil {
			return nil, err
		}
		i.CreatedAt = i.CreatedAt.UTC()
		out = append(out, &i)
	}
	return out, rows.Err()
}

// LinkIdentity links provider's subject to user id inside tx; ErrConflict
// when that subject is linked already or the user has this provider linked.
func (tx *Tx) LinkIdentity(ctx context.Context, i Identity) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO oauth_identities (provider, subject, user_id, email, created_at) VALUES ($1, $2, $3, $4, $5)`,
		i.Provider, i.Subject, i.UserID, i.Email, now())
	if isUniqueViolation(err) {
		return ErrConflict
	}
	return err
}

// UnlinkIdentity removes provider from user id inside tx, returning how
// many ways to sign in remain (a password counts as one).
func (tx *Tx) UnlinkIdentity(ctx context.Context, userID int64, provider string) (remaining int, err error) {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM oauth_identities WHERE user_id = $1 AND provider = $2`, userID, provider)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n == 0 {
		return 0, ErrNotFound
	}
	err = tx.tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM oauth_identities WHERE user_id = $1) +
		(SELECT count(*) FROM users WHERE id = $1 AND password_hash <> '')`, userID).Scan(&remaining)
	return remaining, err
}
