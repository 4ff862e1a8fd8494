package catalog

import (
	"context"
	"errors"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// InstructorProfile is an instructor's public page: who they are, their
// published courses and what students think of them overall.
type InstructorProfile struct {
	ID             int64
	Name, Headline string
	Bio            string
	Courses        []*Course
	RatingAvg      float64 // over every rating of their published courses
	RatingCount    int
	Students       int // enrolments in their published courses
}

var errNoInstructor = apperr.New(apperr.NotFound, "not_found", "No such instructor.")

// Instructor returns the public profile of an instructor with at least one
// course anyone may see. Anyone else (a student, a disabled account, an
// instructor with drafts only) answers not found, so the page reveals no
// accounts.
func (s *Service) Instructor(ctx context.Context, viewer *store.User, id int64) (*InstructorProfile, error) {
	u, err := s.DB.UserByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && (u.DisabledAt != nil || !access.IsInstructor(u)) {
		return nil, errNoInstructor
	}
	if err != nil {
		return nil, err
	}
	all, err := s.DB.CoursesByInstructor(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &InstructorProfile{ID: u.ID, Name: u.Name, Headline: u.Headline, Bio: u.Bio}
	sum := 0.0
	for _, c := range all {
		if c.Status != store.CoursePublished || s.Access.SeeCourse(ctx, viewer, c) != nil {
			continue
		}
		p.Courses = append(p.Courses, c)
		sum += c.RatingAvg * float64(c.RatingCount)
		p.RatingCount += c.RatingCount
		p.Students += c.EnrollmentCount
	}
	if len(p.Courses) == 0 {
		return nil, errNoInstructor
	}
	if p.RatingCount > 0 {
		p.RatingAvg = sum / float64(p.RatingCount)
	}
	return p, nil
}
