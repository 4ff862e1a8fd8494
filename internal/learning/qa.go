package learning

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/notify"
	"github.com/lectern/lectern/internal/store"
)

// Q&A: students (and the course's instructor, admins) ask questions on a
// lecture and answer them. Who may read or write is the policy's
// course-level decision: a free preview opens a lecture, not its
// discussion. Posts follow the moderation rules of reviews.

const maxTitle = 200

var (
	errNoQuestion = apperr.New(apperr.NotFound, "not_found", "No such question.")
	errNoAnswer   = apperr.New(apperr.NotFound, "not_found", "No such answer.")
	errNotAsker   = apperr.New(apperr.Forbidden, "forbidden", "Only the person who asked may accept an answer.")
)

// Notification kinds Q&A sends.
const (
	NoticeAnswer   = "qa.answer"   // an answer to your question
	NoticeQuestion = "qa.question" // a new question in your course
)

// QuestionInput is a new question.
type QuestionInput struct {
	Title string
	Body  string
	AtS   *float64 // optional video time in seconds
}

// QuestionPage is a page of questions with their answers and the caller's
// upvotes.
type QuestionPage struct {
	Questions []*store.Post
	Answers   map[int64][]*store.Post // by question id
	Voted     map[int64]bool          // post ids the caller upvoted
	Next      int64                   // the id to continue after; 0 at the end
}

// participant decides whether u may read and write a course's Q&A (and
// notes): the policy's course-level grant.
func (s *Service) participant(ctx context.Context, u *store.User, c *store.Course) error {
	if u == nil {
		return access.ErrLogin
	}
	_, err := s.Access.Course(ctx, u, c)
	return err
}

// lectureFor loads a lecture and its course for a participant.
func (s *Service) lectureFor(ctx context.Context, u *store.User, lectureID int64) (*store.Lecture, *store.Course, error) {
	l, c, err := s.quizLecture(ctx, lectureID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.participant(ctx, u, c); err != nil {
		return nil, nil, hideLecture(err)
	}
	return l, c, nil
}

// postFor loads a post on a course u takes part in; a post u may not see
// is not found.
func (s *Service) postFor(ctx context.Context, u *store.User, postID int64, notFound error) (*store.Post, *store.Course, error) {
	p, err := s.DB.PostByID(ctx, postID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, notFound
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := s.DB.CourseByID(ctx, p.CourseID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.participant(ctx, u, c); err != nil {
		if errors.Is(err, access.ErrCourseNotFound) {
			return nil, nil, notFound
		}
		return nil, nil, err
	}
	if p.Status != store.ReviewVisible && !access.OwnsOrAdmin(u, p.UserID) {
		return nil, nil, notFound
	}
	return p, c, nil
}

func cleanText(fe *apperr.Fields, field, v string, max int, required bool) string {
	v = strings.TrimSpace(v)
	switch {
	case required && v == "":
		fe.Add(field, "is required")
	case utf8.RuneCountInString(v) > max:
		fe.Add(field, fmt.Sprintf("must be at most %d characters", max))
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		fe.Add(field, "contains characters that are not text")
	}
	return v
}

// Ask posts a question on a lecture; the course's instructor is told.
func (s *Service) Ask(ctx context.Context, u *store.User, lectureID int64, in QuestionInput) (*store.Post, error) {
	var fe apperr.Fields
	title := cleanText(&fe, "title", in.Title, maxTitle, true)
	body := cleanText(&fe, "body", in.Body, maxComment, false)
	if in.AtS != nil && (math.IsNaN(*in.AtS) || *in.AtS < 0 || *in.AtS > 24*3600) {
		fe.Add("at_s", "must be a number of seconds from 0")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	l, c, err := s.lectureFor(ctx, u, lectureID)
	if err != nil {
		return nil, err
	}
	status, reason := s.moderate(title + "\n" + body)
	p := store.Post{CourseID: c.ID, LectureID: l.ID, UserID: u.ID, Title: title, Body: body, AtS: in.AtS,
		ByInstructor: access.IsOwner(u, c), Status: status, FlagReason: reason}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if id, err = tx.AddPost(ctx, p); err != nil {
			return err
		}
		if access.IsOwner(u, c) || status != store.ReviewVisible {
			return nil
		}
		return s.notify(ctx, tx, []int64{c.InstructorID}, NoticeQuestion, notify.Notice{
			Title: fmt.Sprintf("New question in %s", c.Title),
			Body:  fmt.Sprintf("%s asked on “%s”: %s", u.Name, l.Title, title),
			Link:  questionLink(c, l.ID, id),
		})
	})
	if err != nil {
		return nil, err
	}
	return s.DB.PostByID(ctx, id)
}

// questionLink is where a question is read in the player.
func questionLink(c *store.Course, lectureID, questionID int64) string {
	return fmt.Sprintf("/learn/%s/%d?question=%d", c.Slug, lectureID, questionID)
}

// Answer posts an answer to a question; the asker is told. An answer by
// the course's instructor is marked as theirs.
func (s *Service) Answer(ctx context.Context, u *store.User, questionID int64, body string) (*store.Post, error) {
	var fe apperr.Fields
	body = cleanText(&fe, "body", body, maxComment, true)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	q, c, err := s.postFor(ctx, u, questionID, errNoQuestion)
	if err != nil {
		return nil, err
	}
	if q.QuestionID != 0 {
		return nil, errNoQuestion
	}
	status, reason := s.moderate(body)
	a := store.Post{CourseID: q.CourseID, LectureID: q.LectureID, QuestionID: q.ID, UserID: u.ID, Body: body,
		ByInstructor: access.IsOwner(u, c), Status: status, FlagReason: reason}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if id, err = tx.AddPost(ctx, a); err != nil {
			return err
		}
		if q.UserID == u.ID || status != store.ReviewVisible {
			return nil
		}
		who := u.Name
		if a.ByInstructor {
			who += " (instructor)"
		}
		return s.notify(ctx, tx, []int64{q.UserID}, NoticeAnswer, notify.Notice{
			Title: fmt.Sprintf("New answer to “%s”", q.Title),
			Body:  fmt.Sprintf("%s answered: %s", who, body),
			Link:  questionLink(c, q.LectureID, q.ID),
		})
	})
	if err != nil {
		return nil, err
	}
	return s.DB.PostByID(ctx, id)
}

