package commerce

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

var errNoOrder = apperr.New(apperr.NotFound, "not_found", "No such order.")

// buyable checks that u may buy course c: published, paid, not their own,
// not already theirs.
func (s *Service) buyable(ctx context.Context, u *store.User, c *store.Course) error {
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return err
	}
	switch {
	case !access.Public(c.Status):
		return apperr.New(apperr.Conflict, "not_published", "The course is not for sale right now.")
	case access.IsOwner(u, c):
		return apperr.New(apperr.Conflict, "own_course", "You teach this course; you already have full access.")
	case c.PriceCents == 0:
		return apperr.New(apperr.Conflict, "free_course", "This course is free: enroll directly.")
	}
	enrolled, err := s.DB.IsEnrolled(ctx, u.ID, c.ID)
	if err != nil {
		return err
	}
	if enrolled {
		return apperr.New(apperr.Conflict, "already_enrolled", "You are already enrolled in this course.")
	}
	return nil
}

func (s *Service) course(ctx context.Context, id int64) (*store.Course, error) {
	c, err := s.DB.CourseByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCourse
	}
	return c, err
}

// AddToCart puts a course in u's cart.
func (s *Service) AddToCart(ctx context.Context, u *store.User, courseID int64) error {
	c, err := s.course(ctx, courseID)
	if err != nil {
		return err
	}
	if err := s.buyable(ctx, u, c); err != nil {
		return err
	}
	return s.DB.AddToCart(ctx, u.ID, courseID)
}

// MaxMergedCartItems bounds how many courses a visitor cart may bring in at
// once (a cart is a handful of courses; this only stops abuse).
const MaxMergedCartItems = 100

// MergeCart brings the courses a visitor put in the cart before signing in
// (kept by the browser) into u's cart: each at most once, and silently
// leaving out what u may not buy — courses u owns or teaches, free, missing
// or unpublished ones. It answers with the merged cart.
func (s *Service) MergeCart(ctx context.Context, u *store.User, courseIDs []int64) (*Cart, error) {
	if len(courseIDs) > MaxMergedCartItems {
		return nil, apperr.Fields{{Field: "course_ids", Message: fmt.Sprintf("has more than %d courses", MaxMergedCartItems)}}.Err()
	}
	seen := map[int64]bool{}
	for _, id := range courseIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		c, err := s.DB.CourseByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := s.buyable(ctx, u, c); err != nil {
			if e, ok := apperr.As(err); ok && e.Kind != apperr.Internal {
				continue
			}
			return nil, err
		}
		if err := s.DB.AddToCart(ctx, u.ID, id); err != nil {
			return nil, err
		}
	}
	return s.Cart(ctx, u)
}

// RemoveFromCart takes a course out of u's cart.
func (s *Service) RemoveFromCart(ctx context.Context, u *store.User, courseID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.RemoveFromCart(ctx, u.ID, courseID) })
}

// Cart is a user's cart with its total, per currency, and the payment
// providers checkout offers.
type Cart struct {
	Courses   []*store.Course
	Totals    map[string]int64
	Providers []string
}

// PaymentProviders names the providers a new order may be paid with: the
// card provider (the built-in test provider or Stripe) first, then PayPal
// when it is configured.
func (s *Service) PaymentProviders() []string {
	out := []string{s.Provider.Name()}
	if s.PayPal != nil {
		out = append(out, s.PayPal.Name())
	}
	return out
}

// checkoutProvider is the provider a checkout asked for; "" means the
// first one offered.
func (s *Service) checkoutProvider(name string) (Provider, error) {
	if name == "" || name == s.Provider.Name() {
		return s.Provider, nil
	}
	if s.PayPal != nil && name == s.PayPal.Name() {
		return s.PayPal, nil
	}
	return nil, apperr.Fields{{Field: "provider", Message: "is not offered here; choose one of " + strings.Join(s.PaymentProviders(), ", ")}}.Err()
}

