package httpapi

import (
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/commerce"
)

type cartJSON struct {
	Items  []courseJSON `json:"items"`
	Totals []moneyJSON  `json:"totals"`
	// PaymentProviders are the ways to pay POST /checkout accepts as
	// provider, the default first: "local" or "stripe", then "paypal".
	PaymentProviders []string `json:"payment_providers"`
}

type moneyJSON struct {
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
}

type cartItemRequest struct {
	CourseID flexID `json:"course_id"`
}

type checkoutRequest struct {
	CourseIDs []flexID `json:"course_ids"`
	Coupon    string   `json:"coupon"`
	// Provider is one of the cart's payment_providers; empty for the default.
	Provider string `json:"provider,omitempty"`
}

type checkoutResponse struct {
	OrderID     string    `json:"order_id"`
	CheckoutURL string    `json:"checkout_url"`
	Order       orderJSON `json:"order"`
}

type orderItemJSON struct {
	CourseID       string `json:"course_id"`
	CourseTitle    string `json:"course_title"`
	CourseSlug     string `json:"course_slug"`
	ListPriceCents int64  `json:"list_price_cents"`
	PriceCents     int64  `json:"price_cents"`
}

type orderJSON struct {
	ID             string          `json:"id"`
	Status         string          `json:"status"`
	SubtotalCents  int64           `json:"subtotal_cents"`
	DiscountCents  int64           `json:"discount_cents"`
	TotalCents     int64           `json:"total_cents"`
	RefundedCents  int64           `json:"refunded_cents"`
	Currency       string          `json:"currency"`
	Provider       string          `json:"provider"`
	ProviderRef    string          `json:"provider_ref"`
	CheckoutURL    string          `json:"checkout_url,omitempty"`
	Items          []orderItemJSON `json:"items"`
	CreatedAt      time.Time       `json:"created_at"`
	PaidAt         *time.Time      `json:"paid_at"`
	RefundedAt     *time.Time      `json:"refunded_at"`
	Refundable     bool            `json:"refundable"`
	RefundDeadline *time.Time      `json:"refund_deadline"`
	UserID         string          `json:"user_id"`
	Buyer          *buyerJSON      `json:"buyer,omitempty"`         // for admins
	RefundReason   string          `json:"refund_reason,omitempty"` // for admins: the latest refund's
}

type buyerJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type orderList struct {
	Items      []orderJSON `json:"items"`
	NextCursor *string     `json:"next_cursor"`
}

func (s *Server) toOrderJSON(o *commerce.Order, viewer *auth.User) orderJSON {
	out := orderJSON{ID: id(o.ID), Status: o.Status, SubtotalCents: o.SubtotalCents, DiscountCents: o.DiscountCents, TotalCents: o.TotalCents,
		RefundedCents: o.RefundedCents, Currency: o.Currency, Provider: o.Provider, ProviderRef: o.ProviderRef, CreatedAt: o.CreatedAt,
		PaidAt: o.PaidAt, RefundedAt: o.RefundedAt, Items: []orderItemJSON{}, UserID: id(o.UserID)}
	if o.Status == commerce.OrderPending {
		out.CheckoutURL = o.CheckoutURL
	}
	for _, it := range o.Items {
		out.Items = append(out.Items, orderItemJSON{CourseID: id(it.CourseID), CourseTitle: it.CourseTitle, CourseSlug: it.CourseSlug,
			ListPriceCents: it.ListPriceCents, PriceCents: it.PriceCents})
	}
	out.Refundable, out.RefundDeadline = s.Commerce.Refundability(viewer, o)
	return out
}

func (s *Server) getCart(w http.ResponseWriter, r *http.Request) error {
	return s.writeCart(w, r, http.StatusOK)
}

func (s *Server) writeCart(w http.ResponseWriter, r *http.Request, status int) error {
	c, err := s.Commerce.Cart(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeJSON(w, status, toCartJSON(c))
}

func toCartJSON(c *commerce.Cart) cartJSON {
	out := cartJSON{Items: []courseJSON{}, Totals: []moneyJSON{}, PaymentProviders: c.Providers}
	for _, course := range c.Courses {
		out.Items = append(out.Items, toCourseJSON(course))
	}
	for cur, amount := range c.Totals {
		out.Totals = append(out.Totals, moneyJSON{AmountCents: amount, Currency: cur})
	}
	sort.Slice(out.Totals, func(i, j int) bool { return out.Totals[i].Currency < out.Totals[j].Currency })
	return out
}

func parseFlexID(v flexID, field string) (int64, error) {
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.Fields{{Field: field, Message: "is not a course id"}}.Err()
	}
	return n, nil
}

