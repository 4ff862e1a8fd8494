package httpapi

import (
	"net/http"
	"time"
)

type enrollmentJSON struct {
	Course     courseJSON `json:"course"`
	Source     string     `json:"source"`
	EnrolledAt time.Time  `json:"enrolled_at"`
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
		out.Items = append(out.Items, enrollmentJSON{Course: toCourseJSON(e.Course), Source: e.Enrollment.Source, EnrolledAt: e.Enrollment.CreatedAt.UTC()})
	}
	return writeJSON(w, http.StatusOK, out)
}
