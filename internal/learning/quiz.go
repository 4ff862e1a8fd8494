package learning

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Quiz limits: enough for a real end-of-section test, small enough to
// grade and render without paging.
const (
	maxQuestions   = 100
	maxAnswers     = 10
	maxPromptChars = 2000
)

var (
	errNoQuiz     = apperr.New(apperr.NotFound, "not_found", "This quiz has no questions yet.")
	errNotQuiz    = apperr.New(apperr.Conflict, "not_a_quiz", "This lecture is not a quiz.")
	quizIDPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,32}$`)
)

// LearnerQuiz is a quiz as a student sees it before answering: questions
// and choices only, never which choice is correct or why.
type LearnerQuiz struct {
	LectureID   int64
	PassPercent int
	Questions   []LearnerQuestion
	Attempts    []store.QuizAttempt
	Passed      bool
}

// LearnerQuestion is a question without its key.
type LearnerQuestion struct {
	ID       string
	Prompt   string
	Multiple bool
	Answers  []LearnerAnswer
}

// LearnerAnswer is a choice without its key.
type LearnerAnswer struct {
	ID   string
	Body string
}

// QuizResult is a graded attempt with the full key and explanations, shown
// only after the student submitted.
type QuizResult struct {
	Attempt     store.QuizAttempt
	PassPercent int
	Questions   []GradedQuestion
	// Completed: this attempt completed the lecture (the first pass).
	Completed   bool
	Certificate *store.Certificate // issued by this attempt, when it finished the course
}

// GradedQuestion is one question of a graded attempt.
type GradedQuestion struct {
	store.QuizQuestion
	Chosen  []string
	Correct bool
}

// viewerQuiz loads a quiz lecture's course and quiz for a viewer the access
// policy lets open the lecture, with the grant that lets them.
func (s *Service) viewerQuiz(ctx context.Context, u *store.User, lectureID int64) (*store.Course, *store.Quiz, access.Grant, error) {
	var none access.Grant
	l, c, err := s.quizLecture(ctx, lectureID)
	if err != nil {
		return nil, nil, none, err
	}
	grant, err := s.Access.Lecture(ctx, u, c, l)
	if err != nil {
		return nil, nil, none, err
	}
	if l.Kind != store.LectureQuiz {
		return nil, nil, none, errNotQuiz
	}
	q, err := s.DB.QuizFor(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, none, errNoQuiz
	}
	if err != nil {
		return nil, nil, none, err
	}
	return c, q, grant, nil
}

// quizLecture loads a lecture and its course.
func (s *Service) quizLecture(ctx context.Context, lectureID int64) (*store.Lecture, *store.Course, error) {
	l, err := s.DB.LectureByID(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errNoLecture
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := s.DB.CourseByID(ctx, l.CourseID)
	if err != nil {
		return nil, nil, err
	}
	return l, c, nil
}

// Quiz gives an entitled viewer a quiz without its answers, with their
// own attempts.
func (s *Service) Quiz(ctx context.Context, u *store.User, lectureID int64) (*LearnerQuiz, error) {
	_, q, _, err := s.viewerQuiz(ctx, u, lectureID)
	if err != nil {
		return nil, err
	}
	out := &LearnerQuiz{LectureID: lectureID, PassPercent: q.PassPercent}
	for _, qq := range q.Questions {
		lq := LearnerQuestion{ID: qq.ID, Prompt: qq.Prompt, Multiple: qq.Multiple}
		for _, a := range qq.Answers {
			lq.Answers = append(lq.Answers, LearnerAnswer{ID: a.ID, Body: a.Body})
		}
		out.Questions = append(out.Questions, lq)
	}
	if out.Attempts, err = s.DB.QuizAttempts(ctx, u.ID, lectureID); err != nil {
		return nil, err
	}
	for _, a := range out.Attempts {
		out.Passed = out.Passed || a.Passed
	}
	return out, nil
}

// QuizForEditor gives the course's instructor (or an admin) the whole quiz,
// answers and explanations included; an empty quiz when none was written.
func (s *Service) QuizForEditor(ctx context.Context, u *store.User, lectureID int64) (*store.Quiz, error) {
	l, c, err := s.quizLecture(ctx, lectureID)
	if err != nil {
		return nil, err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		return nil, hideLecture(err)
	}
	if l.Kind != store.LectureQuiz {
		return nil, errNotQuiz
	}
	q, err := s.DB.QuizFor(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return &store.Quiz{LectureID: lectureID, PassPercent: 70, Questions: []store.QuizQuestion{}}, nil
	}
	return q, err
}

// hideLecture turns "no such course" into "no such lecture" for routes
// that take a lecture id.
func hideLecture(err error) error {
	if errors.Is(err, access.ErrCourseNotFound) {
		return errNoLecture
	}
	return err
}

// SaveQuiz replaces a quiz's questions and pass mark (the course's
// instructor or an admin). Choices keep the ids they were given, so a
// student's earlier attempts still name them; new ones get fresh ids.
func (s *Service) SaveQuiz(ctx context.Context, u *store.User, lectureID int64, in store.Quiz) (*store.Quiz, error) {
	l, c, err := s.quizLecture(ctx, lectureID)
	if err != nil {
		return nil, err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		return nil, hideLecture(err)
	}
	if l.Kind != store.LectureQuiz {
		return nil, errNotQuiz
	}
	q, err := cleanQuiz(in)
	if err != nil {
		return nil, err
	}
	q.LectureID = lectureID
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.SaveQuiz(ctx, q) }); err != nil {
		return nil, err
	}
	return s.DB.QuizFor(ctx, lectureID)
}

func cleanQuiz(in store.Quiz) (store.Quiz, error) {
	var fe apperr.Fields
	if in.PassPercent < 1 || in.PassPercent > 100 {
		fe.Add("pass_percent", "must be a whole number from 1 to 100")
	}
	if len(in.Questions) == 0 || len(in.Questions) > maxQuestions {
		fe.Add("questions", fmt.Sprintf("must have from 1 to %d questions", maxQuestions))
	}
	out := store.Quiz{PassPercent: in.PassPercent}
	seen := map[string]bool{}
	id := func(given string) string {
		if quizIDPattern.MatchString(given) && !seen[given] {
			seen[given] = true
			return given
		}
		n := newID(6)
		seen[n] = true
		return n
	}
	text := func(field, v string, required bool) string {
		v = strings.TrimSpace(v)
		switch {
		case required && v == "":
			fe.Add(field, "is required")
		case utf8.RuneCountInString(v) > maxPromptChars:
			fe.Add(field, fmt.Sprintf("must be at most %d characters", maxPromptChars))
		case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
			fe.Add(field, "contains characters that are not text")
		}
		return v
	}
	for i, q := range in.Questions {
		f := fmt.Sprintf("questions.%d", i)
		cq := store.QuizQuestion{ID: id(q.ID), Prompt: text(f+".prompt", q.Prompt, true), Multiple: q.Multiple}
		if len(q.Answers) < 2 || len(q.Answers) > maxAnswers {
			fe.Add(f+".answers", fmt.Sprintf("must have from 2 to %d answers", maxAnswers))
		}
		correct := 0
		for j, a := range q.Answers {
			af := fmt.Sprintf("%s.answers.%d", f, j)
			cq.Answers = append(cq.Answers, store.QuizAnswer{ID: id(a.ID), Body: text(af+".body", a.Body, true), Correct: a.Correct,
				Explanation: text(af+".explanation", a.Explanation, false)})
			if a.Correct {
				correct++
			}
		}
		switch {
		case correct == 0:
			fe.Add(f+".answers", "must have a correct answer")
		case correct > 1 && !q.Multiple:
			fe.Add(f+".answers", "must have exactly one correct answer, or allow multiple answers")
		}
		out.Questions = append(out.Questions, cq)
	}
	return out, fe.Err()
}

func newID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// SubmitQuiz grades a student's answers (question id -> chosen answer ids),
// records the attempt and, when it passes for the first time, completes the
// lecture (and, when that finishes the course, issues the certificate).
// Instructors and admins may try their quiz; only learners' attempts count.
func (s *Service) SubmitQuiz(ctx context.Context, u *store.User, lectureID int64, chosen map[string][]string) (*QuizResult, error) {
	c, q, grant, err := s.viewerQuiz(ctx, u, lectureID)
	if err != nil {
		return nil, err
	}
	res, err := grade(q, chosen)
	if err != nil {
		return nil, err
	}
	res.Attempt.UserID, res.Attempt.LectureID, res.Attempt.CourseID = u.ID, lectureID, c.ID
	res.Attempt.CreatedAt = time.Now().UTC()
	if grant != access.GrantEnrolled && grant != access.GrantSubscription {
		return res, nil // the instructor trying their own quiz
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if res.Attempt.ID, err = tx.AddQuizAttempt(ctx, res.Attempt); err != nil {
			return err
		}
		if !res.Attempt.Passed {
			return nil
		}
		res.Completed, res.Certificate, err = s.complete(ctx, tx, u, c, lectureID, 0)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// grade scores answers against a quiz: a question is right when exactly
// its correct choices were chosen; the score is the share of questions
// right, rounded down.
func grade(q *store.Quiz, chosen map[string][]string) (*QuizResult, error) {
	var fe apperr.Fields
	known := map[string]bool{}
	for _, qq := range q.Questions {
		known[qq.ID] = true
	}
	for qid := range chosen {
		if !known[qid] {
			fe.Add("answers."+qid, "is not a question of this quiz")
		}
	}
	res := &QuizResult{PassPercent: q.PassPercent, Attempt: store.QuizAttempt{Answers: map[string][]string{}}}
	right := 0
	for _, qq := range q.Questions {
		picked := map[string]bool{}
		ids := map[string]bool{}
		for _, a := range qq.Answers {
			ids[a.ID] = true
		}
		for _, a := range chosen[qq.ID] {
			if !ids[a] {
				fe.Add("answers."+qq.ID, "names an answer this question does not have")
			}
			picked[a] = true
		}
		if len(picked) == 0 {
			fe.Add("answers."+qq.ID, "choose an answer")
		}
		if !qq.Multiple && len(picked) > 1 {
			fe.Add("answers."+qq.ID, "choose one answer")
		}
		ok := true
		var list []string
		for _, a := range qq.Answers {
			if picked[a.ID] {
				list = append(list, a.ID)
			}
			if picked[a.ID] != a.Correct {
				ok = false
			}
		}
		if ok {
			right++
		}
		res.Attempt.Answers[qq.ID] = list
		res.Questions = append(res.Questions, GradedQuestion{QuizQuestion: qq, Chosen: list, Correct: ok})
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if n := len(q.Questions); n > 0 {
		res.Attempt.ScorePercent = right * 100 / n
	}
	res.Attempt.Passed = res.Attempt.ScorePercent >= q.PassPercent
	return res, nil
}
