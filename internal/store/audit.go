package store

import (
	"context"
	"time"
)

// Audit writes an admin action to the audit log inside tx, so the record and
// the change it describes commit together.
func (tx *Tx) Audit(ctx context.Context, actorID int64, action, subject, detail string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO audit_log (actor_id, action, subject, detail, at) VALUES ($1, $2, $3, $4, $5)`,
		actorID, action, subject, detail, now())
	return err
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID        int64
	ActorID   int64
	ActorName string
	Action    string
	Subject   string
	Detail    string
	At        time.Time
}

// AuditEntries returns the newest entries first.
func (db *DB) AuditEntries(ctx context.Context, limit int) ([]AuditEntry, error) {
	return db.AuditPage(ctx, 0, limit)
}

// AuditPage returns entries older than id beforeID (0: the newest) with
// the actor's name.
func (db *DB) AuditPage(ctx context.Context, beforeID int64, limit int) ([]AuditEntry, error) {
	if beforeID <= 0 {
		beforeID = 1 << 62
	}
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, COALESCE(a.actor_id, 0), COALESCE(u.name, ''), a.action, a.subject, a.detail, a.at
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2`, beforeID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var a AuditEntry
		if err := rows.Scan(&a.ID, &a.ActorID, &a.ActorName, &a.Action, &a.Subject, &a.Detail, &a.At); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