// Accept marks an answer as the accepted one of its question (only the
// asker may); accepting it again takes the mark back.
func (s *Service) Accept(ctx context.Context, u *store.User, answerID int64) (*store.Post, error) {
	a, _, err := s.postFor(ctx, u, answerID, errNoAnswer)
	if err != nil {
		return nil, err
	}
	if a.QuestionID == 0 {
		return nil, errNoAnswer
	}
	q, err := s.DB.PostByID(ctx, a.QuestionID)
	if err != nil {
		return nil, err
	}
	if !access.Owns(u, q.UserID) {
		return nil, errNotAsker
	}
	accept := a.ID
	if q.AcceptedAnswerID == a.ID {
		accept = 0
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.AcceptAnswer(ctx, q.ID, accept) }); err != nil {
		return nil, err
	}
	return s.DB.PostByID(ctx, q.ID)
}

// Vote toggles u's upvote of a question or answer: one per user.
func (s *Service) Vote(ctx context.Context, u *store.User, postID int64) (voted bool, count int, err error) {
	if _, _, err := s.postFor(ctx, u, postID, errNoQuestion); err != nil {
		return false, 0, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		voted, count, err = tx.ToggleVote(ctx, postID, u.ID)
		return err
	})
	return voted, count, err
}

// LectureQuestions lists a lecture's questions (search: words to match).
func (s *Service) LectureQuestions(ctx context.Context, u *store.User, lectureID int64, search string, afterID int64, limit int) (*QuestionPage, error) {
	l, c, err := s.lectureFor(ctx, u, lectureID)
	if err != nil {
		return nil, err
	}
	return s.questions(ctx, u, store.QuestionQuery{CourseID: c.ID, LectureID: l.ID, Search: search, ViewerID: u.ID, AfterID: afterID, Limit: limit})
}

// CourseQuestions lists or searches all the questions of a course.
func (s *Service) CourseQuestions(ctx context.Context, u *store.User, courseID int64, search string, afterID int64, limit int) (*QuestionPage, error) {
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCourse
	}
	if err != nil {
		return nil, err
	}
	if err := s.participant(ctx, u, c); err != nil {
		return nil, err
	}
	return s.questions(ctx, u, store.QuestionQuery{CourseID: c.ID, Search: search, ViewerID: u.ID, AfterID: afterID, Limit: limit})
}

// QAInbox lists the questions in u's courses that u has not answered
// yet, newest first: the instructor's inbox.
func (s *Service) QAInbox(ctx context.Context, u *store.User, afterID int64, limit int) (*QuestionPage, error) {
	if err := access.RequireInstructor(u); err != nil {
		return nil, err
	}
	return s.questions(ctx, u, store.QuestionQuery{InstructorID: u.ID, Unanswered: true, Status: store.ReviewVisible, AfterID: afterID, Limit: limit})
}

