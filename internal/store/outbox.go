package store

import (
	"context"
	"time"
)

// Email is a message in the outbox.
type Email struct {
	ID        int64
	To        string
	Subject   string
	Body      string
	CreatedAt time.Time
	Attempts  int
}

// EnqueueEmail writes an email to the outbox inside tx, so it is sent if and
// only if the change that caused it commits.
func (tx *Tx) EnqueueEmail(ctx context.Context, to, subject, body string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO outbox_emails (to_addr, subject, body, created_at) VALUES ($1, $2, $3, $4)`,
		to, subject, body, now())
	return err
}

// PendingEmails returns up to limit unsent emails, oldest first, skipping
// ones that failed too often.
func (db *DB) PendingEmails(ctx context.Context, limit int) ([]Email, error) {
	return db.queryEmails(ctx, `WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT $1`, limit)
}

// EmailsTo returns every outbox email to addr, newest first; tests and the
// admin console read it.
func (db *DB) EmailsTo(ctx context.Context, addr string) ([]Email, error) {
	return db.queryEmails(ctx, `WHERE to_addr = $1 ORDER BY id DESC`, addr)
}

func (db *DB) queryEmails(ctx context.Context, where string, args ...any) ([]Email, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, to_addr, subject, body, created_at, attempts FROM outbox_emails `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Email
	for rows.Next() {
		var e Email
		if err := rows.Scan(&e.ID, &e.To, &e.Subject, &e.Body, &e.CreatedAt, &e.Attempts); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkEmailSent records delivery; MarkEmailFailed records a failed attempt.
func (db *DB) MarkEmailSent(ctx context.Context, id int64) error {
	_, err := db.write.ExecContext(ctx, `UPDATE outbox_emails SET sent_at = $2, attempts = attempts + 1 WHERE id = $1`, id, now())
	return err
}

// MarkEmailFailed counts a failed delivery attempt and keeps its reason.
func (db *DB) MarkEmailFailed(ctx context.Context, id int64, reason string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE outbox_emails SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, id, reason)
	return err
}
