package store

import (
	"context"
	"database/sql"
	"time"
)

// Note is a student's private note at a time in a lecture.
type Note struct {
	ID           int64
	UserID       int64
	CourseID     int64
	LectureID    int64
	LectureTitle string
	AtS          float64
	Body         string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

const noteSelect = `SELECT n.id, n.user_id, n.course_id, n.lecture_id, l.title, n.at_s, n.body, n.created_at, n.updated_at
	FROM notes n JOIN lectures l ON l.id = n.lecture_id `

func scanNotes(rows *sql.Rows, err error) ([]Note, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Note{}
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.UserID, &n.CourseID, &n.LectureID, &n.LectureTitle, &n.AtS, &n.Body, &n.CreatedAt, &n.UpdatedAt); err != nil {
			return nil, err
		}
		n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// AddNote writes a note and returns its id.
func (tx *Tx) AddNote(ctx context.Context, n Note) (int64, error) {
	var id int64
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO notes (user_id, course_id, lecture_id, at_s, body, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, n.UserID, n.CourseID, n.LectureID, n.AtS, n.Body, now()).Scan(&id)
	return id, err
}

// NoteByID reads a note.
func (db *DB) NoteByID(ctx context.Context, id int64) (*Note, error) {
	list, err := scanNotes(db.read.QueryContext(ctx, noteSelect+`WHERE n.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

// UpdateNote changes a note's text and time.
func (tx *Tx) UpdateNote(ctx context.Context, id int64, atS float64, body string) error {
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE notes SET at_s = $2, body = $3, updated_at = $4 WHERE id = $1`, id, atS, body, now()))
}

// DeleteNote removes a note.
func (tx *Tx) DeleteNote(ctx context.Context, id int64) error {
	return oneRow(tx.tx.ExecContext(ctx, `DELETE FROM notes WHERE id = $1`, id))
}

// LectureNotes lists a user's notes on a lecture by time.
func (db *DB) LectureNotes(ctx context.Context, userID, lectureID int64) ([]Note, error) {
	return scanNotes(db.read.QueryContext(ctx, noteSelect+`WHERE n.user_id = $1 AND n.lecture_id = $2 ORDER BY n.at_s, n.id`, userID, lectureID))
}

// CourseNotes lists a user's notes on a course in curriculum order, then
// by time.
func (db *DB) CourseNotes(ctx context.Context, userID, courseID int64) ([]Note, error) {
	return scanNotes(db.read.QueryContext(ctx, noteSelect+`JOIN sections s ON s.id = l.section_id
		WHERE n.user_id = $1 AND n.course_id = $2 ORDER BY s.position, l.position, n.at_s, n.id`, userID, courseID))
}
