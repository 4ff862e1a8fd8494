package httpapi

import (
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/learning"
)

// Quizzes: students read a quiz without its key and submit attempts; the
// course's instructor reads and writes the whole quiz.

type quizAnswerJSON struct {
	ID          string  `json:"id"`
	Body        string  `json:"body"`
	Correct     *bool   `json:"correct,omitempty"`
	Explanation *string `json:"explanation,omitempty"`
}

type quizQuestionJSON struct {
	ID       string           `json:"id"`
	Prompt   string           `json:"prompt"`
	Multiple bool             `json:"multiple"`
	Answers  []quizAnswerJSON `json:"answers"`
}

type quizAttemptJSON struct {
	ID           string    `json:"id"`
	ScorePercent int       `json:"score_percent"`
	Passed       bool      `json:"passed"`
	CreatedAt    time.Time `json:"created_at"`
}

// learnerQuizJSON has no correct flags and no explanations.
type learnerQuizJSON struct {
	LectureID   string             `json:"lecture_id"`
	PassPercent int                `json:"pass_percent"`
	Passed      bool               `json:"passed"`
	Questions   []quizQuestionJSON `json:"questions"`
	Attempts    []quizAttemptJSON  `json:"attempts"`
}

// quizJSON is the instructor's whole quiz, the body of PUT too.
type quizJSON struct {
	LectureID   string             `json:"lecture_id,omitempty"`
	PassPercent int                `json:"pass_percent"`
	Questions   []quizQuestionJSON `json:"questions"`
	UpdatedAt   *time.Time         `json:"updated_at,omitempty"`
}

type quizAttemptRequest struct {
	// Answers maps each question id to the chosen answer ids.
	Answers map[string][]string `json:"answers"`
}

type gradedQuestionJSON struct {
	quizQuestionJSON
	Chosen  []string `json:"chosen"`
	Correct bool     `json:"correct"`
}

type quizResultJSON struct {
	quizAttemptJSON
	PassPercent int                  `json:"pass_percent"`
	Questions   []gradedQuestionJSON `json:"questions"`
	Completed   bool                 `json:"completed"`
	Certificate *certificateJSON     `json:"certificate"`
}

func keyedQuestion(q learning.QuizQuestion) quizQuestionJSON {
	out := quizQuestionJSON{ID: q.ID, Prompt: q.Prompt, Multiple: q.Multiple, Answers: []quizAnswerJSON{}}
	for _, a := range q.Answers {
		out.Answers = append(out.Answers, quizAnswerJSON{ID: a.ID, Body: a.Body, Correct: &a.Correct, Explanation: &a.Explanation})
	}
	return out
}

func toQuizJSON(q *learning.Quiz) quizJSON {
	out := quizJSON{LectureID: id(q.LectureID), PassPercent: q.PassPercent, Questions: []quizQuestionJSON{}}
	if !q.UpdatedAt.IsZero() {
		out.UpdatedAt = &q.UpdatedAt
	}
	for _, qq := range q.Questions {
		out.Questions = append(out.Questions, keyedQuestion(qq))
	}
	return out
}

func toAttemptJSON(a learning.QuizAttempt) quizAttemptJSON {
	return quizAttemptJSON{ID: id(a.ID), ScorePercent: a.ScorePercent, Passed: a.Passed, CreatedAt: a.CreatedAt.UTC()}
}

func (s *Server) getQuiz(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	q, err := s.Learning.Quiz(r.Context(), currentUser(r), lid)
	if err != nil {
		return err
	}
	out := learnerQuizJSON{LectureID: id(lid), PassPercent: q.PassPercent, Passed: q.Passed, Questions: []quizQuestionJSON{}, Attempts: []quizAttemptJSON{}}
	for _, qq := range q.Questions {
		j := quizQuestionJSON{ID: qq.ID, Prompt: qq.Prompt, Multiple: qq.Multiple, Answers: []quizAnswerJSON{}}
		for _, a := range qq.Answers {
			j.Answers = append(j.Answers, quizAnswerJSON{ID: a.ID, Body: a.Body})
		}
		out.Questions = append(out.Questions, j)
	}
	for _, a := range q.Attempts {
		out.Attempts = append(out.Attempts, toAttemptJSON(a))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) submitQuiz(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	var in quizAttemptRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.Learning.SubmitQuiz(r.Context(), currentUser(r), lid, in.Answers)
	if err != nil {
		return err
	}
	out := quizResultJSON{quizAttemptJSON: toAttemptJSON(res.Attempt), PassPercent: res.PassPercent, Questions: []gradedQuestionJSON{}, Completed: res.Completed}
	for _, g := range res.Questions {
		chosen := g.Chosen
		if chosen == nil {
			chosen = []string{}
		}
		out.Questions = append(out.Questions, gradedQuestionJSON{quizQuestionJSON: keyedQuestion(g.QuizQuestion), Chosen: chosen, Correct: g.Correct})
	}
	if res.Certificate != nil {
		c := s.toCertificateJSON(res.Certificate)
		out.Certificate = &c
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) getQuizForEditor(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	q, err := s.Learning.QuizForEditor(r.Context(), currentUser(r), lid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toQuizJSON(q))
}

func (s *Server) putQuiz(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	var in quizJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q := learning.Quiz{PassPercent: in.PassPercent}
	for _, qq := range in.Questions {
		lq := learning.QuizQuestion{ID: qq.ID, Prompt: qq.Prompt, Multiple: qq.Multiple}
		for _, a := range qq.Answers {
			la := learning.QuizAnswer{ID: a.ID, Body: a.Body}
			if a.Correct != nil {
				la.Correct = *a.Correct
			}
			if a.Explanation != nil {
				la.Explanation = *a.Explanation
			}
			lq.Answers = append(lq.Answers, la)
		}
		q.Questions = append(q.Questions, lq)
	}
	saved, err := s.Learning.SaveQuiz(r.Context(), currentUser(r), lid, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toQuizJSON(saved))
}
