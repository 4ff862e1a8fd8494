package store

import (
	"context"
	"strconv"
	"strings"
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
	// SubjectName is the name of what the entry is about, when it is a
	// user, a course or a review (the review's course).
	SubjectName string
	Detail      string
	At          time.Time
}

// AuditEntries returns the newest entries first.
func (db *DB) AuditEntries(ctx context.Context, limit int) ([]AuditEntry, error) {
	return db.AuditPage(ctx, 0, limit)
}

// AuditPage returns entries older than id beforeID (0: the newest) with
// the actor's name.
func (db *DB) AuditPage(ctx context.Context, beforeID int64, limit int) ([]AuditEntry, error) {
	return db.AuditFind(ctx, AuditQuery{BeforeID: beforeID, Limit: limit})
}

// AuditQuery selects a page of the audit log, newest first.
type AuditQuery struct {
	BeforeID int64 // the cursor: entries older than this id (0: the newest)
	Limit    int
	Action   string // optional: one action, e.g. "order.refund"
	ActorID  int64  // optional: one admin's actions
	// UserID, optional: the entries by this user or about them (subject user:id).
	UserID int64
}

// AuditFind returns a page of entries with the actor's name and the name
// of what each is about (a user's name, a course's title).
func (db *DB) AuditFind(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	before := q.BeforeID
	if before <= 0 {
		before = 1 << 62
	}
	args := []any{before}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := []string{"a.id < $1"}
	if q.Action != "" {
		where = append(where, "a.action = "+arg(q.Action))
	}
	if q.ActorID > 0 {
		where = append(where, "a.actor_id = "+arg(q.ActorID))
	}
	if q.UserID > 0 {
		where = append(where, "(a.actor_id = "+arg(q.UserID)+" OR a.subject = "+arg("user:"+strconv.FormatInt(q.UserID, 10))+")")
	}
	limit := arg(q.Limit)
	rows, err := db.read.QueryContext(ctx, `SELECT a.id, COALESCE(a.actor_id, 0), COALESCE(u.name, ''), a.action, a.subject, a.detail, a.at
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE `+strings.Join(where, " AND ")+` ORDER BY a.id DESC LIMIT `+limit, args...)
	if err != nil {
		return nil, err
	}
	var out []AuditEntry
	for rows.Next() {
		var a AuditEntry
		if err := rows.Scan(&a.ID, &a.ActorID, &a.ActorName, &a.Action, &a.Subject, &a.Detail, &a.At); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, db.nameSubjects(ctx, out)
}

// nameSubjects fills SubjectName for the entries about users and courses
// (one query per kind).
func (db *DB) nameSubjects(ctx context.Context, entries []AuditEntry) error {
	tables := map[string]string{"user": `SELECT id, name FROM users WHERE id IN `, "course": `SELECT id, title FROM courses WHERE id IN `,
		"review": `SELECT r.id, c.title FROM reviews r JOIN courses c ON c.id = r.course_id WHERE r.id IN `}
	for kind, query := range tables {
		var marks []string
		var args []any
		for _, e := range entries {
			if k, id, ok := strings.Cut(e.Subject, ":"); ok && k == kind {
				if n, err := strconv.ParseInt(id, 10, 64); err == nil {
					args = append(args, n)
					marks = append(marks, "$"+strconv.Itoa(len(args)))
				}
			}
		}
		if len(args) == 0 {
			continue
		}
		rows, err := db.read.QueryContext(ctx, query+"("+strings.Join(marks, ", ")+")", args...)
		if err != nil {
			return err
		}
		names := map[string]string{}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return err
			}
			names[kind+":"+strconv.FormatInt(id, 10)] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range entries {
			if n, ok := names[entries[i].Subject]; ok {
				entries[i].SubjectName = n
			}
		}
	}
	return nil
}
