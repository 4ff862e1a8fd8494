package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Session is one sign-in on one device. Its id is the family id of the
// refresh tokens it rotates through and the sid claim of its access tokens.
type Session struct {
	ID         string
	UserID     int64
	CreatedAt  time.Time
	LastUsedAt time.Time
	UserAgent  string
	IP         string
	EndedAt    *time.Time
}

// InsertSession records a new sign-in inside tx.
func (tx *Tx) InsertSession(ctx context.Context, id string, userID int64, userAgent, ip string) error {
	t := now()
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, last_used_at, user_agent, ip) VALUES ($1, $2, $3, $3, $4, $5)`,
		id, userID, t, userAgent, ip)
	return err
}

// TouchSession records that session id was used (a refresh) from ip with
// userAgent. It reports false when the session has ended or does not exist.
func (tx *Tx) TouchSession(ctx context.Context, id string, userAgent, ip string) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE sessions SET last_used_at = $2, user_agent = $3, ip = $4 WHERE id = $1 AND ended_at IS NULL`,
		id, now(), userAgent, ip)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UserBySession reads user id together with whether session sid of that
// user is live, in one indexed query: this runs on every authenticated
// request.
func (db *DB) UserBySession(ctx context.Context, userID int64, sid string) (*User, bool, error) {
	var live bool
	row := db.read.QueryRowContext(ctx, `SELECT `+prefixed("u.", userColumns)+`, s.id IS NOT NULL
		FROM users u LEFT JOIN sessions s ON s.id = $2 AND s.user_id = u.id AND s.ended_at IS NULL
		WHERE u.id = $1`, userID, sid)
	u, err := scanUserWith(row, &live)
	return u, live, err
}

// SessionsOf lists the live sessions of user id, most recently used first.
func (db *DB) SessionsOf(ctx context.Context, userID int64) ([]*Session, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, user_id, created_at, last_used_at, user_agent, ip FROM sessions
		WHERE user_id = $1 AND ended_at IS NULL ORDER BY last_used_at DESC, created_at DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Session
	for rows.Next() {
		var s Session
		if err := rows.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastUsedAt, &s.UserAgent, &s.IP); err != nil {
			return nil, err
		}
		s.CreatedAt, s.LastUsedAt = s.CreatedAt.UTC(), s.LastUsedAt.UTC()
		out = append(out, &s)
	}
	return out, rows.Err()
}

// EndSession ends session id of user id and revokes its refresh tokens. It
// fails with ErrNotFound when the user has no such live session.
func (tx *Tx) EndSession(ctx context.Context, userID int64, id string) error {
	t := now()
	res, err := tx.tx.ExecContext(ctx, `UPDATE sessions SET ended_at = $3 WHERE id = $1 AND user_id = $2 AND ended_at IS NULL`, id, userID, t)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound
	}
	_, err = tx.tx.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, id, t)
	return err
}

// EndSessions ends every live session of user id except keep (which may be
// empty) and revokes their refresh tokens. It returns how many ended.
func (tx *Tx) EndSessions(ctx context.Context, userID int64, keep string) (int64, error) {
	t := now()
	res, err := tx.tx.ExecContext(ctx, `UPDATE sessions SET ended_at = $3 WHERE user_id = $1 AND id <> $2 AND ended_at IS NULL`, userID, keep, t)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	_, err = tx.tx.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = $3 WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL`, userID, keep, t)
	return n, err
}

// EndFamily ends the session of a refresh-token family, e.g. on logout or
// when a spent token is presented again.
func (db *DB) EndFamily(ctx context.Context, familyID string) error {
	return db.InTx(ctx, func(tx *Tx) error {
		t := now()
		if _, err := tx.tx.ExecContext(ctx, `UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, familyID, t); err != nil {
			return err
		}
		_, err := tx.tx.ExecContext(ctx, `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, familyID, t)
		return err
	})
}

// SessionLive reports whether session id is live inside tx.
func (tx *Tx) SessionLive(ctx context.Context, id string) (bool, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE id = $1 AND ended_at IS NULL`, id).Scan(&n)
	return n == 1, err
}

// Purposes of login steps.
const (
	StepTwoFactor = "two_factor" // password accepted; a second factor is due
	StepOIDCCode  = "oidc_code"  // a provider sign-in finished; the UI exchanges this for a session
	StepOIDCLink  = "oidc_link"  // a provider identity waits for the password of the account it matches
	// StepRegistration is a sign-up waiting for its email to be confirmed;
	// the account is created only then.
	StepRegistration = "registration"
)

// LoginStep is a short-lived single-use step of a sign-in.
type LoginStep struct {
	Purpose   string
	UserID    int64
	Data      string
	ExpiresAt time.Time
}

// InsertLoginStep stores the hash of a login step token.
func (db *DB) InsertLoginStep(ctx context.Context, hash []byte, st LoginStep) error {
	return db.InTx(ctx, func(tx *Tx) error { return tx.InsertLoginStep(ctx, hash, st) })
}

// InsertLoginStep stores the hash of a login step token inside tx.
func (tx *Tx) InsertLoginStep(ctx context.Context, hash []byte, st LoginStep) error {
	var uid *int64
	if st.UserID != 0 {
		uid = &st.UserID
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO login_steps (hash, purpose, user_id, data, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		hash, st.Purpose, uid, st.Data, st.ExpiresAt.UTC(), now())
	return err
}

// LoginStepByHash reads an unused, unexpired step without spending it.
func (db *DB) LoginStepByHash(ctx context.Context, purpose string, hash []byte) (*LoginStep, error) {
	var st LoginStep
	var uid sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT purpose, user_id, data, expires_at FROM login_steps
		WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`, hash, purpose, now()).Scan(&st.Purpose, &uid, &st.Data, &st.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	st.UserID = uid.Int64
	return &st, err
}

// SpendLoginStep consumes a step inside tx; ErrNotFound when it is unknown,
// used or expired. One UPDATE makes the check and the spend atomic.
func (tx *Tx) SpendLoginStep(ctx context.Context, purpose string, hash []byte) (*LoginStep, error) {
	var st LoginStep
	var uid sql.NullInt64
	t := now()
	err := tx.tx.QueryRowContext(ctx, `UPDATE login_steps SET used_at = $3
		WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING purpose, user_id, data, expires_at`,
		hash, purpose, t).Scan(&st.Purpose, &uid, &st.Data, &st.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	st.UserID = uid.Int64
	return &st, err
}

// DeleteExpiredLoginSteps removes steps that expired before cutoff.
func (db *DB) DeleteExpiredLoginSteps(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM login_steps WHERE expires_at < $1`, cutoff.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteOldSessions removes sessions that ended before ended, or were last
// used before idle (their refresh tokens have expired, so nothing can use
// them again).
func (db *DB) DeleteOldSessions(ctx context.Context, ended, idle time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE (ended_at IS NOT NULL AND ended_at < $1) OR last_used_at < $2`, ended.UTC(), idle.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