func (s *Service) questions(ctx context.Context, u *store.User, q store.QuestionQuery) (*QuestionPage, error) {
	if utf8.RuneCountInString(q.Search) > 200 {
		return nil, apperr.Fields{{Field: "q", Message: "must be at most 200 characters"}}.Err()
	}
	qs, next, err := s.DB.Questions(ctx, q)
	if err != nil {
		return nil, err
	}
	page := &QuestionPage{Questions: qs, Next: next, Answers: map[int64][]*store.Post{}}
	ids := make([]int64, 0, len(qs))
	for _, p := range qs {
		ids = append(ids, p.ID)
	}
	answers, err := s.DB.Answers(ctx, ids, u.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range answers {
		page.Answers[a.QuestionID] = append(page.Answers[a.QuestionID], a)
		ids = append(ids, a.ID)
	}
	if page.Voted, err = s.DB.VotedPosts(ctx, u.ID, ids); err != nil {
		return nil, err
	}
	return page, nil
}

// ReportPost records that u finds a question or answer inappropriate;
// the review rules decide when it is flagged.
func (s *Service) ReportPost(ctx context.Context, u *store.User, postID int64, reason string) error {
	reason, err := reportReason(reason)
	if err != nil {
		return err
	}
	p, _, err := s.postFor(ctx, u, postID, errNoQuestion)
	if err != nil {
		return err
	}
	if access.Owns(u, p.UserID) {
		return errOwnReport
	}
	var fresh bool
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		count, isNew, err := tx.AddPostReport(ctx, postID, u.ID, reason)
		if err != nil {
			return err
		}
		fresh = isNew
		cur, err := tx.PostByID(ctx, postID)
		if err != nil {
			return err
		}
		if s.flagsNow(count, isNew, cur.Status) {
			first, err := tx.FirstPostReportReason(ctx, postID)
			if err != nil {
				return err
			}
			return tx.SetPostStatus(ctx, postID, store.ReviewFlagged, reportedReason(count, first))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !fresh {
		return errAlreadyReports
	}
	return nil
}

// PostQueue lists questions and answers by moderation status (admins).
func (s *Service) PostQueue(ctx context.Context, u *store.User, status string, afterID int64, limit int) ([]*store.Post, int64, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, 0, err
	}
	if status != store.ReviewVisible && status != store.ReviewFlagged && status != store.ReviewHidden {
		return nil, 0, apperr.Fields{{Field: "status", Message: "must be visible, flagged or hidden"}}.Err()
	}
	return s.DB.PostsByStatus(ctx, status, afterID, limit)
}

// ModeratePost is an admin's decision on a question or answer, by the
// review rules: restore (visible), hide or delete, with a reason. It
// returns nil after a deletion.
func (s *Service) ModeratePost(ctx context.Context, admin *store.User, postID int64, status, reason string) (*store.Post, error) {
	if err := access.RequireAdmin(admin); err != nil {
		return nil, err
	}
	p, err := s.DB.PostByID(ctx, postID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoQuestion
	}
	if err != nil {
		return nil, err
	}
	action, err := moderationDecision(status, reason)
	if err != nil {
		return nil, err
	}
	what := "question"
	if p.QuestionID != 0 {
		what = "answer"
	}
	detail := fmt.Sprintf("course %d, %s by user %d", p.CourseID, what, p.UserID)
	if reason != "" {
		detail += "; " + reason
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if status == moderationDelete {
			err = tx.DeletePost(ctx, p)
		} else {
			err = tx.SetPostStatus(ctx, p.ID, status, reason)
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, admin.ID, what+"."+action, what+":"+strconv.FormatInt(p.ID, 10), detail)
	})
	if err != nil || status == moderationDelete {
		return nil, err
	}
	return s.DB.PostByID(ctx, p.ID)
}

// Notifier tells users about something, in the app and by email as their
// settings say, in the transaction of the change that caused it.
type Notifier interface {
	NotifyTx(ctx context.Context, tx *store.Tx, userIDs []int64, kind string, n notify.Notice) error
}

func (s *Service) notify(ctx context.Context, tx *store.Tx, userIDs []int64, kind string, n notify.Notice) error {
	if s.Notifier == nil {
		return nil
	}
	return s.Notifier.NotifyTx(ctx, tx, userIDs, kind, n)
}