// Cart returns u's cart; courses that can no longer be bought (unpublished,
// enrolled meanwhile) are dropped from it.
func (s *Service) Cart(ctx context.Context, u *store.User) (*Cart, error) {
	courses, err := s.DB.Cart(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := &Cart{Totals: map[string]int64{}, Providers: s.PaymentProviders()}
	var stale []int64
	for _, c := range courses {
		if s.buyable(ctx, u, c) != nil {
			stale = append(stale, c.ID)
			continue
		}
		out.Courses = append(out.Courses, c)
		out.Totals[c.Currency] += c.PriceCents
	}
	if len(stale) > 0 {
		if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.RemoveFromCart(ctx, u.ID, stale...) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NormalizeCode makes coupon codes case-insensitive.
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// discount is what coupon c takes off an item of price p in currency cur.
func discount(c *store.Coupon, p int64, cur string) int64 {
	switch {
	case c.PercentOff != nil:
		return p * int64(*c.PercentOff) / 100
	case c.AmountOffCents != nil && c.Currency == cur:
		return min(p, *c.AmountOffCents)
	}
	return 0
}

// Checkout creates a pending order for courses at their current prices
// (a coupon applied), reserves one coupon redemption atomically, and starts
// the default provider's checkout.
func (s *Service) Checkout(ctx context.Context, u *store.User, courseIDs []int64, code string) (*store.Order, error) {
	return s.CheckoutWith(ctx, u, courseIDs, code, "")
}

// CheckoutWith is Checkout with the provider the buyer chose ("" for the
// default; see PaymentProviders).
func (s *Service) CheckoutWith(ctx context.Context, u *store.User, courseIDs []int64, code, providerName string) (*store.Order, error) {
	provider, err := s.checkoutProvider(providerName)
	if err != nil {
		return nil, err
	}
	var fe apperr.Fields
	if len(courseIDs) == 0 || len(courseIDs) > 50 {
		fe.Add("course_ids", "must list 1 to 50 courses")
	}
	seen := map[int64]bool{}
	for _, id := range courseIDs {
		if seen[id] {
			fe.Add("course_ids", "lists a course twice")
		}
		seen[id] = true
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	pending, err := s.DB.PendingOrderCourses(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var courses []*store.Course
	for i, id := range courseIDs {
		c, err := s.course(ctx, id)
		if err == nil {
			err = s.buyable(ctx, u, c)
		}
		if err != nil {
			e, _ := apperr.As(err)
			if e == nil {
				return nil, err
			}
			return nil, &apperr.Error{Kind: apperr.Unprocessable, Code: "not_buyable", Message: "Some courses cannot be bought.",
				Fields: []apperr.FieldError{{Field: fmt.Sprintf("course_ids.%d", i), Message: e.Message}}}
		}
		courses = append(courses, c)
	}
	currency := courses[0].Currency
	for i, c := range courses {
		if c.Currency != currency {
			return nil, apperr.Fields{{Field: fmt.Sprintf("course_ids.%d", i), Message: "is priced in another currency; buy it separately"}}.Err()
		}
	}
	// A course waiting in an unpaid order: that order is given up for this one.
	var superseded []int64
	for _, c := range courses {
		if o, ok := pending[c.ID]; ok {
			superseded = append(superseded, o)
		}
	}

	var order *store.Order
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, o := range superseded {
			if err := s.failOrder(ctx, tx, o); err != nil {
				return err
			}
		}
		no := store.NewOrder{UserID: u.ID, Currency: currency, Provider: provider.Name()}
		var coupon *store.Coupon
		if code = NormalizeCode(code); code != "" {
			c, err := tx.CouponByCode(ctx, code)
			if errors.Is(err, store.ErrNotFound) {
				return apperr.Fields{{Field: "coupon", Message: "is not a valid coupon code"}}.Err()
			}
			if err != nil {
				return err
			}
			if c.DisabledAt != nil {
				return apperr.Fields{{Field: "coupon", Message: "is no longer active"}}.Err()
			}
			if c.ExpiresAt != nil && time.Now().After(*c.ExpiresAt) {
				return apperr.Fields{{Field: "coupon", Message: "has expired"}}.Err()
			}
			coupon = c
		}
		applied := false
		for _, c := range courses {
			it := store.OrderItem{CourseID: c.ID, ListPriceCents: c.PriceCents, PriceCents: c.PriceCents, InstructorID: c.InstructorID}
			if coupon != nil && (coupon.CourseID == nil || *coupon.CourseID == c.ID) {
				if d := discount(coupon, c.PriceCents, currency); d > 0 {
					it.PriceCents -= d
					it.CouponID = &coupon.ID
					applied = true
				}
			}
			no.SubtotalCents += it.ListPriceCents
			no.TotalCents += it.PriceCents
			no.Items = append(no.Items, it)
		}
		no.DiscountCents = no.SubtotalCents - no.TotalCents
		if coupon != nil {
			if !applied {
				return apperr.Fields{{Field: "coupon", Message: "does not apply to these courses"}}.Err()
			}
			ok, err := tx.RedeemCoupon(ctx, coupon.ID)
			if err != nil {
				return err
			}
			if !ok {
				return apperr.Fields{{Field: "coupon", Message: "has been used up"}}.Err()
			}
			no.CouponID = &coupon.ID
		}
		order, err = tx.CreateOrder(ctx, no)
		return err
	})
	if err != nil {
		return nil, err
	}
	if order.TotalCents == 0 {
		// Fully discounted: nothing to pay, fulfil at once.
		if err := s.Fulfil(ctx, order.ID, ""); err != nil {
			return nil, err
		}
		return s.DB.OrderByID(ctx, order.ID)
	}
	ref, url, err := provider.StartCheckout(ctx, order, u.Email)
	if err != nil {
		_ = s.DB.InTx(context.WithoutCancel(ctx), func(tx *store.Tx) error { return s.failOrder(ctx, tx, order.ID) })
		return nil, providerError(err)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.SetCheckout(ctx, order.ID, ref, url) })
	if err != nil {
		return nil, err
	}
	return s.DB.OrderByID(ctx, order.ID)
}

// failOrder ends a pending order and gives its coupon redemption back.
func (s *Service) failOrder(ctx context.Context, tx *store.Tx, id int64) error {
	o, err := tx.OrderByID(ctx, id)
	if err != nil {
		return err
	}
	ok, err := tx.MarkOrderFailed(ctx, id)
	if err != nil || !ok {
		return err
	}
	if o.CouponID != nil {
		return tx.ReleaseCoupon(ctx, *o.CouponID)
	}
	return nil
}

// Fulfil marks an order paid and enrolls its buyer, in one transaction and
// at most once: a second call (duplicate webhook, the success page racing
// the webhook) finds the order no longer pending and changes nothing.
func (s *Service) Fulfil(ctx context.Context, orderID int64, paymentRef string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return s.fulfilTx(ctx, tx, orderID, paymentRef) })
}