func (s *Server) addCartItem(w http.ResponseWriter, r *http.Request) error {
	var in cartItemRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	cid, err := parseFlexID(in.CourseID, "course_id")
	if err != nil {
		return err
	}
	if err := s.Commerce.AddToCart(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	return s.writeCart(w, r, http.StatusCreated)
}

type cartMergeRequest struct {
	// CourseIDs are the courses put in the cart before signing in.
	CourseIDs []flexID `json:"course_ids"`
}

// mergeCart brings a visitor cart (kept by the browser) into the signed-in
// user's cart; what they may not buy is left out without an error.
func (s *Server) mergeCart(w http.ResponseWriter, r *http.Request) error {
	var in cartMergeRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ids := make([]int64, 0, len(in.CourseIDs))
	for i, raw := range in.CourseIDs {
		n, err := parseFlexID(raw, "course_ids."+strconv.Itoa(i))
		if err != nil {
			return err
		}
		ids = append(ids, n)
	}
	c, err := s.Commerce.MergeCart(r.Context(), currentUser(r), ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toCartJSON(c))
}

func (s *Server) deleteCartItem(w http.ResponseWriter, r *http.Request) error {
	cid, err := strconv.ParseInt(r.PathValue("course"), 10, 64)
	if err != nil {
		var in cartItemRequest
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		if cid, err = parseFlexID(in.CourseID, "course_id"); err != nil {
			return err
		}
	}
	if err := s.Commerce.RemoveFromCart(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	return s.getCart(w, r)
}

func (s *Server) checkout(w http.ResponseWriter, r *http.Request) error {
	var in checkoutRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var ids []int64
	for i, raw := range in.CourseIDs {
		n, err := parseFlexID(raw, "course_ids."+strconv.Itoa(i))
		if err != nil {
			return err
		}
		ids = append(ids, n)
	}
	o, err := s.Commerce.CheckoutWith(r.Context(), currentUser(r), ids, in.Coupon, in.Provider)
	if err != nil {
		return err
	}
	url := o.CheckoutURL
	if o.Status == commerce.OrderPaid { // fully discounted: nothing to pay
		url = s.PublicURL + "/orders/" + id(o.ID)
	}
	return writeJSON(w, http.StatusCreated, checkoutResponse{OrderID: id(o.ID), CheckoutURL: url, Order: s.toOrderJSON(o, currentUser(r))})
}

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) error {
	p, err := readPage(r)
	if err != nil {
		return err
	}
	list, err := s.Commerce.Orders(r.Context(), currentUser(r), p.afterID, p.limit)
	if err != nil {
		return err
	}
	return s.writeOrders(w, r, list, p.limit, false)
}

func (s *Server) adminOrders(w http.ResponseWriter, r *http.Request) error {
	p, err := readPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.Commerce.AdminOrders(r.Context(), currentUser(r), commerce.OrderQuery{Status: q.Get("status"), Q: q.Get("q"), AfterID: p.afterID, Limit: p.limit})
	if err != nil {
		return err
	}
	return s.writeOrders(w, r, list, p.limit, true)
}

func (s *Server) writeOrders(w http.ResponseWriter, r *http.Request, list []*commerce.Order, limit int, buyers bool) error {
	out := orderList{Items: []orderJSON{}}
	for _, o := range list {
		oj := s.toOrderJSON(o, currentUser(r))
		if buyers { // the admin list says who bought
			oj.Buyer = &buyerJSON{ID: id(o.UserID), Name: o.BuyerName, Email: o.BuyerEmail}
			oj.RefundReason = o.RefundReason
		}
		out.Items = append(out.Items, oj)
	}
	if len(list) == limit {
		out.NextCursor = encodeCursor(list[len(list)-1].ID)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) error {
	oid, err := pathID(r, "id", "order")
	if err != nil {
		return err
	}
	o, err := s.Commerce.Order(r.Context(), currentUser(r), oid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toOrderJSON(o, currentUser(r)))
}

type testPaymentRequest struct {
	Action string `json:"action"` // pay or cancel
}

// testPayment completes the built-in provider's test checkout.
func (s *Server) testPayment(w http.ResponseWriter, r *http.Request) error {
	oid, err := pathID(r, "id", "order")
	if err != nil {
		return err
	}
	var in testPaymentRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Action != "pay" && in.Action != "cancel" {
		return apperr.Fields{{Field: "action", Message: "must be pay or cancel"}}.Err()
	}
	o, err := s.Commerce.PayLocal(r.Context(), currentUser(r), oid, in.Action == "pay")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toOrderJSON(o, currentUser(r)))
}

type refundRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) refundOrder(w http.ResponseWriter, r *http.Request) error {
	oid, err := pathID(r, "id", "order")
	if err != nil {
		return err
	}
	var in refundRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	if len(in.Reason) > 500 {
		return apperr.Fields{{Field: "reason", Message: "must be at most 500 characters"}}.Err()
	}
	o, err := s.Commerce.Refund(r.Context(), currentUser(r), oid, in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toOrderJSON(o, currentUser(r)))
}

