package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Notification is one thing a user is told about in the app.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string
	Payload   string // JSON the notify service wrote
	ReadAt    *time.Time
	CreatedAt time.Time
}

// AddNotifications writes the same notification for each user.
func (tx *Tx) AddNotifications(ctx context.Context, userIDs []int64, kind, payload string) error {
	t := now()
	for _, id := range userIDs {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, payload, created_at) VALUES ($1, $2, $3, $4)`,
			id, kind, payload, t); err != nil {
			return err
		}
	}
	return nil
}

// EmailRecipients returns those of userIDs who want kind by email (their
// setting, or def when they have none), skipping disabled accounts.
func (tx *Tx) EmailRecipients(ctx context.Context, userIDs []int64, kind string, def bool) ([]Recipient, error) {
	if len(userIDs) == 0 {
		return nil, nil
	}
	args := []any{kind, def}
	marks := make([]string, len(userIDs))
	for i, id := range userIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+3)
	}
	rows, err := tx.tx.QueryContext(ctx, `SELECT u.id, u.email, u.name FROM users u
		LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = $1
		WHERE u.id IN (`+strings.Join(marks, ", ")+`) AND u.disabled_at IS NULL AND COALESCE(s.email, $2) ORDER BY u.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.UserID, &r.Email, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Notifications lists a user's notifications, newest first, after an id
// (0: from the newest); it returns the id to continue after (0 at the end).
func (db *DB) Notifications(ctx context.Context, userID, afterID int64, limit int) ([]Notification, int64, error) {
	args := []any{userID, limit + 1}
	cond := ""
	if afterID > 0 {
		args = append(args, afterID)
		cond = " AND id < $3"
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, kind, payload, read_at, created_at FROM notifications WHERE user_id = $1`+cond+
		` ORDER BY id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		n := Notification{UserID: userID}
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &n.Payload, &read, &n.CreatedAt); err != nil {
			return nil, 0, err
		}
		n.ReadAt, n.CreatedAt = nullTime(read), n.CreatedAt.UTC()
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// UnreadNotifications counts a user's unread notifications.
func (db *DB) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks some of a user's notifications read (ids
// empty: all of them); ids of other users' notifications change nothing.
func (tx *Tx) MarkNotificationsRead(ctx context.Context, userID int64, ids []int64) error {
	args := []any{userID, now()}
	cond := ""
	if len(ids) > 0 {
		marks := make([]string, len(ids))
		for i, id := range ids {
			args = append(args, id)
			marks[i] = fmt.Sprintf("$%d", i+3)
		}
		cond = " AND id IN (" + strings.Join(marks, ", ") + ")"
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`+cond, args...)
	return err
}

// NotificationSettings returns a user's email choices by kind (kinds
// without a row are absent).
func (db *DB) NotificationSettings(ctx context.Context, userID int64) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT kind, email FROM notification_settings WHERE user_id = $1`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var kind string
		var email bool
		if err := rows.Scan(&kind, &email); err != nil {
			return nil, err
		}
		out[kind] = email
	}
	return out, rows.Err()
}

// SetNotificationSetting stores whether a user wants a kind by email.
func (tx *Tx) SetNotificationSetting(ctx context.Context, userID int64, kind string, email bool) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO notification_settings (user_id, kind, email) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email`, userID, kind, email)
	return err
}
