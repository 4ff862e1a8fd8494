package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Post is a question on a lecture (QuestionID 0, with a Title) or an
// answer to one. Both share moderation (status, reports) and votes.
type Post struct {
	ID           int64
	CourseID     int64
	LectureID    int64
	QuestionID   int64 // 0: this is a question
	UserID       int64
	UserName     string
	Title        string
	Body         string
	AtS          *float64 // the video time a question is about
	ByInstructor bool     // written by the course's instructor
	Status       string   // visible, flagged, hidden (the review statuses)
	FlagReason   string
	ReportCount  int
	Upvotes      int
	FirstReport  string // the first report's reason (PostsByStatus only)
	// Questions only.
	AnswerCount        int
	InstructorAnswered bool
	AcceptedAnswerID   int64
	LectureTitle       string
	CourseTitle        string
	CourseSlug         string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

const postColumns = `p.id, p.course_id, p.lecture_id, p.question_id, p.user_id, u.name, p.title, p.body, p.at_s, p.by_instructor,
	p.status, p.flag_reason, p.report_count, p.upvotes, p.answer_count, p.instructor_answered, p.accepted_answer_id,
	l.title, c.title, c.slug, p.created_at, p.updated_at`

const postFrom = ` FROM qa_posts p JOIN users u ON u.id = p.user_id JOIN lectures l ON l.id = p.lecture_id JOIN courses c ON c.id = p.course_id `

func scanPost(row interface{ Scan(...any) error }) (*Post, error) {
	var p Post
	var question, accepted sql.NullInt64
	var at sql.NullFloat64
	err := row.Scan(&p.ID, &p.CourseID, &p.LectureID, &question, &p.UserID, &p.UserName, &p.Title, &p.Body, &at, &p.ByInstructor,
		&p.Status, &p.FlagReason, &p.ReportCount, &p.Upvotes, &p.AnswerCount, &p.InstructorAnswered, &accepted,
		&p.LectureTitle, &p.CourseTitle, &p.CourseSlug, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p.QuestionID, p.AcceptedAnswerID = question.Int64, accepted.Int64
	if at.Valid {
		v := at.Float64
		p.AtS = &v
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AddPost writes a question or an answer; an answer also counts on its
// question (and marks it answered by the instructor when it is theirs).
func (tx *Tx) AddPost(ctx context.Context, p Post) (int64, error) {
	t := now()
	var id int64
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO qa_posts (course_id, lecture_id, question_id, user_id, title, body, at_s, by_instructor,
		status, flag_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		p.CourseID, p.LectureID, nullID(p.QuestionID), p.UserID, p.Title, p.Body, p.AtS, p.ByInstructor, p.Status, p.FlagReason, t).Scan(&id)
	if err != nil || p.QuestionID == 0 {
		return id, err
	}
	return id, tx.recountAnswers(ctx, p.QuestionID)
}

// recountAnswers sets a question's answer count and whether the
// instructor answered, from its answers.
func (tx *Tx) recountAnswers(ctx context.Context, questionID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE qa_posts SET
		answer_count = (SELECT COUNT(*) FROM qa_posts a WHERE a.question_id = $1),
		instructor_answered = EXISTS (SELECT 1 FROM qa_posts a WHERE a.question_id = $1 AND a.by_instructor),
		updated_at = $2 WHERE id = $1`, questionID, now())
	return err
}

// PostByID reads a question or an answer.
func (db *DB) PostByID(ctx context.Context, id int64) (*Post, error) {
	return scanPost(db.read.QueryRowContext(ctx, `SELECT `+postColumns+postFrom+`WHERE p.id = $1`, id))
}

// PostByID reads a question or an answer inside tx.
func (tx *Tx) PostByID(ctx context.Context, id int64) (*Post, error) {
	return scanPost(tx.tx.QueryRowContext(ctx, `SELECT `+postColumns+postFrom+`WHERE p.id = $1`, id))
}

// QuestionQuery selects questions, newest first.
type QuestionQuery struct {
	CourseID  int64
	LectureID int64
	// Search matches words in the title or body (case-insensitive).
	Search string
	// InstructorID with Unanswered: the instructor's inbox, questions in
	// their courses they have not answered yet.
	InstructorID int64
	Unanswered   bool
	// ViewerID sees their own flagged or hidden questions too; Status, when
	// set, selects one status instead (moderation).
	ViewerID int64
	Status   string
	AfterID  int64
	Limit    int
}

// Questions lists questions with keyset pagination by id; it returns the
// id to continue after (0 at the end).
func (db *DB) Questions(ctx context.Context, q QuestionQuery) ([]*Post, int64, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where := []string{"p.question_id IS NULL"}
	if q.CourseID > 0 {
		where = append(where, "p.course_id = "+arg(q.CourseID))
	}
	if q.LectureID > 0 {
		where = append(where, "p.lecture_id = "+arg(q.LectureID))
	}
	if q.InstructorID > 0 {
		where = append(where, "c.instructor_id = "+arg(q.InstructorID))
	}
	if q.Unanswered {
		where = append(where, "NOT p.instructor_answered")
	}
	if q.Status != "" {
		where = append(where, "p.status = "+arg(q.Status))
	} else {
		where = append(where, "(p.status = 'visible' OR p.user_id = "+arg(q.ViewerID)+")")
	}
	for _, w := range strings.Fields(strings.ToLower(q.Search)) {
		like := arg("%" + likeEscaper.Replace(w) + "%")
		where = append(where, fmt.Sprintf(`(LOWER(p.title) LIKE %s ESCAPE '\' OR LOWER(p.body) LIKE %s ESCAPE '\')`, like, like))
	}
	if q.AfterID > 0 {
		where = append(where, "p.id < "+arg(q.AfterID))
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+postColumns+postFrom+`WHERE `+strings.Join(where, " AND ")+
		` ORDER BY p.id DESC LIMIT `+arg(q.Limit+1), args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := scanPosts(rows)
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > q.Limit {
		out = out[:q.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func scanPosts(rows *sql.Rows) ([]*Post, error) {
	defer rows.Close()
	var out []*Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Answers lists the answers to some questions, oldest first: visible
// ones, and the viewer's own whatever their status.
func (db *DB) Answers(ctx context.Context, questionIDs []int64, viewerID int64) ([]*Post, error) {
	if len(questionIDs) == 0 {
		return nil, nil
	}
	args := []any{viewerID}
	marks := make([]string, len(questionIDs))
	for i, id := range questionIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+postColumns+postFrom+`WHERE p.question_id IN (`+strings.Join(marks, ", ")+`)
		AND (p.status = 'visible' OR p.user_id = $1) ORDER BY p.created_at, p.id`, args...)
	if err != nil {
		return nil, err
	}
	return scanPosts(rows)
}

// AcceptAnswer marks answerID (0: none) as the accepted answer of a question.
func (tx *Tx) AcceptAnswer(ctx context.Context, questionID, answerID int64) error {
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE qa_posts SET accepted_answer_id = $2 WHERE id = $1 AND question_id IS NULL`,
		questionID, nullID(answerID)))
}

// ToggleVote adds userID's upvote to a post, or takes it back when there
// was one; it returns whether the user now votes for it and the count.
func (tx *Tx) ToggleVote(ctx context.Context, postID, userID int64) (bool, int, error) {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM qa_votes WHERE post_id = $1 AND user_id = $2`, postID, userID)
	if err != nil {
		return false, 0, err
	}
	voted := false
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO qa_votes (post_id, user_id, created_at) VALUES ($1, $2, $3)`, postID, userID, now()); err != nil {
			return false, 0, err
		}
		voted = true
	}
	var count int
	err = tx.tx.QueryRowContext(ctx, `UPDATE qa_posts SET upvotes = (SELECT COUNT(*) FROM qa_votes WHERE post_id = $1)
		WHERE id = $1 RETURNING upvotes`, postID).Scan(&count)
	return voted, count, err
}

// VotedPosts tells which of some posts userID has upvoted.
func (db *DB) VotedPosts(ctx context.Context, userID int64, postIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(postIDs) == 0 || userID == 0 {
		return out, nil
	}
	args := []any{userID}
	marks := make([]string, len(postIDs))
	for i, id := range postIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT post_id FROM qa_votes WHERE user_id = $1 AND post_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// AddPostReport records a user's report of a post, once per user; it
// returns the post's report count afterwards and whether this one was new.
func (tx *Tx) AddPostReport(ctx context.Context, postID, userID int64, reason string) (int, bool, error) {
	return tx.addReport(ctx, "qa_reports", "post_id", "qa_posts", postID, userID, reason)
}

// FirstPostReportReason is the reason given by the first person who
// reported a question or answer ("" when nobody has), read inside tx.
func (tx *Tx) FirstPostReportReason(ctx context.Context, postID int64) (string, error) {
	return tx.firstReportReason(ctx, "qa_reports", "post_id", postID)
}

// SetPostStatus is a moderation decision on a post.
func (tx *Tx) SetPostStatus(ctx context.Context, id int64, status, reason string) error {
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE qa_posts SET status = $2, flag_reason = $3 WHERE id = $1`, id, status, reason))
}

// DeletePost removes a question (with its answers) or an answer, which
// its question then no longer counts or accepts.
func (tx *Tx) DeletePost(ctx context.Context, p *Post) error {
	if err := oneRow(tx.tx.ExecContext(ctx, `DELETE FROM qa_posts WHERE id = $1`, p.ID)); err != nil {
		return err
	}
	if p.QuestionID == 0 {
		return nil
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE qa_posts SET accepted_answer_id = NULL WHERE id = $1 AND accepted_answer_id = $2`, p.QuestionID, p.ID); err != nil {
		return err
	}
	return tx.recountAnswers(ctx, p.QuestionID)
}

// PostsByStatus lists questions and answers in one moderation status,
// newest first, for admins, each with its first report's reason.
func (db *DB) PostsByStatus(ctx context.Context, status string, afterID int64, limit int) ([]*Post, int64, error) {
	args := []any{status, limit + 1}
	cond := ""
	if afterID > 0 {
		args = append(args, afterID)
		cond = " AND p.id < $3"
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+postColumns+postFrom+`WHERE p.status = $1`+cond+` ORDER BY p.id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := scanPosts(rows)
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, db.firstPostReports(ctx, out)
}

// firstPostReports fills in the first report's reason of the reported
// posts among some.
func (db *DB) firstPostReports(ctx context.Context, posts []*Post) error {
	byID := map[int64]*Post{}
	var args []any
	var marks []string
	for _, p := range posts {
		if p.ReportCount > 0 {
			byID[p.ID] = p
			args = append(args, p.ID)
			marks = append(marks, fmt.Sprintf("$%d", len(args)))
		}
	}
	if len(args) == 0 {
		return nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT post_id, reason FROM qa_reports WHERE post_id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY post_id, created_at DESC, user_id DESC`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return err
		}
		byID[id].FirstReport = reason // the last row of a post is its oldest report
	}
	return rows.Err()
}