type couponRequest struct {
	Code           string     `json:"code"`
	PercentOff     *int       `json:"percent_off,omitempty"`
	AmountOffCents *int64     `json:"amount_off_cents,omitempty"`
	Currency       string     `json:"currency,omitempty"`
	MaxRedemptions *int       `json:"max_redemptions,omitempty"`
	ExpiresAt      *time.Time `json:"expires_at,omitempty"`
}

type couponJSON struct {
	ID             string     `json:"id"`
	Code           string     `json:"code"`
	CourseID       *string    `json:"course_id"`
	PercentOff     *int       `json:"percent_off"`
	AmountOffCents *int64     `json:"amount_off_cents"`
	Currency       string     `json:"currency"`
	MaxRedemptions *int       `json:"max_redemptions"`
	Redemptions    int        `json:"redemptions"`
	ExpiresAt      *time.Time `json:"expires_at"`
	CreatedAt      time.Time  `json:"created_at"`
	DisabledAt     *time.Time `json:"disabled_at"`
}

func toCouponJSON(c *commerce.Coupon) couponJSON {
	out := couponJSON{ID: id(c.ID), Code: c.Code, PercentOff: c.PercentOff, AmountOffCents: c.AmountOffCents, Currency: c.Currency,
		MaxRedemptions: c.MaxRedemptions, Redemptions: c.Redemptions, ExpiresAt: c.ExpiresAt, CreatedAt: c.CreatedAt.UTC(), DisabledAt: c.DisabledAt}
	if c.CourseID != nil {
		v := id(*c.CourseID)
		out.CourseID = &v
	}
	return out
}

func (in couponRequest) input() commerce.CouponInput {
	return commerce.CouponInput{Code: in.Code, PercentOff: in.PercentOff, AmountOffCents: in.AmountOffCents, Currency: in.Currency,
		MaxRedemptions: in.MaxRedemptions, ExpiresAt: in.ExpiresAt}
}

func (s *Server) createCoupon(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	var in couponRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.Commerce.CreateCoupon(r.Context(), currentUser(r), &cid, in.input())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toCouponJSON(c))
}

func (s *Server) disableCoupon(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "coupon")
	if err != nil {
		return err
	}
	c, err := s.Commerce.DisableCoupon(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toCouponJSON(c))
}

func (s *Server) adminCreateCoupon(w http.ResponseWriter, r *http.Request) error {
	var in couponRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.Commerce.CreateCoupon(r.Context(), currentUser(r), nil, in.input())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toCouponJSON(c))
}

type revenueJSON struct {
	From     string           `json:"from"` // YYYY-MM-DD, inclusive
	To       string           `json:"to"`
	Totals   []revenueTotal   `json:"totals"`
	ByDay    []revenueDayJSON `json:"by_day"`
	ByCourse []revenueCourse  `json:"by_course"`
	// Subscription: the instructor's share of subscription revenue by
	// month, with the minutes subscribers watched behind it.
	Subscription []subscriptionShareJSON `json:"subscription"`
}

type subscriptionShareJSON struct {
	Month       string  `json:"month"` // YYYY-MM
	Currency    string  `json:"currency"`
	Seconds     float64 `json:"seconds_watched"`
	Minutes     int64   `json:"minutes_watched"`
	AmountCents int64   `json:"amount_cents"`
	Closed      bool    `json:"closed"` // false: the month is still running, no amount yet
}

type revenueTotal struct {
	Currency      string `json:"currency"`
	Sales         int    `json:"sales"`
	GrossCents    int64  `json:"gross_cents"`
	EarningsCents int64  `json:"earnings_cents"` // the instructor's share, net of refunds
	RefundedCents int64  `json:"refunded_cents"` // the instructor's share of what buyers got back
}

type revenueDayJSON struct {
	Date          string `json:"date"`
	Currency      string `json:"currency"`
	Sales         int    `json:"sales"`
	GrossCents    int64  `json:"gross_cents"`
	EarningsCents int64  `json:"earnings_cents"`
	RefundedCents int64  `json:"refunded_cents"`
}

