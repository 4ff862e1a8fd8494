// Package commerce holds the rules of access to courses: enrollment in free
// courses now; carts, orders, payments and refunds as they arrive.
package commerce

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/metrics"
	"github.com/lectern/lectern/internal/store"
)

// Deps is everything the commerce service needs; NewService takes all of it.
type Deps struct {
	DB     *store.DB
	Access *access.Policy
	// Invalidate is told when a course's public data (enrollment count)
	// changed.
	Invalidate func(courseID int64)
	// Provider takes new payments; Providers holds every provider an
	// existing order may belong to, by name.
	Provider  Provider
	Providers map[string]Provider
	// PayPal, when configured, is offered beside Provider at checkout.
	PayPal *PayPal
	// InstructorSharePct is the instructor's percentage of each sale.
	InstructorSharePct int64
	// RefundWindow is how long after payment a student may refund.
	RefundWindow time.Duration
	Log          *slog.Logger
	// Metrics counts payments and refunds; may be nil.
	Metrics *metrics.M
	// Clock judges subscription periods (nil: the wall clock); a TestClock
	// lets tests and the test provider move time forward.
	Clock Clock
	// Grace is how long a subscriber keeps access after a failed renewal
	// (and after a paid period ends, while the renewal is on its way).
	Grace time.Duration
}

// Service carries out enrollment, carts, checkout, fulfilment and refunds.
type Service struct {
	Deps
}

// NewService makes the commerce service. Providers must include Provider.
func NewService(d Deps) *Service {
	if d.Access == nil {
		d.Access = access.New(d.DB, nil)
	}
	if d.Providers == nil {
		d.Providers = map[string]Provider{}
	}
	if d.Provider != nil {
		d.Providers[d.Provider.Name()] = d.Provider
	}
	if d.PayPal != nil {
		d.Providers[d.PayPal.Name()] = d.PayPal
	}
	return &Service{Deps: d}
}

var errNoCourse = apperr.New(apperr.NotFound, "not_found", "No such course.")

// EnrollFree enrolls u in a free, published course. It reports whether a
// new enrollment was made (false: u already had one).
func (s *Service) EnrollFree(ctx context.Context, u *store.User, courseID int64) (bool, error) {
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return false, errNoCourse
	}
	if err != nil {
		return false, err
	}
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return false, err
	}
	switch {
	case !access.Public(c.Status):
		return false, apperr.New(apperr.Conflict, "not_published", "The course is not published, so nobody can enroll yet.")
	case access.IsOwner(u, c):
		return false, apperr.New(apperr.Conflict, "own_course", "You teach this course; you already have full access.")
	case c.PriceCents > 0:
		return false, apperr.New(apperr.Conflict, "payment_required", "This course is paid: add it to your cart and check out.")
	}
	var created bool
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		created, err = tx.Enroll(ctx, u.ID, courseID, store.EnrollFree, nil)
		return err
	})
	if err == nil && created && s.Invalidate != nil {
		s.Invalidate(courseID)
	}
	return created, err
}
