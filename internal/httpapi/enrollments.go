package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce"
)

type enrollmentJSON struct {
	Course     courseJSON `json:"course"`
	Source     string     `json:"source"`
	EnrolledAt time.Time  `json:"enrolled_at"`
	// Progress: the share of lectures completed, counts, when the student
	// last worked on it, and the certificate once finished.
	Percent           int        `json:"percent"`
	CompletedLectures int        `json:"completed_lectures"`
	TotalLectures     int        `json:"total_lectures"`
	LastActiveAt      *time.Time `json:"last_active_at"`
	CertificateID     *string    `json:"certificate_id"`
}

type enrollmentList struct {
	Items []enrollmentJSON `json:"items"`
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	created, err := s.Commerce.EnrollFree(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return s.writeCourse(w, r, status, cid)
}

func (s *Server) myEnrollments(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Learning.Enrollments(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := enrollmentList{Items: make([]enrollmentJSON, 0, len(list))}
	for _, e := range list {
		j := enrollmentJSON{Course: toCourseJSON(e.Course), Source: e.Enrollment.Source, EnrolledAt: e.Enrollment.CreatedAt.UTC(),
			Percent: e.Percent, CompletedLectures: e.Completed, TotalLectures: e.Lectures, LastActiveAt: e.LastActiveAt}
		if e.CertificateID != "" {
			j.CertificateID = &e.CertificateID
		}
		out.Items = append(out.Items, j)
	}
	return writeJSON(w, http.StatusOK, out)
}

type adminEnrollmentJSON struct {
	User       personJSON    `json:"user"`
	UserEmail  string        `json:"user_email"`
	Course     courseRefJSON `json:"course"`
	Source     string        `json:"source"`
	OrderID    *string       `json:"order_id"`
	EnrolledAt time.Time     `json:"enrolled_at"`
	RevokedAt  *time.Time    `json:"revoked_at"`
}

type courseRefJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Slug  string `json:"slug"`
}

type adminEnrollmentList struct {
	Items      []adminEnrollmentJSON `json:"items"`
	NextCursor *string               `json:"next_cursor"`
}

func (s *Server) adminEnrollments(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageLimit(r)
	if err != nil {
		return err
	}
	q := commerce.AdminEnrollmentQuery{Q: r.URL.Query().Get("q"), Limit: limit}
	if v := r.URL.Query().Get("course"); v != "" {
		if q.CourseID, err = strconv.ParseInt(v, 10, 64); err != nil || q.CourseID <= 0 {
			return apperr.Fields{{Field: "course", Message: "must be a course id"}}.Err()
		}
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		q.After = &commerce.EnrollmentCursor{}
		if err := decodeCursor(c, q.After); err != nil {
			return err
		}
	}
	list, err := s.Commerce.AdminEnrollments(r.Context(), currentUser(r), q)
	if err != nil {
		return err
	}
	out := adminEnrollmentList{Items: []adminEnrollmentJSON{}}
	for _, e := range list {
		j := adminEnrollmentJSON{User: personJSON{ID: id(e.UserID), Name: e.UserName}, UserEmail: e.UserEmail,
			Course: courseRefJSON{ID: id(e.CourseID), Title: e.CourseTitle, Slug: e.CourseSlug}, Source: e.Source,
			EnrolledAt: e.CreatedAt, RevokedAt: e.RevokedAt}
		if e.OrderID != nil {
			o := id(*e.OrderID)
			j.OrderID = &o
		}
		out.Items = append(out.Items, j)
	}
	if len(list) == limit {
		last := list[len(list)-1]
		out.NextCursor = encodeCursor(commerce.EnrollmentCursor{CreatedAt: last.CreatedAt, UserID: last.UserID, CourseID: last.CourseID})
	}
	return writeJSON(w, http.StatusOK, out)
}
