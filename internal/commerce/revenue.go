package commerce

import (
	"context"
	"sort"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// RevenueLine is one row of an instructor's revenue report: a day, a course
// or a currency's total. EarningsCents is the instructor's share net of
// refunds; RefundedCents is the instructor's share of what buyers got back
// (what refunds cost the instructor, not the whole price).
type RevenueLine struct {
	Key           string // the day (YYYY-MM-DD), the course id or "" for totals
	CourseID      int64
	Title         string
	Currency      string
	Sales         int
	GrossCents    int64
	EarningsCents int64
	RefundedCents int64
}

// RevenueReport is an instructor's sales in [From, To).
type RevenueReport struct {
	From, To time.Time
	Totals   []RevenueLine // one per currency, sorted by currency
	ByDay    []RevenueLine
	ByCourse []RevenueLine
	// Subscription is the instructor's share of subscription revenue per
	// month, newest first, the current (open) month first with its seconds
	// so far.
	Subscription []SubscriptionShare
}

// Revenue reports an instructor's sales between from and to (exclusive),
// with earnings net of refunds, per day, per course and per currency.
func (s *Service) Revenue(ctx context.Context, u *store.User, from, to time.Time) (*RevenueReport, error) {
	if err := access.RequireInstructor(u); err != nil {
		return nil, err
	}
	if !to.After(from) || to.Sub(from) > 400*24*time.Hour {
		return nil, apperr.Fields{{Field: "to", Message: "must be after from, at most 400 days later"}}.Err()
	}
	days, courses, err := s.DB.Revenue(ctx, u.ID, from, to)
	if err != nil {
		return nil, err
	}
	shares, err := s.SubscriptionShares(ctx, u)
	if err != nil {
		return nil, err
	}
	rep := &RevenueReport{From: from, To: to, Totals: []RevenueLine{}, ByDay: []RevenueLine{}, ByCourse: []RevenueLine{}, Subscription: shares}
	totals := map[string]*RevenueLine{}
	for _, d := range days {
		line := RevenueLine{Key: d.Day, Currency: d.Currency, Sales: d.Sales, GrossCents: d.GrossCents,
			EarningsCents: d.EarningsCents - d.RefundedShare, RefundedCents: d.RefundedShare}
		rep.ByDay = append(rep.ByDay, line)
		t := totals[d.Currency]
		if t == nil {
			t = &RevenueLine{Currency: d.Currency}
			totals[d.Currency] = t
		}
		t.Sales += line.Sales
		t.GrossCents += line.GrossCents
		t.EarningsCents += line.EarningsCents
		t.RefundedCents += line.RefundedCents
	}
	for _, t := range totals {
		rep.Totals = append(rep.Totals, *t)
	}
	sort.Slice(rep.Totals, func(i, j int) bool { return rep.Totals[i].Currency < rep.Totals[j].Currency })
	for _, c := range courses {
		rep.ByCourse = append(rep.ByCourse, RevenueLine{CourseID: c.CourseID, Title: c.Title, Currency: c.Currency, Sales: c.Sales,
			GrossCents: c.GrossCents, EarningsCents: c.EarningsCents - c.RefundedShare, RefundedCents: c.RefundedShare})
	}
	return rep, nil
}

// Orders lists one page of the caller's own orders.
func (s *Service) Orders(ctx context.Context, u *store.User, afterID int64, limit int) ([]*store.Order, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	return s.DB.Orders(ctx, store.OrderQuery{UserID: u.ID, AfterID: afterID, Limit: limit})
}

// AdminOrders lists one page of every order with its buyer (admins).
func (s *Service) AdminOrders(ctx context.Context, u *store.User, q store.OrderQuery) ([]*store.Order, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	q.UserID = 0
	return s.DB.Orders(ctx, q)
}

// Refundability says whether viewer may refund o now, and until when its
// buyer may (nil for orders that are not paid).
func (s *Service) Refundability(viewer *store.User, o *store.Order) (bool, *time.Time) {
	if o.Status != store.OrderPaid || o.PaidAt == nil {
		return false, nil
	}
	ok, deadline := access.Refundable(viewer, o.UserID, o.PaidAt, s.RefundWindow, s.now())
	return ok, &deadline
}

// AdminEnrollments lists every enrollment with its student and course
// (admins), newest first, one page after the cursor.
func (s *Service) AdminEnrollments(ctx context.Context, u *store.User, q store.AdminEnrollmentQuery) ([]store.AdminEnrollment, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	return s.DB.AdminEnrollments(ctx, q)
}
