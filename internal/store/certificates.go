package store

import (
	"context"
	"database/sql"
	"time"
)

// Certificate is a student's certificate of completion of a course.
type Certificate struct {
	ID             string
	UserID         int64
	CourseID       int64
	CourseSlug     string
	StudentName    string
	CourseTitle    string
	InstructorName string
	ContentS       int
	IssuedAt       time.Time
}

const certificateColumns = `ce.id, ce.user_id, ce.course_id, c.slug, ce.student_name, ce.course_title, ce.instructor_name, ce.content_s, ce.issued_at
	FROM certificates ce JOIN courses c ON c.id = ce.course_id `

func scanCertificates(rows *sql.Rows) ([]Certificate, error) {
	defer rows.Close()
	var out []Certificate
	for rows.Next() {
		var c Certificate
		if err := rows.Scan(&c.ID, &c.UserID, &c.CourseID, &c.CourseSlug, &c.StudentName, &c.CourseTitle, &c.InstructorName, &c.ContentS, &c.IssuedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// IssueCertificate stores c unless the user already has a certificate for
// the course; it reports whether c was stored. Two completions racing each
// other issue one certificate (the unique index decides).
func (tx *Tx) IssueCertificate(ctx context.Context, c Certificate) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO certificates (id, user_id, course_id, student_name, course_title, instructor_name, content_s, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, course_id) DO NOTHING`,
		c.ID, c.UserID, c.CourseID, c.StudentName, c.CourseTitle, c.InstructorName, c.ContentS, now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CertificateByID reads a certificate by its public id.
func (db *DB) CertificateByID(ctx context.Context, id string) (*Certificate, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+certificateColumns+`WHERE ce.id = $1`, id)
	if err != nil {
		return nil, err
	}
	list, err := scanCertificates(rows)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

// UserCertificates lists a user's certificates, newest first; courseID 0
// means every course.
func (db *DB) UserCertificates(ctx context.Context, userID, courseID int64) ([]Certificate, error) {
	q, args := `SELECT `+certificateColumns+`WHERE ce.user_id = $1`, []any{userID}
	if courseID != 0 {
		q, args = q+` AND ce.course_id = $2`, append(args, courseID)
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY ce.issued_at DESC, ce.id`, args...)
	if err != nil {
		return nil, err
	}
	return scanCertificates(rows)
}

// CourseCompletion counts a course's lectures and how many of them a user
// has completed, inside a transaction that just changed that user's
// progress (so a certificate decision sees its own write).
func (tx *Tx) CourseCompletion(ctx context.Context, userID, courseID int64) (done, total int, err error) {
	err = tx.tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM progress p JOIN lectures l ON l.id = p.lecture_id WHERE p.user_id = $1 AND l.course_id = $2 AND p.completed_at IS NOT NULL),
		(SELECT COUNT(*) FROM lectures WHERE course_id = $2)`, userID, courseID).Scan(&done, &total)
	return done, total, err
}