func (s *Service) fulfilTx(ctx context.Context, tx *store.Tx, orderID int64, paymentRef string) error {
	paid, err := tx.MarkOrderPaid(ctx, orderID, paymentRef)
	if err != nil || !paid {
		return err
	}
	o, err := tx.OrderByID(ctx, orderID)
	if err != nil {
		return err
	}
	for _, it := range o.Items {
		share := it.PriceCents * s.InstructorSharePct / 100
		if err := tx.SetItemShares(ctx, o.ID, it.CourseID, share, it.PriceCents-share); err != nil {
			return err
		}
		if _, err := tx.Enroll(ctx, o.UserID, it.CourseID, store.EnrollPurchase, &o.ID); err != nil {
			return err
		}
		if err := tx.RemoveFromCart(ctx, o.UserID, it.CourseID); err != nil {
			return err
		}
	}
	if err := s.orderReceiptTx(ctx, tx, o); err != nil {
		return err
	}
	s.Log.InfoContext(ctx, "order paid", "order", o.ID, "total_cents", o.TotalCents, "currency", o.Currency, "provider", o.Provider)
	if s.Metrics != nil {
		s.Metrics.Orders.WithLabelValues(o.Provider, o.Currency).Inc()
		s.Metrics.Revenue.WithLabelValues(o.Currency).Add(float64(o.TotalCents))
	}
	for _, it := range o.Items {
		if s.Invalidate != nil {
			courseID := it.CourseID
			tx.AfterCommit(func() { s.Invalidate(courseID) })
		}
	}
	return nil
}

// Order returns an order its buyer or an admin may see.
func (s *Service) Order(ctx context.Context, u *store.User, id int64) (*store.Order, error) {
	o, err := s.DB.OrderByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !access.OwnsOrAdmin(u, o.UserID)) {
		return nil, errNoOrder
	}
	return o, err
}

