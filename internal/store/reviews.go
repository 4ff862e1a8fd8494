package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Review statuses.
const (
	ReviewVisible = "visible"
	ReviewFlagged = "flagged"
	ReviewHidden  = "hidden"
)

// Review is one student's rating and comment on a course.
type Review struct {
	ID              int64
	CourseID        int64
	UserID          int64
	UserName        string
	Rating          int
	Comment         string
	Status          string
	FlagReason      string
	ReportCount     int
	InstructorReply string
	RepliedAt       *time.Time
	CourseTitle     string
	CourseSlug      string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

const reviewColumns = `r.id, r.course_id, r.user_id, u.name, r.rating, r.comment, r.status, r.flag_reason, r.report_count,
	r.instructor_reply, r.replied_at, r.created_at, r.updated_at, c.title, c.slug`

const reviewFrom = ` FROM reviews r JOIN users u ON u.id = r.user_id JOIN courses c ON c.id = r.course_id `

func scanReview(row interface{ Scan(...any) error }) (*Review, error) {
	var r Review
	var replied sql.NullTime
	err := row.Scan(&r.ID, &r.CourseID, &r.UserID, &r.UserName, &r.Rating, &r.Comment, &r.Status, &r.FlagReason, &r.ReportCount,
		&r.InstructorReply, &replied, &r.CreatedAt, &r.UpdatedAt, &r.CourseTitle, &r.CourseSlug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.RepliedAt = nullTime(replied)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

// LockCourse serialises changes to one course's reviews: on PostgreSQL a
// row lock, so two reviews committed at once still recount each other; on
// SQLite the single writer already does.
func (tx *Tx) LockCourse(ctx context.Context, courseID int64) error {
	if tx.dialect != Postgres {
		return nil
	}
	_, err := tx.tx.ExecContext(ctx, `SELECT id FROM courses WHERE id = $1 FOR UPDATE`, courseID)
	return err
}

// RecountRating sets a course's rating from its visible reviews, in the
// transaction that changed them.
func (tx *Tx) RecountRating(ctx context.Context, courseID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE courses SET
		rating_count = (SELECT COUNT(*) FROM reviews WHERE course_id = $1 AND status = 'visible'),
		rating_avg = COALESCE((SELECT AVG(rating) FROM reviews WHERE course_id = $1 AND status = 'visible'), 0),
		updated_at = $2 WHERE id = $1`, courseID, now())
	return err
}

// UpsertReview creates or updates a user's review of a course; status is
// what moderation decided for the new text.
func (tx *Tx) UpsertReview(ctx context.Context, courseID, userID int64, rating int, comment, status, flagReason string) (*Review, bool, error) {
	t := now()
	var id int64
	err := tx.tx.QueryRowContext(ctx, `SELECT id FROM reviews WHERE course_id = $1 AND user_id = $2`, courseID, userID).Scan(&id)
	created := errors.Is(err, sql.ErrNoRows)
	switch {
	case created:
		err = tx.tx.QueryRowContext(ctx, `INSERT INTO reviews (course_id, user_id, rating, comment, status, flag_reason, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, courseID, userID, rating, comment, status, flagReason, t).Scan(&id)
	case err == nil:
		// An edit is judged afresh, but a hidden review stays hidden.
		_, err = tx.tx.ExecContext(ctx, `UPDATE reviews SET rating = $2, comment = $3,
			status = CASE WHEN status = 'hidden' THEN 'hidden' ELSE $4 END,
			flag_reason = CASE WHEN status = 'hidden' THEN flag_reason ELSE $5 END, updated_at = $6 WHERE id = $1`,
			id, rating, comment, status, flagReason, t)
	}
	if err != nil {
		return nil, false, err
	}
	r, err := tx.ReviewByID(ctx, id)
	return r, created, err
}

// ReviewByID reads a review inside tx.
func (tx *Tx) ReviewByID(ctx context.Context, id int64) (*Review, error) {
	return scanReview(tx.tx.QueryRowContext(ctx, `SELECT `+reviewColumns+reviewFrom+`WHERE r.id = $1`, id))
}

// ReviewByID reads a review.
func (db *DB) ReviewByID(ctx context.Context, id int64) (*Review, error) {
	return scanReview(db.read.QueryRowContext(ctx, `SELECT `+reviewColumns+reviewFrom+`WHERE r.id = $1`, id))
}

// ReviewOf reads a user's review of a course.
func (db *DB) ReviewOf(ctx context.Context, courseID, userID int64) (*Review, error) {
	return scanReview(db.read.QueryRowContext(ctx, `SELECT `+reviewColumns+reviewFrom+`WHERE r.course_id = $1 AND r.user_id = $2`, courseID, userID))
}

// DeleteReview removes a review.
func (tx *Tx) DeleteReview(ctx context.Context, id int64) error {
	return oneRow(tx.tx.ExecContext(ctx, `DELETE FROM reviews WHERE id = $1`, id))
}

// SetReviewStatus is a moderation decision. It leaves updated_at alone:
// that tells when the author last edited the review.
func (tx *Tx) SetReviewStatus(ctx context.Context, id int64, status, reason string) error {
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE reviews SET status = $2, flag_reason = $3 WHERE id = $1`, id, status, reason))
}

// SetReply stores the instructor's (single, editable) reply.
func (tx *Tx) SetReply(ctx context.Context, id int64, body string) error {
	var at *time.Time
	if body != "" {
		t := now()
		at = &t
	}
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE reviews SET instructor_reply = $2, replied_at = $3 WHERE id = $1`, id, body, at))
}

