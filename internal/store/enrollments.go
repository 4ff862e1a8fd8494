package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Enrollment sources.
const (
	EnrollFree     = "free"
	EnrollPurchase = "purchase"
	EnrollAdmin    = "admin"
)

// Enrollment is a user's access to a course.
type Enrollment struct {
	UserID    int64
	CourseID  int64
	Source    string
	OrderID   *int64
	CreatedAt time.Time
	RevokedAt *time.Time
}

// IsEnrolled reports whether user has a current (not revoked) enrollment.
func (db *DB) IsEnrolled(ctx context.Context, userID, courseID int64) (bool, error) {
	var ok bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM enrollments WHERE user_id = $1 AND course_id = $2 AND revoked_at IS NULL)`,
		userID, courseID).Scan(&ok)
	return ok, err
}

// Enroll grants user access to a course. A revoked enrollment is restored
// with the new source; an active one is left as it is. It reports whether a
// new active enrollment was created, and keeps the course's count in step.
func (tx *Tx) Enroll(ctx context.Context, userID, courseID int64, source string, orderID *int64) (bool, error) {
	t := now()
	var revoked sql.NullTime
	err := tx.tx.QueryRowContext(ctx, `SELECT revoked_at FROM enrollments WHERE user_id = $1 AND course_id = $2`, userID, courseID).Scan(&revoked)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO enrollments (user_id, course_id, source, order_id, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (user_id, course_id) DO NOTHING`, userID, courseID, source, orderID, t)
		if err != nil {
			return false, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return false, nil // enrolled concurrently
		}
	case err != nil:
		return false, err
	case !revoked.Valid:
		return false, nil
	default:
		if _, err := tx.tx.ExecContext(ctx, `UPDATE enrollments SET revoked_at = NULL, source = $3, order_id = $4, created_at = $5
			WHERE user_id = $1 AND course_id = $2`, userID, courseID, source, orderID, t); err != nil {
			return false, err
		}
	}
	_, err = tx.tx.ExecContext(ctx, `UPDATE courses SET enrollment_count = enrollment_count + 1 WHERE id = $1`, courseID)
	return err == nil, err
}

// EnrolledCourse is a course in a user's learning list.
type EnrolledCourse struct {
	Course     *Course
	Enrollment Enrollment
}

// Enrollments lists a user's current enrollments, most recent first.
func (db *DB) Enrollments(ctx context.Context, userID int64) ([]EnrolledCourse, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+courseColumns+`, e.source, e.order_id, e.created_at`+courseFrom+
		`JOIN enrollments e ON e.course_id = c.id WHERE e.user_id = $1 AND e.revoked_at IS NULL ORDER BY e.created_at DESC, c.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EnrolledCourse
	for rows.Next() {
		var e Enrollment
		var order sql.NullInt64
		c, err := scanCourse(rows, &e.Source, &order, &e.CreatedAt)
		if err != nil {
			return nil, err
		}
		e.UserID, e.CourseID = userID, c.ID
		if order.Valid {
			e.OrderID = &order.Int64
		}
		out = append(out, EnrolledCourse{Course: c, Enrollment: e})
	}
	return out, rows.Err()
}

// EnrollmentState is a user's enrollment in one course, for the access
// policy: current, revoked, or revoked because its order was refunded.
type EnrollmentState struct {
	Active   bool
	Revoked  bool
	Refunded bool
}

// EnrollmentState reads user's enrollment in course (zero when none).
func (db *DB) EnrollmentState(ctx context.Context, userID, courseID int64) (EnrollmentState, error) {
	var revoked sql.NullTime
	var orderStatus sql.NullString
	err := db.read.QueryRowContext(ctx, `SELECT e.revoked_at, o.status FROM enrollments e LEFT JOIN orders o ON o.id = e.order_id
		WHERE e.user_id = $1 AND e.course_id = $2`, userID, courseID).Scan(&revoked, &orderStatus)
	if errors.Is(err, sql.ErrNoRows) {
		return EnrollmentState{}, nil
	}
	if err != nil {
		return EnrollmentState{}, err
	}
	if !revoked.Valid {
		return EnrollmentState{Active: true}, nil
	}
	return EnrollmentState{Revoked: true, Refunded: orderStatus.String == OrderRefunded || orderStatus.String == OrderPartiallyRefunded}, nil
}
