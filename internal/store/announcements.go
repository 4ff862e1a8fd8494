package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Announcement is a message from a course's instructor to its students.
type Announcement struct {
	ID         int64
	CourseID   int64
	AuthorID   int64
	AuthorName string
	Title      string
	BodyMD     string
	CreatedAt  time.Time
	EmailedAt  *time.Time
	Delivered  int // students emailed so far
}

const announcementColumns = `a.id, a.course_id, a.author_id, u.name, a.title, a.body_md, a.created_at, a.emailed_at,
	(SELECT COUNT(*) FROM announcement_deliveries d WHERE d.announcement_id = a.id)`

const announcementFrom = ` FROM announcements a JOIN users u ON u.id = a.author_id `

func scanAnnouncement(row interface{ Scan(...any) error }) (*Announcement, error) {
	var a Announcement
	var emailed sql.NullTime
	err := row.Scan(&a.ID, &a.CourseID, &a.AuthorID, &a.AuthorName, &a.Title, &a.BodyMD, &a.CreatedAt, &emailed, &a.Delivered)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	a.EmailedAt = nullTime(emailed)
	return &a, err
}

// CreateAnnouncement stores an announcement inside tx (the delivery job is
// queued in the same transaction).
func (tx *Tx) CreateAnnouncement(ctx context.Context, courseID, authorID int64, title, bodyMD string) (*Announcement, error) {
	var id int64
	if err := tx.tx.QueryRowContext(ctx, `INSERT INTO announcements (course_id, author_id, title, body_md, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, courseID, authorID, title, bodyMD, now()).Scan(&id); err != nil {
		return nil, err
	}
	return scanAnnouncement(tx.tx.QueryRowContext(ctx, `SELECT `+announcementColumns+announcementFrom+`WHERE a.id = $1`, id))
}

// AnnouncementByID reads one announcement.
func (db *DB) AnnouncementByID(ctx context.Context, id int64) (*Announcement, error) {
	return scanAnnouncement(db.read.QueryRowContext(ctx, `SELECT `+announcementColumns+announcementFrom+`WHERE a.id = $1`, id))
}

// CourseAnnouncements lists a course's announcements newest first, a page
// of limit after the id beforeID (0: from the newest).
func (db *DB) CourseAnnouncements(ctx context.Context, courseID, beforeID int64, limit int) ([]*Announcement, error) {
	if beforeID <= 0 {
		beforeID = 1<<62 - 1
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+announcementColumns+announcementFrom+`WHERE a.course_id = $1 AND a.id < $2
		ORDER BY a.id DESC LIMIT $3`, courseID, beforeID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Announcement
	for rows.Next() {
		a, err := scanAnnouncement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Recipient is a student an announcement is emailed to.
type Recipient struct {
	UserID int64
	Email  string
	Name   string
}

// UndeliveredRecipients is the next page (by user id, after afterUserID) of
// students currently enrolled in the announcement's course, not disabled,
// who have no delivery of it yet.
func (tx *Tx) UndeliveredRecipients(ctx context.Context, announcementID, courseID, afterUserID int64, limit int) ([]Recipient, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT u.id, u.email, u.name FROM enrollments e
		JOIN users u ON u.id = e.user_id
		LEFT JOIN announcement_deliveries d ON d.announcement_id = $1 AND d.user_id = e.user_id
		WHERE e.course_id = $2 AND e.revoked_at IS NULL AND u.disabled_at IS NULL AND d.user_id IS NULL AND e.user_id > $3
		ORDER BY e.user_id LIMIT $4`, announcementID, courseID, afterUserID, limit)
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

// RecordDelivery claims the delivery of an announcement to a user: true
// when this call recorded it, false when it was already delivered (by an
// earlier or a concurrent run), in which case nothing may be sent.
func (tx *Tx) RecordDelivery(ctx context.Context, announcementID, userID int64) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO announcement_deliveries (announcement_id, user_id, delivered_at) VALUES ($1, $2, $3)
		ON CONFLICT (announcement_id, user_id) DO NOTHING`, announcementID, userID, now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkAnnouncementEmailed records that delivery reached every student.
func (db *DB) MarkAnnouncementEmailed(ctx context.Context, id int64) error {
	_, err := db.write.ExecContext(ctx, `UPDATE announcements SET emailed_at = $2 WHERE id = $1 AND emailed_at IS NULL`, id, now())
	return err
}
