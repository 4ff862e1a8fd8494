package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Progress is how far a user got in one lecture.
type Progress struct {
	LectureID   int64
	CourseID    int64
	PositionS   float64
	WatchedS    float64
	CompletedAt *time.Time
	UpdatedAt   time.Time
	// WatchedRanges are the parts of a video played, encoded by the
	// learning package ("0-95,120-300").
	WatchedRanges string
}

// ProgressFor reads a user's progress in one lecture (zero when none).
func (tx *Tx) ProgressFor(ctx context.Context, userID, lectureID int64) (*Progress, error) {
	var p Progress
	var done sql.NullTime
	err := tx.tx.QueryRowContext(ctx, `SELECT lecture_id, course_id, position_s, watched_s, completed_at, updated_at, watched_ranges FROM progress
		WHERE user_id = $1 AND lecture_id = $2`, userID, lectureID).Scan(&p.LectureID, &p.CourseID, &p.PositionS, &p.WatchedS, &done, &p.UpdatedAt, &p.WatchedRanges)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	p.CompletedAt = nullTime(done)
	return &p, err
}

// SaveProgress writes a user's progress in a lecture.
func (tx *Tx) SaveProgress(ctx context.Context, userID int64, p Progress) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO progress (user_id, lecture_id, course_id, position_s, watched_s, completed_at, updated_at, watched_ranges)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (user_id, lecture_id) DO UPDATE SET position_s = excluded.position_s, watched_s = excluded.watched_s,
		completed_at = excluded.completed_at, updated_at = excluded.updated_at, watched_ranges = excluded.watched_ranges`,
		userID, p.LectureID, p.CourseID, p.PositionS, p.WatchedS, p.CompletedAt, now(), p.WatchedRanges)
	return err
}

// CourseProgress lists a user's progress in every lecture of a course they
// have touched.
func (db *DB) CourseProgress(ctx context.Context, userID, courseID int64) (map[int64]Progress, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT lecture_id, course_id, position_s, watched_s, completed_at, updated_at FROM progress
		WHERE user_id = $1 AND course_id = $2`, userID, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Progress{}
	for rows.Next() {
		var p Progress
		var done sql.NullTime
		if err := rows.Scan(&p.LectureID, &p.CourseID, &p.PositionS, &p.WatchedS, &done, &p.UpdatedAt); err != nil {
			return nil, err
		}
		p.CompletedAt = nullTime(done)
		out[p.LectureID] = p
	}
	return out, rows.Err()
}

// CourseActivity is how far a user got in one enrolled course.
type CourseActivity struct {
	Lectures  int        // lectures in the course
	Completed int        // of them completed
	LastAt    *time.Time // the last progress report, nil before any
}

// LearningActivity summarises a user's progress in each course they are
// currently enrolled in, for My learning and the home page.
func (db *DB) LearningActivity(ctx context.Context, userID int64) (map[int64]CourseActivity, error) {
	out := map[int64]CourseActivity{}
	rows, err := db.read.QueryContext(ctx, `SELECT l.course_id, COUNT(*) FROM lectures l
		JOIN enrollments e ON e.course_id = l.course_id AND e.user_id = $1 AND e.revoked_at IS NULL GROUP BY l.course_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a CourseActivity
		if err := rows.Scan(&id, &a.Lectures); err != nil {
			return nil, err
		}
		out[id] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// One row per lecture touched: fewer than a student's lectures, and the
	// times scan as times on both databases (an aggregate would not).
	prog, err := db.read.QueryContext(ctx, `SELECT p.course_id, p.completed_at, p.updated_at FROM progress p
		JOIN enrollments e ON e.course_id = p.course_id AND e.user_id = p.user_id AND e.revoked_at IS NULL WHERE p.user_id = $1`, userID)
	if err != nil {
		return nil, err
	}
	defer prog.Close()
	for prog.Next() {
		var id int64
		var done sql.NullTime
		var at time.Time
		if err := prog.Scan(&id, &done, &at); err != nil {
			return nil, err
		}
		a := out[id]
		if done.Valid {
			a.Completed++
		}
		if a.LastAt == nil || at.After(*a.LastAt) {
			a.LastAt = &at
		}
		out[id] = a
	}
	return out, prog.Err()
}

// LectureWatchRanges returns the encoded watched ranges of every viewer of
// a lecture (students with any played stretch), for its drop-off curve.
func (db *DB) LectureWatchRanges(ctx context.Context, lectureID int64) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT watched_ranges FROM progress WHERE lecture_id = $1 AND watched_ranges <> ''`, lectureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
