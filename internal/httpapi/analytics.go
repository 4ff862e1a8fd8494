package httpapi

import (
	"net/http"

	"github.com/lectern/lectern/internal/learning"
)

type dayCountJSON struct {
	Day   string `json:"day"`
	Count int    `json:"count"`
}

type salesDayJSON struct {
	Day           string `json:"day"`
	Currency      string `json:"currency"`
	Sales         int    `json:"sales"`
	GrossCents    int64  `json:"gross_cents"`
	RefundedCents int64  `json:"refunded_cents"`
}

type lectureStatJSON struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Kind      string  `json:"kind"`
	DurationS int     `json:"duration_s"`
	Completed int     `json:"completed"`
	Share     float64 `json:"share"`
}

type quizScoreJSON struct {
	LectureID  string  `json:"lecture_id"`
	Students   int     `json:"students"`
	Attempts   int     `json:"attempts"`
	AvgPercent float64 `json:"avg_best_percent"`
	Passed     int     `json:"passed"`
}

// analyticsJSON is a course's analytics: enrolments and sales per UTC day
// (days without any are left out), completion per lecture in curriculum
// order (share of the students currently enrolled), quiz scores.
type analyticsJSON struct {
	Course      courseRef         `json:"course"`
	Enrolled    int               `json:"enrolled"`
	Enrollments []dayCountJSON    `json:"enrollments"`
	Sales       []salesDayJSON    `json:"sales"`
	Lectures    []lectureStatJSON `json:"lectures"`
	Quizzes     []quizScoreJSON   `json:"quizzes"`
}

// dropOffJSON is a video's audience retention: shares[i] is the share of
// viewers who watched the seconds [i*bucket_s, (i+1)*bucket_s).
type dropOffJSON struct {
	LectureID string    `json:"lecture_id"`
	Title     string    `json:"title"`
	DurationS int       `json:"duration_s"`
	BucketS   int       `json:"bucket_s"`
	Viewers   int       `json:"viewers"`
	Shares    []float64 `json:"shares"`
}

func (s *Server) courseAnalytics(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "course")
	if err != nil {
		return err
	}
	a, err := s.Learning.CourseAnalytics(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	out := analyticsJSON{Course: courseRef{ID: id(a.Course.ID), Title: a.Course.Title, Slug: a.Course.Slug}, Enrolled: a.Enrolled,
		Enrollments: []dayCountJSON{}, Sales: []salesDayJSON{}, Lectures: []lectureStatJSON{}, Quizzes: []quizScoreJSON{}}
	for _, d := range a.Enrollments {
		out.Enrollments = append(out.Enrollments, dayCountJSON(d))
	}
	for _, d := range a.Sales {
		out.Sales = append(out.Sales, salesDayJSON(d))
	}
	for _, l := range a.Lectures {
		out.Lectures = append(out.Lectures, lectureStatJSON{ID: id(l.Lecture.ID), Title: l.Lecture.Title, Kind: l.Lecture.Kind,
			DurationS: l.Lecture.DurationS, Completed: l.Completed, Share: l.Share})
	}
	for _, q := range a.Quizzes {
		out.Quizzes = append(out.Quizzes, quizScoreJSON{LectureID: id(q.LectureID), Students: q.Students, Attempts: q.Attempts,
			AvgPercent: q.AvgBest, Passed: q.Passed})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) lectureDropOff(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	l, d, err := s.Learning.LectureDropOff(r.Context(), currentUser(r), lid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toDropOffJSON(l.ID, l.Title, d))
}

func toDropOffJSON(lectureID int64, title string, d learning.DropOff) dropOffJSON {
	shares := d.Shares
	if shares == nil {
		shares = []float64{}
	}
	return dropOffJSON{LectureID: id(lectureID), Title: title, DurationS: d.DurationS, BucketS: d.BucketS, Viewers: d.Viewers, Shares: shares}
}