type revenueCourse struct {
	CourseID      string `json:"course_id"`
	Title         string `json:"title"`
	Currency      string `json:"currency"`
	Sales         int    `json:"sales"`
	GrossCents    int64  `json:"gross_cents"`
	EarningsCents int64  `json:"earnings_cents"`
	RefundedCents int64  `json:"refunded_cents"`
}

func parseDay(r *http.Request, name string, def time.Time) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, apperr.Fields{{Field: name, Message: "must be a date, YYYY-MM-DD"}}.Err()
	}
	return t, nil
}

func (s *Server) instructorRevenue(w http.ResponseWriter, r *http.Request) error {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	from, err := parseDay(r, "from", today.AddDate(0, 0, -29))
	if err != nil {
		return err
	}
	to, err := parseDay(r, "to", today)
	if err != nil {
		return err
	}
	to = to.AddDate(0, 0, 1) // inclusive
	rep, err := s.Commerce.Revenue(r.Context(), currentUser(r), from, to)
	if err != nil {
		return err
	}
	out := revenueJSON{From: from.Format("2006-01-02"), To: to.AddDate(0, 0, -1).Format("2006-01-02"), Totals: []revenueTotal{}, ByDay: []revenueDayJSON{}, ByCourse: []revenueCourse{}}
	for _, t := range rep.Totals {
		out.Totals = append(out.Totals, revenueTotal{Currency: t.Currency, Sales: t.Sales, GrossCents: t.GrossCents, EarningsCents: t.EarningsCents, RefundedCents: t.RefundedCents})
	}
	for _, d := range rep.ByDay {
		out.ByDay = append(out.ByDay, revenueDayJSON{Date: d.Key, Currency: d.Currency, Sales: d.Sales, GrossCents: d.GrossCents, EarningsCents: d.EarningsCents, RefundedCents: d.RefundedCents})
	}
	out.Subscription = []subscriptionShareJSON{}
	for _, sh := range rep.Subscription {
		out.Subscription = append(out.Subscription, subscriptionShareJSON{Month: sh.Month, Currency: sh.Currency, Seconds: sh.Seconds,
			Minutes: int64(sh.Seconds / 60), AmountCents: sh.AmountCents, Closed: sh.Closed})
	}
	for _, c := range rep.ByCourse {
		out.ByCourse = append(out.ByCourse, revenueCourse{CourseID: id(c.CourseID), Title: c.Title, Currency: c.Currency, Sales: c.Sales,
			GrossCents: c.GrossCents, EarningsCents: c.EarningsCents, RefundedCents: c.RefundedCents})
	}
	return writeJSON(w, http.StatusOK, out)
}

// stripeWebhook verifies a Stripe event's signature (300 s tolerance) and
// processes it exactly once. A database failure answers 503 so Stripe
// retries; a bad signature answers 400 and changes nothing.
func (s *Server) stripeWebhook(w http.ResponseWriter, r *http.Request) error {
	if s.StripeWebhookSecret == "" {
		return apperr.New(apperr.NotFound, "not_found", "Stripe is not configured.")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return &apperr.Error{Kind: apperr.Invalid, Code: "body_too_large", Message: "The event is too large."}
	}
	ev, err := webhook.ConstructEventWithOptions(body, r.Header.Get("Stripe-Signature"), s.StripeWebhookSecret,
		webhook.ConstructEventOptions{Tolerance: 300 * time.Second, IgnoreAPIVersionMismatch: true})
	if err != nil {
		return &apperr.Error{Kind: apperr.Invalid, Code: "bad_signature", Message: "The event signature is not valid.", Cause: err}
	}
	if err := s.Commerce.HandleStripeEvent(r.Context(), ev); err != nil {
		if errors.Is(err, commerce.ErrRetryLater) {
			s.log.InfoContext(r.Context(), "stripe event postponed", "event", ev.ID, "type", ev.Type, "reason", err)
		} else {
			s.log.ErrorContext(r.Context(), "stripe event failed; Stripe will retry", "event", ev.ID, "type", ev.Type, "err", err)
		}
		return &apperr.Error{Kind: apperr.Unavailable, Code: "retry_later", Message: "The event could not be processed now; send it again.", RetryAfter: 10 * time.Second}
	}
	return writeJSON(w, http.StatusOK, map[string]bool{"received": true})
}

type couponList struct {
	Items []couponJSON `json:"items"`
}

func (s *Server) listCoupons(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	list, err := s.Commerce.Coupons(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	out := couponList{Items: []couponJSON{}}
	for _, c := range list {
		out.Items = append(out.Items, toCouponJSON(c))
	}
	return writeJSON(w, http.StatusOK, out)
}
