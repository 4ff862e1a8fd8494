package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/learning"
)

// Q&A on lectures: questions, answers, accepting, votes, search, the
// instructor's inbox and moderation.

type answerJSON struct {
	ID           string     `json:"id"`
	QuestionID   string     `json:"question_id"`
	User         personJSON `json:"user"`
	Body         string     `json:"body"`
	ByInstructor bool       `json:"by_instructor"`
	Accepted     bool       `json:"accepted"`
	Upvotes      int        `json:"upvotes"`
	Voted        bool       `json:"voted"`
	Status       string     `json:"status"`
	CreatedAt    time.Time  `json:"created_at"`
}

type questionJSON struct {
	ID                 string       `json:"id"`
	Course             courseRef    `json:"course"`
	Lecture            courseRef    `json:"lecture"`
	User               personJSON   `json:"user"`
	Title              string       `json:"title"`
	Body               string       `json:"body"`
	AtS                *float64     `json:"at_s"`
	ByInstructor       bool         `json:"by_instructor"`
	Upvotes            int          `json:"upvotes"`
	Voted              bool         `json:"voted"`
	AnswerCount        int          `json:"answer_count"`
	InstructorAnswered bool         `json:"instructor_answered"`
	AcceptedAnswerID   *string      `json:"accepted_answer_id"`
	Status             string       `json:"status"`
	Answers            []answerJSON `json:"answers"`
	CreatedAt          time.Time    `json:"created_at"`
}

type questionList struct {
	Items      []questionJSON `json:"items"`
	NextCursor *string        `json:"next_cursor"`
}

type askRequest struct {
	Title string   `json:"title"`
	Body  string   `json:"body"`
	AtS   *float64 `json:"at_s"`
}

type answerRequest struct {
	Body string `json:"body"`
}

type voteJSON struct {
	Voted   bool `json:"voted"`
	Upvotes int  `json:"upvotes"`
}

