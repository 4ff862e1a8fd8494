package store

import "context"

// The instructor's analytics of one course: enrolments and sales per day,
// completion per lecture and quiz scores. Each is one aggregate query.

// day is the SQL for the UTC calendar day of a time column.
func (db *DB) day(col string) string {
	if db.Dialect == Postgres {
		return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	return "strftime('%Y-%m-%d', " + col + ")"
}

// DayCount is a number on one UTC day (YYYY-MM-DD).
type DayCount struct {
	Day   string
	Count int
}

// CourseEnrollmentDays counts a course's enrollments by the day they
// began (revoked ones included: they were enrolments on that day).
func (db *DB) CourseEnrollmentDays(ctx context.Context, courseID int64) ([]DayCount, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+db.day("created_at")+`, COUNT(*) FROM enrollments WHERE course_id = $1 GROUP BY 1 ORDER BY 1`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var d DayCount
		if err := rows.Scan(&d.Day, &d.Count); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SalesDay is one day of a course's sales in one currency.
type SalesDay struct {
	Day           string
	Currency      string
	Sales         int
	GrossCents    int64
	RefundedCents int64
}

// CourseSalesDays sums a course's paid order items by day and currency;
// items of refunded orders count as sales and as refunds.
func (db *DB) CourseSalesDays(ctx context.Context, courseID int64) ([]SalesDay, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+db.day("o.paid_at")+`, o.currency, COUNT(*), CAST(SUM(i.price_cents) AS BIGINT),
		CAST(SUM(CASE WHEN o.status = 'refunded' THEN i.price_cents ELSE 0 END) AS BIGINT)
		FROM order_items i JOIN orders o ON o.id = i.order_id
		WHERE i.course_id = $1 AND o.paid_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SalesDay
	for rows.Next() {
		var d SalesDay
		if err := rows.Scan(&d.Day, &d.Currency, &d.Sales, &d.GrossCents, &d.RefundedCents); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// LectureCompletions counts, per lecture of a course, the students with a
// current enrollment who completed it, and how many such students there are.
func (db *DB) LectureCompletions(ctx context.Context, courseID int64) (map[int64]int, int, error) {
	var enrolled int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrollments WHERE course_id = $1 AND revoked_at IS NULL`, courseID).Scan(&enrolled); err != nil {
		return nil, 0, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT p.lecture_id, COUNT(*) FROM progress p
		JOIN enrollments e ON e.user_id = p.user_id AND e.course_id = p.course_id AND e.revoked_at IS NULL
		WHERE p.course_id = $1 AND p.completed_at IS NOT NULL GROUP BY p.lecture_id`, courseID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, 0, err
		}
		out[id] = n
	}
	return out, enrolled, rows.Err()
}

// QuizScore sums up one quiz lecture's attempts.
type QuizScore struct {
	LectureID int64
	Students  int     // who attempted it
	Attempts  int     // in all
	AvgBest   float64 // the mean of each student's best score, in percent
	Passed    int     // students who passed
}

// CourseQuizScores sums up the attempts at each quiz of a course.
func (db *DB) CourseQuizScores(ctx context.Context, courseID int64) ([]QuizScore, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT lecture_id, COUNT(*), CAST(SUM(n) AS BIGINT), CAST(AVG(best) AS DOUBLE PRECISION), CAST(SUM(passed) AS BIGINT) FROM (
		SELECT lecture_id, user_id, COUNT(*) AS n, MAX(score_percent) AS best, MAX(CASE WHEN passed THEN 1 ELSE 0 END) AS passed
		FROM quiz_attempts WHERE course_id = $1 GROUP BY lecture_id, user_id) per_student
		GROUP BY lecture_id ORDER BY lecture_id`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QuizScore
	for rows.Next() {
		var q QuizScore
		if err := rows.Scan(&q.LectureID, &q.Students, &q.Attempts, &q.AvgBest, &q.Passed); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}