// PayLocal completes or cancels a test payment on the built-in provider's
// page. Only the buyer may, and only for the local provider.
func (s *Service) PayLocal(ctx context.Context, u *store.User, id int64, pay bool) (*store.Order, error) {
	o, err := s.Order(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if o.Provider != "local" || !access.Owns(u, o.UserID) { // only the buyer pays, even admins do not
		return nil, errNoOrder
	}
	if o.Status != store.OrderPending {
		return nil, apperr.New(apperr.Conflict, "not_pending", "This order is already "+o.Status+".")
	}
	if pay {
		err = s.Fulfil(ctx, id, fmt.Sprintf("local_payment_%d", id))
	} else {
		err = s.DB.InTx(ctx, func(tx *store.Tx) error { return s.failOrder(ctx, tx, id) })
	}
	if err != nil {
		return nil, err
	}
	return s.DB.OrderByID(ctx, id)
}

// Refund returns a paid order's money and revokes the enrollments it paid
// for, so playback of those courses is refused at once. Students may refund
// their own orders within the refund window; admins any order.
func (s *Service) Refund(ctx context.Context, u *store.User, id int64, reason string) (*store.Order, error) {
	o, err := s.Order(ctx, u, id)
	if err != nil {
		return nil, err
	}
	admin := access.IsAdmin(u)
	if o.Status != store.OrderPaid {
		return nil, apperr.New(apperr.Conflict, "not_refundable", "Only paid orders can be refunded; this one is "+strings.ReplaceAll(o.Status, "_", " ")+".")
	}
	if ok, _ := access.Refundable(u, o.UserID, o.PaidAt, s.RefundWindow, s.now()); !ok {
		days := int(s.RefundWindow.Hours() / 24)
		return nil, apperr.New(apperr.Forbidden, "refund_window_passed", fmt.Sprintf("Refunds are possible within %d days of purchase.", days))
	}
	var ref string
	if o.TotalCents > 0 {
		p, ok := s.Providers[o.Provider]
		if !ok {
			return nil, fmt.Errorf("order %d: unknown provider %q", o.ID, o.Provider)
		}
		if ref, err = p.Refund(ctx, o); err != nil {
			return nil, providerError(err)
		}
	}
	err = s.DB.InTx(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		return s.refundTx(ctx, tx, o.ID, 0, ref, reason, &u.ID, admin && u.ID != o.UserID)
	})
	if err != nil {
		return nil, err
	}
	return s.DB.OrderByID(ctx, id)
}

// refundTx records a refund (amount 0: the rest of the order) and revokes
// the enrollments of the courses it refunded in full.
func (s *Service) refundTx(ctx context.Context, tx *store.Tx, orderID, amount int64, ref, reason string, by *int64, audit bool) error {
	return s.refundRequestTx(ctx, tx, orderID, store.RefundRequest{AmountCents: amount, ProviderRef: ref, Reason: reason, By: by}, audit, reason)
}

// refundRequestTx records a refund of an amount or of chosen courses,
// revokes what was refunded in full, and writes auditDetail to the audit
// log when audit is set.
func (s *Service) refundRequestTx(ctx context.Context, tx *store.Tx, orderID int64, r store.RefundRequest, audit bool, auditDetail string) error {
	by := r.By
	before, err := tx.OrderByID(ctx, orderID)
	if err != nil {
		return err
	}
	o, err := tx.RecordPartialRefund(ctx, orderID, r)
	if err != nil {
		return err
	}
	// A receipt for each refund of a paid order: one that arrives before
	// its payment (events out of order) has no payment to refund yet.
	if refunded := o.RefundedCents - before.RefundedCents; refunded > 0 && o.PaidAt != nil {
		if err := s.refundReceiptTx(ctx, tx, o, refunded); err != nil {
			return err
		}
	}
	// The whole order refunded: every course it paid for is revoked; a
	// part of it: only the courses refunded in full.
	revoke := tx.RevokeRefundedItems
	if o.Status == store.OrderRefunded {
		if s.Metrics != nil {
			s.Metrics.Refunds.WithLabelValues(o.Provider).Inc()
		}
		revoke = tx.RevokeOrderEnrollments
	}
	if o.Status == store.OrderRefunded || o.Status == store.OrderPartiallyRefunded {
		courses, err := revoke(ctx, orderID)
		if err != nil {
			return err
		}
		for _, c := range courses {
			if s.Invalidate != nil {
				tx.AfterCommit(func() { s.Invalidate(c) })
			}
		}
	}
	if audit && by != nil {
		return tx.Audit(ctx, *by, "order.refund", "order:"+strconv.FormatInt(orderID, 10), auditDetail)
	}
	return nil
}

// ExpirePendingOrders fails orders left unpaid for a day, giving their
// coupon redemptions back.
func (s *Service) ExpirePendingOrders(ctx context.Context) error {
	ids, err := s.DB.StalePendingOrders(ctx, time.Now().Add(-24*time.Hour))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return s.failOrder(ctx, tx, id) }); err != nil {
			return err
		}
	}
	return nil
}
