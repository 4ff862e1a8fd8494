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
}

// ProgressFor reads a user's progress in one lecture (zero when none).
func (tx *Tx) ProgressFor(ctx context.Context, userID, lectureID int64) (*Progress, error) {
	var p Progress
	var done sql.NullTime
	err := tx.tx.QueryRowContext(ctx, `SELECT lecture_id, course_id, position_s, watched_s, completed_at, updated_at FROM progress
		WHERE user_id = $1 AND lecture_id = $2`, userID, lectureID).Scan(&p.LectureID, &p.CourseID, &p.PositionS, &p.WatchedS, &done, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	p.CompletedAt = nullTime(done)
	return &p, err
}

// SaveProgress writes a user's progress in a lecture.
func (tx *Tx) SaveProgress(ctx context.Context, userID int64, p Progress) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO progress (user_id, lecture_id, course_id, position_s, watched_s, completed_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (user_id, lecture_id) DO UPDATE SET position_s = excluded.position_s, watched_s = excluded.watched_s,
		completed_at = excluded.completed_at, updated_at = excluded.updated_at`,
		userID, p.LectureID, p.CourseID, p.PositionS, p.WatchedS, p.CompletedAt, now())
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
