package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/learning"
)

type progressRequest struct {
	PositionS float64 `json:"position_s"`
	WatchedS  float64 `json:"watched_s"`
	Completed bool    `json:"completed"`
}

type lectureProgressJSON struct {
	LectureID string  `json:"lecture_id"`
	PositionS float64 `json:"position_s"`
	WatchedS  float64 `json:"watched_s"`
	Completed bool    `json:"completed"`
}

type courseProgressJSON struct {
	CourseID      string                `json:"course_id"`
	Percent       int                   `json:"percent"`
	NextLectureID *string               `json:"next_lecture_id"`
	Lectures      []lectureProgressJSON `json:"lectures"`
	Certificate   *certificateJSON      `json:"certificate"`
}

func (s *Server) putProgress(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	var in progressRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Learning.ReportProgress(r.Context(), currentUser(r), lid, learning.ProgressInput{PositionS: in.PositionS, WatchedS: in.WatchedS, Completed: in.Completed})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, lectureProgressJSON{LectureID: id(lid), PositionS: p.PositionS, WatchedS: p.WatchedS, Completed: p.CompletedAt != nil})
}

func (s *Server) getProgress(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	cp, err := s.Learning.Progress(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	out := courseProgressJSON{CourseID: id(cid), Percent: cp.Percent, Lectures: []lectureProgressJSON{}}
	if cp.NextLecture != nil {
		n := id(*cp.NextLecture)
		out.NextLectureID = &n
	}
	if cp.Certificate != nil {
		c := s.toCertificateJSON(cp.Certificate)
		out.Certificate = &c
	}
	for _, l := range cp.Lectures {
		p := cp.ByLecture[l.ID]
		out.Lectures = append(out.Lectures, lectureProgressJSON{LectureID: id(l.ID), PositionS: p.PositionS, WatchedS: p.WatchedS, Completed: p.CompletedAt != nil})
	}
	return writeJSON(w, http.StatusOK, out)
}

type reviewJSON struct {
	ID              string     `json:"id"`
	CourseID        string     `json:"course_id"`
	Course          courseRef  `json:"course"`
	User            personJSON `json:"user"`
	Rating          int        `json:"rating"`
	Comment         string     `json:"comment"`
	Status          string     `json:"status"`
	InstructorReply string     `json:"instructor_reply"`
	RepliedAt       *time.Time `json:"replied_at"`
	ReportCount     int        `json:"report_count,omitempty"`
	FlagReason      string     `json:"flag_reason,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

func toReviewJSON(r *learning.Review, moderator bool) reviewJSON {
	out := reviewJSON{ID: id(r.ID), CourseID: id(r.CourseID), Course: courseRef{ID: id(r.CourseID), Title: r.CourseTitle, Slug: r.CourseSlug}, User: personJSON{ID: id(r.UserID), Name: r.UserName}, Rating: r.Rating,
		Comment: r.Comment, Status: r.Status, InstructorReply: r.InstructorReply, RepliedAt: r.RepliedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if moderator {
		out.ReportCount, out.FlagReason = r.ReportCount, r.FlagReason
	}
	return out
}

type reviewSummary struct {
	Average   float64        `json:"average"`
	Count     int            `json:"count"`
	Histogram map[string]int `json:"histogram"`
}

type reviewList struct {
	Items      []reviewJSON   `json:"items"`
	NextCursor *string        `json:"next_cursor"`
	Summary    *reviewSummary `json:"summary,omitempty"`
}

// reviewQuery reads ?sort=, ?limit= and a review ?cursor=.
func reviewQuery(r *http.Request) (sort string, after *learning.ReviewCursor, limit int, err error) {
	if limit, err = pageLimit(r); err != nil {
		return "", nil, 0, err
	}
	sort = r.URL.Query().Get("sort")
	if c := r.URL.Query().Get("cursor"); c != "" {
		after = &learning.ReviewCursor{}
		if err := decodeCursor(c, after); err != nil {
			return "", nil, 0, err
		}
	}
	return sort, after, limit, nil
}

func writeReviews(w http.ResponseWriter, page *learning.ReviewPage) error {
	out := reviewList{Items: []reviewJSON{}}
	for _, it := range page.Items {
		out.Items = append(out.Items, toReviewJSON(it, page.Moderator))
	}
	if page.Next != nil {
		out.NextCursor = encodeCursor(page.Next)
	}
	if sum := page.Summary; sum != nil {
		out.Summary = &reviewSummary{Average: sum.Average, Count: sum.Count, Histogram: map[string]int{}}
		for star, n := range sum.Histogram {
			out.Summary.Histogram[strconv.Itoa(star)] = n
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) courseReviews(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	sort, after, limit, err := reviewQuery(r)
	if err != nil {
		return err
	}
	page, err := s.Learning.CourseReviews(r.Context(), currentUser(r), cid, sort, after, limit)
	if err != nil {
		return err
	}
	return writeReviews(w, page)
}

type reviewRequest struct {
	Rating  int    `json:"rating"`
	Comment string `json:"comment"`
}

func (s *Server) putMyReview(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	var in reviewRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rv, created, err := s.Learning.Review(r.Context(), currentUser(r), cid, in.Rating, in.Comment)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, toReviewJSON(rv, false))
}

func (s *Server) getMyReview(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	rv, err := s.Learning.MyReview(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toReviewJSON(rv, false))
}

func (s *Server) deleteMyReview(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	if err := s.Learning.DeleteOwn(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type reportRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) reportReview(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathID(r, "id", "review")
	if err != nil {
		return err
	}
	var in reportRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.Learning.Report(r.Context(), currentUser(r), rid, in.Reason); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]string{"status": "reported"})
}

type replyRequest struct {
	Body string `json:"body"`
}

func (s *Server) replyReview(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathID(r, "id", "review")
	if err != nil {
		return err
	}
	var in replyRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rv, err := s.Learning.Reply(r.Context(), currentUser(r), rid, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toReviewJSON(rv, false))
}

type moderateRequest struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
}

func (s *Server) adminReviews(w http.ResponseWriter, r *http.Request) error {
	status := r.URL.Query().Get("status")
	if status != "" && status != learning.ReviewVisible && status != learning.ReviewFlagged && status != learning.ReviewHidden {
		return apperr.Fields{{Field: "status", Message: "must be visible, flagged or hidden"}}.Err()
	}
	_, after, limit, err := reviewQuery(r)
	if err != nil {
		return err
	}
	page, err := s.Learning.ModerationQueue(r.Context(), currentUser(r), status, "recent", after, limit)
	if err != nil {
		return err
	}
	return writeReviews(w, page)
}

func (s *Server) adminPatchReview(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathID(r, "id", "review")
	if err != nil {
		return err
	}
	var in moderateRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rv, err := s.Learning.Moderate(r.Context(), currentUser(r), rid, in.Status, strings.TrimSpace(in.Reason))
	if err != nil {
		return err
	}
	if rv == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return writeJSON(w, http.StatusOK, toReviewJSON(rv, true))
}

func (s *Server) adminDeleteReview(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathID(r, "id", "review")
	if err != nil {
		return err
	}
	if err := s.Learning.AdminDelete(r.Context(), currentUser(r), rid, r.URL.Query().Get("reason")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// courseRef names a course in lists about something else.
type courseRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Slug  string `json:"slug"`
}
