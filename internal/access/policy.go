package access

import (
	"context"

	"github.com/lectern/lectern/internal/apperr"

	"github.com/lectern/lectern/internal/store"
)

// Store is what the policy reads: a caller's enrollment state in a course.
type Store interface {
	EnrollmentState(ctx context.Context, userID, courseID int64) (store.EnrollmentState, error)
}

// Subscriptions tells whether a user's subscription covers a course; the
// commerce service implements it. Nil means no subscriptions exist.
type Subscriptions interface {
	Covers(ctx context.Context, userID int64, c *store.Course) (bool, error)
}

// Policy makes the decisions of this package with facts from the store.
type Policy struct {
	db   Store
	subs Subscriptions
}

// New makes a Policy. subs may be nil.
func New(db Store, subs Subscriptions) *Policy { return &Policy{db: db, subs: subs} }

// facts loads what a decision about u and c rests on. Owners and admins
// need nothing from the store.
func (p *Policy) facts(ctx context.Context, u *store.User, c *store.Course) (Facts, error) {
	f := FactsFor(u, c)
	if u == nil || f.Owner {
		return f, nil
	}
	st, err := p.db.EnrollmentState(ctx, u.ID, c.ID)
	if err != nil {
		return f, err
	}
	switch {
	case st.Active:
		f.Enrollment = Enrolled
	case st.Refunded:
		f.Enrollment = Refunded
	case st.Revoked:
		f.Enrollment = Revoked
	}
	if f.Enrollment != Enrolled && p.subs != nil && Public(c.Status) {
		if f.Subscribed, err = p.subs.Covers(ctx, u.ID, c); err != nil {
			return f, err
		}
	}
	return f, nil
}

// SeeCourse answers nil when u may know c exists, else not found.
func (p *Policy) SeeCourse(ctx context.Context, u *store.User, c *store.Course) error {
	if CanSee(u, c) {
		return nil
	}
	if c.Status != store.CourseArchived || u == nil {
		return ErrCourseNotFound
	}
	f, err := p.facts(ctx, u, c)
	if err != nil {
		return err
	}
	if !Visible(f) {
		return ErrCourseNotFound
	}
	return nil
}

// EditCourse answers nil when u may change c; not found when u may not
// even see it; forbidden when u sees it but is not its editor.
func (p *Policy) EditCourse(ctx context.Context, u *store.User, c *store.Course) error {
	if CanEdit(u, c) {
		return nil
	}
	if err := p.SeeCourse(ctx, u, c); err != nil {
		return err
	}
	if u == nil {
		return ErrLogin
	}
	return ErrNotEditor
}

// Course decides whether u may open c's content as a learner.
func (p *Policy) Course(ctx context.Context, u *store.User, c *store.Course) (Grant, error) {
	f, err := p.facts(ctx, u, c)
	if err != nil {
		return "", err
	}
	return Decide(f)
}

// Lecture decides whether u may open lecture l of course c.
func (p *Policy) Lecture(ctx context.Context, u *store.User, c *store.Course, l *store.Lecture) (Grant, error) {
	f, err := p.facts(ctx, u, c)
	if err != nil {
		return "", err
	}
	f.Lecture, f.LectureKind, f.Preview = true, l.Kind, l.IsPreview
	return Decide(f)
}

// Review decides whether u may write a review of c: students with a
// current enrollment, never the course's own instructor.
func (p *Policy) Review(ctx context.Context, u *store.User, c *store.Course) error {
	if u == nil {
		return ErrLogin
	}
	f, err := p.facts(ctx, u, c)
	if err != nil {
		return err
	}
	switch {
	case !Visible(f):
		return ErrCourseNotFound
	case f.Owner:
		return ErrOwnCourse
	case f.Enrollment != Enrolled:
		return ErrReviewNotEnrolled
	}
	return nil
}

// Review refusals.
var (
	ErrOwnCourse         = apperr.New(apperr.Forbidden, "own_course", "Instructors cannot review their own course.")
	ErrReviewNotEnrolled = apperr.New(apperr.Forbidden, "not_enrolled", "Only students enrolled in the course may review it.")
)
