package httpapi

import (
	"net/http"
)

// instructorJSON is an instructor's public profile.
type instructorJSON struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Headline    string       `json:"headline"`
	Bio         string       `json:"bio"`
	RatingAvg   float64      `json:"rating_avg"`
	RatingCount int          `json:"rating_count"`
	Students    int          `json:"student_count"`
	Courses     []courseJSON `json:"courses"`
}

func (s *Server) getInstructor(w http.ResponseWriter, r *http.Request) error {
	instructorID, err := pathID(r, "id", "instructor")
	if err != nil {
		return err
	}
	p, err := s.Catalog.Instructor(r.Context(), currentUser(r), instructorID)
	if err != nil {
		return err
	}
	out := instructorJSON{ID: id(p.ID), Name: p.Name, Headline: p.Headline, Bio: p.Bio,
		RatingAvg: roundRating(p.RatingAvg), RatingCount: p.RatingCount, Students: p.Students, Courses: make([]courseJSON, 0, len(p.Courses))}
	for _, c := range p.Courses {
		out.Courses = append(out.Courses, toCourseJSON(c))
	}
	return writeJSON(w, http.StatusOK, out)
}