// moderatedPostJSON is a question or an answer in the admin's queue.
type moderatedPostJSON struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"` // question or answer
	QuestionID  *string    `json:"question_id"`
	Course      courseRef  `json:"course"`
	Lecture     courseRef  `json:"lecture"`
	User        personJSON `json:"user"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	Status      string     `json:"status"`
	FlagReason  string     `json:"flag_reason"`
	ReportCount int        `json:"report_count"`
	FirstReport string     `json:"first_report"` // the first report's reason; "" when nobody reported it
	CreatedAt   time.Time  `json:"created_at"`
}

type moderatedPostList struct {
	Items      []moderatedPostJSON `json:"items"`
	NextCursor *string             `json:"next_cursor"`
}

func toAnswerJSON(a *learning.Post, accepted int64, voted map[int64]bool) answerJSON {
	return answerJSON{ID: id(a.ID), QuestionID: id(a.QuestionID), User: personJSON{ID: id(a.UserID), Name: a.UserName}, Body: a.Body,
		ByInstructor: a.ByInstructor, Accepted: a.ID == accepted, Upvotes: a.Upvotes, Voted: voted[a.ID], Status: a.Status, CreatedAt: a.CreatedAt}
}

func toQuestionJSON(q *learning.Post, answers []*learning.Post, voted map[int64]bool) questionJSON {
	out := questionJSON{ID: id(q.ID), Course: courseRef{ID: id(q.CourseID), Title: q.CourseTitle, Slug: q.CourseSlug},
		Lecture: courseRef{ID: id(q.LectureID), Title: q.LectureTitle}, User: personJSON{ID: id(q.UserID), Name: q.UserName},
		Title: q.Title, Body: q.Body, AtS: q.AtS, ByInstructor: q.ByInstructor, Upvotes: q.Upvotes, Voted: voted[q.ID],
		AnswerCount: q.AnswerCount, InstructorAnswered: q.InstructorAnswered, Status: q.Status, Answers: []answerJSON{}, CreatedAt: q.CreatedAt}
	if q.AcceptedAnswerID != 0 {
		a := id(q.AcceptedAnswerID)
		out.AcceptedAnswerID = &a
	}
	for _, a := range answers {
		out.Answers = append(out.Answers, toAnswerJSON(a, q.AcceptedAnswerID, voted))
	}
	return out
}

func writeQuestions(w http.ResponseWriter, p *learning.QuestionPage) error {
	out := questionList{Items: []questionJSON{}}
	for _, q := range p.Questions {
		out.Items = append(out.Items, toQuestionJSON(q, p.Answers[q.ID], p.Voted))
	}
	if p.Next != 0 {
		out.NextCursor = encodeCursor(p.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) lectureQuestions(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	pg, err := readPage(r)
	if err != nil {
		return err
	}
	p, err := s.Learning.LectureQuestions(r.Context(), currentUser(r), lid, r.URL.Query().Get("q"), pg.afterID, pg.limit)
	if err != nil {
		return err
	}
	return writeQuestions(w, p)
}

func (s *Server) courseQuestions(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	pg, err := readPage(r)
	if err != nil {
		return err
	}
	p, err := s.Learning.CourseQuestions(r.Context(), currentUser(r), cid, r.URL.Query().Get("q"), pg.afterID, pg.limit)
	if err != nil {
		return err
	}
	return writeQuestions(w, p)
}

func (s *Server) askQuestion(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	var in askRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q, err := s.Learning.Ask(r.Context(), currentUser(r), lid, learning.QuestionInput{Title: in.Title, Body: in.Body, AtS: in.AtS})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toQuestionJSON(q, nil, nil))
}

func (s *Server) answerQuestion(w http.ResponseWriter, r *http.Request) error {
	qid, err := pathID(r, "id", "question")
	if err != nil {
		return err
	}
	var in answerRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Learning.Answer(r.Context(), currentUser(r), qid, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toAnswerJSON(a, 0, nil))
}

func (s *Server) acceptAnswer(w http.ResponseWriter, r *http.Request) error {
	aid, err := pathID(r, "id", "answer")
	if err != nil {
		return err
	}
	q, err := s.Learning.Accept(r.Context(), currentUser(r), aid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toQuestionJSON(q, nil, nil))
}

func (s *Server) votePost(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id", "question")
	if err != nil {
		return err
	}
	voted, n, err := s.Learning.Vote(r.Context(), currentUser(r), pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, voteJSON{Voted: voted, Upvotes: n})
}

func (s *Server) reportPost(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id", "question")
	if err != nil {
		return err
	}
	var in reportRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Learning.ReportPost(r.Context(), currentUser(r), pid, in.Reason); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]string{"status": "reported"})
}

func (s *Server) questionInbox(w http.ResponseWriter, r *http.Request) error {
	pg, err := readPage(r)
	if err != nil {
		return err
	}
	p, err := s.Learning.QAInbox(r.Context(), currentUser(r), pg.afterID, pg.limit)
	if err != nil {
		return err
	}
	return writeQuestions(w, p)
}

func (s *Server) adminPosts(w http.ResponseWriter, r *http.Request) error {
	pg, err := readPage(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	if status == "" {
		status = learning.ReviewFlagged
	}
	posts, next, err := s.Learning.PostQueue(r.Context(), currentUser(r), status, pg.afterID, pg.limit)
	if err != nil {
		return err
	}
	out := moderatedPostList{Items: []moderatedPostJSON{}}
	for _, p := range posts {
		out.Items = append(out.Items, toModeratedPost(p))
	}
	if next != 0 {
		out.NextCursor = encodeCursor(next)
	}
	return writeJSON(w, http.StatusOK, out)
}

func toModeratedPost(p *learning.Post) moderatedPostJSON {
	out := moderatedPostJSON{ID: id(p.ID), Kind: "question", Course: courseRef{ID: id(p.CourseID), Title: p.CourseTitle, Slug: p.CourseSlug},
		Lecture: courseRef{ID: id(p.LectureID), Title: p.LectureTitle},
		User:    personJSON{ID: id(p.UserID), Name: p.UserName}, Title: p.Title, Body: p.Body, Status: p.Status, FlagReason: p.FlagReason,
		ReportCount: p.ReportCount, FirstReport: p.FirstReport, CreatedAt: p.CreatedAt}
	if p.QuestionID != 0 {
		q := id(p.QuestionID)
		out.Kind, out.QuestionID = "answer", &q
	}
	return out
}

func (s *Server) adminPatchPost(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id", "post")
	if err != nil {
		return err
	}
	var in moderateRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Learning.ModeratePost(r.Context(), currentUser(r), pid, in.Status, strings.TrimSpace(in.Reason))
	if err != nil {
		return err
	}
	if p == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return writeJSON(w, http.StatusOK, toModeratedPost(p))
}
