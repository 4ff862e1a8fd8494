package commerce

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// CouponInput is a new coupon as an instructor or admin describes it.
type CouponInput struct {
	Code           string
	PercentOff     *int
	AmountOffCents *int64
	Currency       string // for a site-wide amount coupon
	MaxRedemptions *int
	ExpiresAt      *time.Time
}

var codeRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{2,31}$`)

// CreateCoupon makes a coupon for one course (its instructor or an admin)
// or, with courseID nil, for every course (admins only).
func (s *Service) CreateCoupon(ctx context.Context, u *store.User, courseID *int64, in CouponInput) (*store.Coupon, error) {
	c := store.Coupon{Code: NormalizeCode(in.Code), CourseID: courseID, CreatedBy: u.ID, PercentOff: in.PercentOff,
		AmountOffCents: in.AmountOffCents, Currency: in.Currency, MaxRedemptions: in.MaxRedemptions, ExpiresAt: in.ExpiresAt}
	if courseID != nil {
		course, err := s.course(ctx, *courseID)
		if err != nil {
			return nil, err
		}
		if err := s.Access.EditCourse(ctx, u, course); err != nil {
			return nil, err
		}
		c.Currency = course.Currency
	} else if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	var fe apperr.Fields
	if !codeRE.MatchString(c.Code) {
		fe.Add("code", "must be 3 to 32 letters, digits, - or _")
	}
	switch {
	case (c.PercentOff == nil) == (c.AmountOffCents == nil):
		fe.Add("percent_off", "give either percent_off or amount_off_cents")
	case c.PercentOff != nil && (*c.PercentOff < 1 || *c.PercentOff > 100):
		fe.Add("percent_off", "must be from 1 to 100")
	case c.AmountOffCents != nil && *c.AmountOffCents < 1:
		fe.Add("amount_off_cents", "must be positive")
	case c.AmountOffCents != nil && c.Currency == "":
		fe.Add("currency", "is required for an amount off")
	}
	if c.MaxRedemptions != nil && *c.MaxRedemptions < 1 {
		fe.Add("max_redemptions", "must be at least 1")
	}
	if c.ExpiresAt != nil && !c.ExpiresAt.After(time.Now()) {
		fe.Add("expires_at", "must be in the future")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var out *store.Coupon
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.CreateCoupon(ctx, c)
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, &apperr.Error{Kind: apperr.Conflict, Code: "code_taken", Message: "This coupon code is already in use.",
			Fields: []apperr.FieldError{{Field: "code", Message: "is already in use"}}}
	}
	return out, err
}

// Coupons lists a course's coupons for its instructor or an admin.
func (s *Service) Coupons(ctx context.Context, u *store.User, courseID int64) ([]*store.Coupon, error) {
	c, err := s.course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		return nil, err
	}
	return s.DB.CouponsForCourse(ctx, courseID)
}

var errNoCoupon = apperr.New(apperr.NotFound, "not_found", "No such coupon.")

// DisableCoupon switches a coupon off for good: checkout refuses it from
// then on, and its redemptions so far stay counted. A course's coupon is
// its instructor's (or an admin's) to disable; a site-wide one an admin's.
func (s *Service) DisableCoupon(ctx context.Context, u *store.User, couponID int64) (*store.Coupon, error) {
	c, err := s.DB.CouponByID(ctx, couponID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCoupon
	}
	if err != nil {
		return nil, err
	}
	owner := false
	if c.CourseID != nil {
		course, err := s.course(ctx, *c.CourseID)
		if err != nil {
			return nil, err
		}
		if err := s.Access.EditCourse(ctx, u, course); err != nil {
			return nil, err
		}
		owner = access.IsOwner(u, course)
	} else if err := access.RequireAdmin(u); err != nil {
		return nil, errNoCoupon // site-wide coupons are not an instructor's business
	}
	var out *store.Coupon
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if out, err = tx.DisableCoupon(ctx, couponID); err != nil {
			return err
		}
		if owner {
			return nil
		}
		return tx.Audit(ctx, u.ID, "coupon.disable", "coupon:"+strconv.FormatInt(couponID, 10), c.Code)
	})
	return out, err
}