// AddReport records a user's report of a review, once per user; it returns
// the review's report count afterwards and whether this report was new.
func (tx *Tx) AddReport(ctx context.Context, reviewID, userID int64, reason string) (int, bool, error) {
	return tx.addReport(ctx, "review_reports", "review_id", "reviews", reviewID, userID, reason)
}

// addReport records one user's report of a reported thing (a review or a
// Q&A post) in its reports table and keeps the thing's report_count equal
// to the number of reports. The names are constants of this package.
func (tx *Tx) addReport(ctx context.Context, reports, idCol, things string, id, userID int64, reason string) (int, bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO `+reports+` (`+idCol+`, user_id, reason, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (`+idCol+`, user_id) DO NOTHING`, id, userID, reason, now())
	if err != nil {
		return 0, false, err
	}
	n, _ := res.RowsAffected()
	var count int
	err = tx.tx.QueryRowContext(ctx, `UPDATE `+things+` SET report_count = (SELECT COUNT(*) FROM `+reports+` WHERE `+idCol+` = $1)
		WHERE id = $1 RETURNING report_count`, id).Scan(&count)
	return count, n == 1, err
}

// FirstReportReason is the reason given by the first person who reported a
// review ("" when nobody has), read inside tx.
func (tx *Tx) FirstReportReason(ctx context.Context, reviewID int64) (string, error) {
	return tx.firstReportReason(ctx, "review_reports", "review_id", reviewID)
}

// firstReportReason reads the oldest report's reason from a reports table
// (names are constants of this package).
func (tx *Tx) firstReportReason(ctx context.Context, reports, idCol string, id int64) (string, error) {
	var reason string
	err := tx.tx.QueryRowContext(ctx, `SELECT reason FROM `+reports+` WHERE `+idCol+` = $1 ORDER BY created_at, user_id LIMIT 1`, id).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return reason, err
}

// ReviewQuery selects reviews of a course (or, admins, across courses).
type ReviewQuery struct {
	CourseID int64  // 0: every course
	Status   string // "" with CourseID: visible only
	Sort     string // "recent" or "rating"
	After    *ReviewCursor
	Limit    int
}

// ReviewCursor is a keyset position.
type ReviewCursor struct {
	Sort      string    `json:"s"`
	Rating    int       `json:"r,omitempty"`
	CreatedAt time.Time `json:"t"`
	ID        int64     `json:"id"`
}

// Reviews lists reviews with keyset pagination.
func (db *DB) Reviews(ctx context.Context, q ReviewQuery) ([]*Review, *ReviewCursor, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var where []string
	if q.CourseID > 0 {
		where = append(where, "r.course_id = "+arg(q.CourseID))
	}
	if q.Status != "" {
		where = append(where, "r.status = "+arg(q.Status))
	}
	if len(where) == 0 {
		where = append(where, "1=1")
	}
	order := "r.created_at DESC, r.id DESC"
	if q.Sort == "rating" {
		order = "r.rating DESC, r.created_at DESC, r.id DESC"
	}
	if a := q.After; a != nil {
		t, id := arg(a.CreatedAt), arg(a.ID)
		if q.Sort == "rating" {
			rt := arg(a.Rating)
			where = append(where, fmt.Sprintf("(r.rating < %s OR (r.rating = %s AND (r.created_at < %s OR (r.created_at = %s AND r.id < %s))))", rt, rt, t, t, id))
		} else {
			where = append(where, fmt.Sprintf("(r.created_at < %s OR (r.created_at = %s AND r.id < %s))", t, t, id))
		}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+reviewColumns+reviewFrom+`WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT `+arg(q.Limit+1), args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []*Review
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var next *ReviewCursor
	if len(out) > q.Limit {
		out = out[:q.Limit]
		last := out[len(out)-1]
		next = &ReviewCursor{Sort: q.Sort, Rating: last.Rating, CreatedAt: last.CreatedAt, ID: last.ID}
	}
	return out, next, nil
}

// RatingHistogram counts a course's visible reviews per star.
func (db *DB) RatingHistogram(ctx context.Context, courseID int64) (map[int]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT rating, COUNT(*) FROM reviews WHERE course_id = $1 AND status = 'visible' GROUP BY rating`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int{1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
	for rows.Next() {
		var star, n int
		if err := rows.Scan(&star, &n); err != nil {
			return nil, err
		}
		out[star] = n
	}
	return out, rows.Err()
}
