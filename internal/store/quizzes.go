package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// LectureQuiz is the kind of a lecture that is a quiz.
const LectureQuiz = "quiz"

// Quiz is a quiz lecture's questions and the score that passes it.
type Quiz struct {
	LectureID   int64
	PassPercent int
	Questions   []QuizQuestion
	UpdatedAt   time.Time
}

// QuizQuestion is one question; Multiple means several answers are correct
// and all of them (and nothing else) must be chosen.
type QuizQuestion struct {
	ID       string       `json:"id"`
	Prompt   string       `json:"prompt"`
	Multiple bool         `json:"multiple"`
	Answers  []QuizAnswer `json:"answers"`
}

// QuizAnswer is one choice of a question with the explanation students see
// after they submit.
type QuizAnswer struct {
	ID          string `json:"id"`
	Body        string `json:"body"`
	Correct     bool   `json:"correct"`
	Explanation string `json:"explanation"`
}

// QuizFor reads a lecture's quiz (ErrNotFound when none was written yet).
func (db *DB) QuizFor(ctx context.Context, lectureID int64) (*Quiz, error) {
	q := Quiz{LectureID: lectureID}
	var raw string
	err := db.read.QueryRowContext(ctx, `SELECT pass_percent, questions, updated_at FROM quizzes WHERE lecture_id = $1`, lectureID).
		Scan(&q.PassPercent, &raw, &q.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(raw), &q.Questions); err != nil {
		return nil, err
	}
	return &q, nil
}

// SaveQuiz writes a lecture's quiz whole.
func (tx *Tx) SaveQuiz(ctx context.Context, q Quiz) error {
	if q.Questions == nil {
		q.Questions = []QuizQuestion{}
	}
	raw, err := json.Marshal(q.Questions)
	if err != nil {
		return err
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO quizzes (lecture_id, pass_percent, questions, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (lecture_id) DO UPDATE SET pass_percent = excluded.pass_percent, questions = excluded.questions, updated_at = excluded.updated_at`,
		q.LectureID, q.PassPercent, string(raw), now())
	return err
}

// QuizAttempt is one submission of a quiz by a student.
type QuizAttempt struct {
	ID           int64
	UserID       int64
	LectureID    int64
	CourseID     int64
	ScorePercent int
	Passed       bool
	Answers      map[string][]string // question id -> chosen answer ids
	CreatedAt    time.Time
}

// AddQuizAttempt records a graded attempt and returns its id.
func (tx *Tx) AddQuizAttempt(ctx context.Context, a QuizAttempt) (int64, error) {
	if a.Answers == nil {
		a.Answers = map[string][]string{}
	}
	raw, err := json.Marshal(a.Answers)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.tx.QueryRowContext(ctx, `INSERT INTO quiz_attempts (user_id, lecture_id, course_id, score_percent, passed, answers, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, a.UserID, a.LectureID, a.CourseID, a.ScorePercent, a.Passed, string(raw), now()).Scan(&id)
	return id, err
}

// QuizAttempts lists a user's attempts at a quiz, newest first (at most 50).
func (db *DB) QuizAttempts(ctx context.Context, userID, lectureID int64) ([]QuizAttempt, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, course_id, score_percent, passed, answers, created_at FROM quiz_attempts
		WHERE user_id = $1 AND lecture_id = $2 ORDER BY created_at DESC, id DESC LIMIT 50`, userID, lectureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QuizAttempt
	for rows.Next() {
		a := QuizAttempt{UserID: userID, LectureID: lectureID}
		var raw string
		if err := rows.Scan(&a.ID, &a.CourseID, &a.ScorePercent, &a.Passed, &raw, &a.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &a.Answers); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
