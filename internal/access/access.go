// Package access is the one place that decides who may see, edit or learn
// from a course and its lectures. Every service asks it; nothing else
// compares roles, owners or course statuses.
//
// Decisions are pure functions of Facts (Decide, Visible, Editable), so the
// whole rule set is one table test; Policy loads the facts a decision needs
// from the store (enrollment state, subscriptions) for the services.
package access

import (
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Grant says why a caller may open a course's content.
type Grant string

// Grants, in the order Decide checks them.
const (
	GrantOwner        Grant = "owner"
	GrantAdmin        Grant = "admin"
	GrantEnrolled     Grant = "enrolled"
	GrantSubscription Grant = "subscription"
	GrantPreview      Grant = "preview"
)

// Enrollment is a viewer's enrollment state in one course.
type Enrollment int

// Enrollment states. A refund revokes the enrollment it paid for; Refunded
// is kept apart from Revoked only so the refusal can say why.
const (
	NotEnrolled Enrollment = iota
	Enrolled
	Revoked
	Refunded
)

// Facts are everything a decision about one caller and one course (and
// optionally one lecture) rests on.
type Facts struct {
	Anonymous  bool
	Admin      bool
	Owner      bool   // the course's instructor (later: co-instructors)
	Status     string // the course's status
	Enrollment Enrollment
	// Subscribed: the caller has a subscription that is active (or in its
	// grace period) and covers this course.
	Subscribed bool
	// Lecture facts; zero for course-level decisions.
	Lecture     bool
	LectureKind string // video, article, quiz
	Preview     bool
}

// Problems a decision answers with. A course that must not be revealed is
// "not found", never "not enrolled".
var (
	ErrCourseNotFound  = apperr.New(apperr.NotFound, "not_found", "No such course.")
	ErrLectureNotFound = apperr.New(apperr.NotFound, "not_found", "No such lecture.")
	ErrLogin           = apperr.New(apperr.Unauthorized, "login_required", "Log in to continue.")
	ErrNotEnrolled     = apperr.New(apperr.Forbidden, "not_enrolled", "Enroll in the course to open this.")
	ErrRefunded        = apperr.New(apperr.Forbidden, "not_enrolled", "This course was refunded; buy it again to open it.")
	ErrRevoked         = apperr.New(apperr.Forbidden, "not_enrolled", "Your enrollment in this course has ended.")
	ErrNotEditor       = apperr.New(apperr.Forbidden, "forbidden", "Only the course's instructor or an admin may change it.")
	ErrForbidden       = apperr.New(apperr.Forbidden, "forbidden", "You are not allowed to do this.")
	ErrAdminOnly       = apperr.New(apperr.Forbidden, "forbidden", "Only admins may do this.")
	ErrInstructorOnly  = apperr.New(apperr.Forbidden, "forbidden", "Become an instructor to do this.")
)

// Public reports whether a course status is open to everyone.
func Public(status string) bool {
	return status == store.CoursePublished || status == store.CourseUnlisted
}

// Visible decides whether the caller may know the course exists: public
// courses to everyone; drafts only to the owner and admins; archived
// courses (out of the catalog, kept for those who bought them) also to
// students with a current enrollment.
func Visible(f Facts) bool {
	switch {
	case f.Owner || f.Admin:
		return true
	case Public(f.Status):
		return true
	case f.Status == store.CourseArchived:
		return f.Enrollment == Enrolled
	default:
		return false
	}
}

// Editable decides whether the caller may change the course.
func Editable(f Facts) bool { return f.Owner || f.Admin }

// Decide is the entitlement decision for a course's content (f.Lecture
// false) or one lecture's (f.Lecture true): the grant, or the problem to
// answer with.
func Decide(f Facts) (Grant, error) {
	notFound := ErrCourseNotFound
	if f.Lecture {
		notFound = ErrLectureNotFound
	}
	if !Visible(f) {
		return "", notFound
	}
	switch {
	case f.Owner:
		return GrantOwner, nil
	case f.Admin:
		return GrantAdmin, nil
	case f.Enrollment == Enrolled:
		return GrantEnrolled, nil
	case f.Subscribed && Public(f.Status):
		return GrantSubscription, nil
	case f.Lecture && f.Preview && previewable(f.LectureKind) && Public(f.Status):
		return GrantPreview, nil
	case f.Anonymous:
		return "", ErrLogin
	case f.Enrollment == Refunded:
		return "", ErrRefunded
	case f.Enrollment == Revoked:
		return "", ErrRevoked
	default:
		return "", ErrNotEnrolled
	}
}

// previewable: a free preview shows a video or an article; a quiz is
// never a preview (its questions are for students).
func previewable(kind string) bool {
	return kind == "" || kind == store.LectureVideo || kind == store.LectureArticle
}

// FactsFor fills the caller and course facts; the Policy adds enrollment
// and subscription facts from the store.
func FactsFor(u *store.User, c *store.Course) Facts {
	f := Facts{Anonymous: u == nil, Status: c.Status}
	if u != nil {
		f.Admin = u.HasRole(store.RoleAdmin)
		f.Owner = u.ID == c.InstructorID
	}
	return f
}

// CanSee reports whether u may know course c exists, without the store:
// for lists already filtered to public courses and for owners.
func CanSee(u *store.User, c *store.Course) bool { return Visible(FactsFor(u, c)) }

// CanEdit reports whether u may change course c.
func CanEdit(u *store.User, c *store.Course) bool { return Editable(FactsFor(u, c)) }

// IsOwner reports whether u is c's instructor (audit entries record
// admins acting on courses that are not theirs).
func IsOwner(u *store.User, c *store.Course) bool { return u != nil && u.ID == c.InstructorID }

// IsAdmin reports whether u is an admin.
func IsAdmin(u *store.User) bool { return u != nil && u.HasRole(store.RoleAdmin) }

// IsInstructor reports whether u may author courses (instructors and admins).
func IsInstructor(u *store.User) bool {
	return u != nil && (u.HasRole(store.RoleInstructor) || u.HasRole(store.RoleAdmin))
}

// RequireAdmin answers 401 for anonymous callers and 403 for non-admins.
func RequireAdmin(u *store.User) error {
	switch {
	case u == nil:
		return ErrLogin
	case !IsAdmin(u):
		return ErrAdminOnly
	}
	return nil
}

// RequireInstructor answers 401 for anonymous callers and 403 for users
// without the instructor (or admin) role.
func RequireInstructor(u *store.User) error {
	switch {
	case u == nil:
		return ErrLogin
	case !IsInstructor(u):
		return ErrInstructorOnly
	}
	return nil
}

// Owns reports whether u is the user ownerID: the buyer of an order, the
// author of a review.
func Owns(u *store.User, ownerID int64) bool { return u != nil && u.ID == ownerID }

// OwnsOrAdmin reports whether u owns a thing belonging to ownerID, or is an
// admin: orders, videos, uploads, notes.
func OwnsOrAdmin(u *store.User, ownerID int64) bool {
	return u != nil && (u.ID == ownerID || IsAdmin(u))
}

// Refundable decides whether u may refund an order bought by buyerID that
// was paid at paidAt: the buyer within the refund window, admins at any
// time. It returns the deadline the buyer has (zero when never paid).
func Refundable(u *store.User, buyerID int64, paidAt *time.Time, window time.Duration, now time.Time) (bool, time.Time) {
	if paidAt == nil {
		return false, time.Time{}
	}
	deadline := paidAt.Add(window)
	switch {
	case IsAdmin(u):
		return true, deadline
	case u != nil && u.ID == buyerID:
		return now.Before(deadline), deadline
	default:
		return false, deadline
	}
}
