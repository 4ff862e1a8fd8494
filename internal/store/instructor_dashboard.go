package store

import (
	"context"
	"time"
)

// The instructor dashboard's figures, each summed by the database in one
// query, so the page costs a handful of queries however many courses,
// students and sales an instructor has.

// InstructorCounts are an instructor's headline counts.
type InstructorCounts struct {
	// Students is how many distinct users hold a current enrollment in
	// any of the instructor's courses; NewStudents how many of them
	// enrolled in the first of those courses at or after since.
	Students, NewStudents int
	// UnansweredQuestions counts the visible questions in the instructor's
	// courses they have not answered: what their Q&A inbox lists.
	UnansweredQuestions int
}

// InstructorCounts counts an instructor's students (all, and new since
// since) and unanswered questions.
func (db *DB) InstructorCounts(ctx context.Context, instructorID int64, since time.Time) (InstructorCounts, error) {
	var n InstructorCounts
	err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM (SELECT e.user_id FROM enrollments e JOIN courses c ON c.id = e.course_id
			WHERE c.instructor_id = $1 AND e.revoked_at IS NULL GROUP BY e.user_id) s),
		(SELECT COUNT(*) FROM (SELECT e.user_id FROM enrollments e JOIN courses c ON c.id = e.course_id
			WHERE c.instructor_id = $1 AND e.revoked_at IS NULL GROUP BY e.user_id HAVING MIN(e.created_at) >= $2) s),
		(SELECT COUNT(*) FROM qa_posts p JOIN courses c ON c.id = p.course_id
			WHERE c.instructor_id = $1 AND p.question_id IS NULL AND NOT p.instructor_answered AND p.status = 'visible')`,
		instructorID, since.UTC()).Scan(&n.Students, &n.NewStudents, &n.UnansweredQuestions)
	return n, err
}

// InstructorCourseStat is one of an instructor's courses at a glance.
type InstructorCourseStat struct {
	CourseID    int64
	Title, Slug string
	Status      string
	Students    int // current enrollments
	// RatingCount and RatingSum are over the course's visible reviews
	// (flagged and hidden ones are left out, as on public pages).
	RatingCount int
	RatingSum   int64
}

// InstructorCourseStats lists every course of an instructor, newest first,
// with its current enrollments and its visible reviews' count and sum.
func (db *DB) InstructorCourseStats(ctx context.Context, instructorID int64) ([]InstructorCourseStat, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.title, c.slug, c.status,
		(SELECT COUNT(*) FROM enrollments e WHERE e.course_id = c.id AND e.revoked_at IS NULL),
		COALESCE(rv.n, 0), COALESCE(rv.total, 0)
		FROM courses c LEFT JOIN (SELECT r.course_id, COUNT(*) AS n, SUM(r.rating) AS total FROM reviews r
			JOIN courses rc ON rc.id = r.course_id WHERE rc.instructor_id = $1 AND r.status = 'visible' GROUP BY r.course_id) rv
			ON rv.course_id = c.id
		WHERE c.instructor_id = $1 ORDER BY c.created_at DESC, c.id DESC`, instructorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InstructorCourseStat
	for rows.Next() {
		var s InstructorCourseStat
		if err := rows.Scan(&s.CourseID, &s.Title, &s.Slug, &s.Status, &s.Students, &s.RatingCount, &s.RatingSum); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// InstructorCourseSales is one course's sales in one currency, all time
// and since a moment, by the revenue report's rules: a sale counts on the
// day it was paid; refunds (whole or partial) are the instructor's share
// of what buyers got back and count against their sale.
type InstructorCourseSales struct {
	CourseID int64
	Currency string
	// All time.
	Sales         int
	EarningsCents int64 // the instructor's share of the sales
	RefundedShare int64 // the instructor's share of their refunds
	// Sales paid at or after since.
	RecentSales         int
	RecentEarningsCents int64
	RecentRefundedShare int64
}

// InstructorSales sums an instructor's paid order items per course and
// currency, all time and since since.
func (db *DB) InstructorSales(ctx context.Context, instructorID int64, since time.Time) ([]InstructorCourseSales, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT i.course_id, o.currency,
		COUNT(*), SUM(i.instructor_cents), COALESCE(SUM(r.share), 0),
		SUM(CASE WHEN o.paid_at >= $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN o.paid_at >= $2 THEN i.instructor_cents ELSE 0 END),
		SUM(CASE WHEN o.paid_at >= $2 THEN COALESCE(r.share, 0) ELSE 0 END)
		FROM order_items i JOIN orders o ON o.id = i.order_id`+itemRefunds+`
		WHERE i.instructor_id = $1 AND o.paid_at IS NOT NULL
		GROUP BY i.course_id, o.currency ORDER BY i.course_id, o.currency`, instructorID, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InstructorCourseSales
	for rows.Next() {
		var s InstructorCourseSales
		if err := rows.Scan(&s.CourseID, &s.Currency, &s.Sales, &s.EarningsCents, &s.RefundedShare,
			&s.RecentSales, &s.RecentEarningsCents, &s.RecentRefundedShare); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RecentInstructorReviews lists the newest visible reviews of an
// instructor's courses, at most limit.
func (db *DB) RecentInstructorReviews(ctx context.Context, instructorID int64, limit int) ([]*Review, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+reviewColumns+reviewFrom+`WHERE c.instructor_id = $1 AND r.status = 'visible'
		ORDER BY r.created_at DESC, r.id DESC LIMIT $2`, instructorID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Review
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
