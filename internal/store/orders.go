package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Order statuses.
const (
	OrderPending           = "pending"
	OrderPaid              = "paid"
	OrderFailed            = "failed"
	OrderRefunded          = "refunded"
	OrderPartiallyRefunded = "partially_refunded"
)

// Order is a purchase of one or more courses at fixed prices.
type Order struct {
	ID            int64
	UserID        int64
	Status        string
	SubtotalCents int64
	DiscountCents int64
	TotalCents    int64
	RefundedCents int64
	Currency      string
	Provider      string
	ProviderRef   string
	PaymentRef    string
	CheckoutURL   string
	CouponID      *int64
	CreatedAt     time.Time
	PaidAt        *time.Time
	RefundedAt    *time.Time
	Items         []OrderItem
	// BuyerName and BuyerEmail are filled by list queries, and
	// RefundReason (the latest refund's) too.
	BuyerName    string
	BuyerEmail   string
	RefundReason string
}

// OrderItem is one course of an order, priced when the order was made.
type OrderItem struct {
	CourseID        int64
	CourseTitle     string
	CourseSlug      string
	ListPriceCents  int64
	PriceCents      int64
	CouponID        *int64
	InstructorID    int64
	InstructorCents int64
	PlatformCents   int64
}

const orderColumns = `id, user_id, status, subtotal_cents, discount_cents, total_cents, refunded_cents, currency, provider, provider_ref,
	payment_ref, checkout_url, coupon_id, created_at, paid_at, refunded_at`

// orderColumnsO is orderColumns for a query that names orders "o".
const orderColumnsO = `o.id, o.user_id, o.status, o.subtotal_cents, o.discount_cents, o.total_cents, o.refunded_cents, o.currency,
	o.provider, o.provider_ref, o.payment_ref, o.checkout_url, o.coupon_id, o.created_at, o.paid_at, o.refunded_at`

func scanOrder(row interface{ Scan(...any) error }, extra ...any) (*Order, error) {
	var o Order
	var coupon sql.NullInt64
	var paid, refunded sql.NullTime
	err := row.Scan(append([]any{&o.ID, &o.UserID, &o.Status, &o.SubtotalCents, &o.DiscountCents, &o.TotalCents, &o.RefundedCents, &o.Currency,
		&o.Provider, &o.ProviderRef, &o.PaymentRef, &o.CheckoutURL, &coupon, &o.CreatedAt, &paid, &refunded}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if coupon.Valid {
		o.CouponID = &coupon.Int64
	}
	o.PaidAt, o.RefundedAt = nullTime(paid), nullTime(refunded)
	o.CreatedAt = o.CreatedAt.UTC()
	return &o, nil
}

func (o *Order) loadItems(ctx context.Context, q queryer) error {
	return loadOrderItems(ctx, q, []*Order{o})
}

const orderItemColumns = `i.course_id, c.title, c.slug, i.list_price_cents, i.price_cents, i.coupon_id,
	COALESCE(i.instructor_id, 0), i.instructor_cents, i.platform_cents`

const orderItemFrom = ` FROM order_items i JOIN courses c ON c.id = i.course_id `

func scanOrderItem(row interface{ Scan(...any) error }, extra ...any) (OrderItem, error) {
	var it OrderItem
	var coupon sql.NullInt64
	dest := append(extra, &it.CourseID, &it.CourseTitle, &it.CourseSlug, &it.ListPriceCents, &it.PriceCents, &coupon,
		&it.InstructorID, &it.InstructorCents, &it.PlatformCents)
	if err := row.Scan(dest...); err != nil {
		return it, err
	}
	if coupon.Valid {
		it.CouponID = &coupon.Int64
	}
	return it, nil
}

// NewOrder is a pending order about to be paid.
type NewOrder struct {
	UserID        int64
	Currency      string
	Provider      string
	SubtotalCents int64
	DiscountCents int64
	TotalCents    int64
	CouponID      *int64
	Items         []OrderItem
}

// CreateOrder inserts a pending order with its items.
func (tx *Tx) CreateOrder(ctx context.Context, no NewOrder) (*Order, error) {
	var id int64
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO orders (user_id, status, subtotal_cents, discount_cents, total_cents, currency, provider, coupon_id, created_at)
		VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		no.UserID, no.SubtotalCents, no.DiscountCents, no.TotalCents, no.Currency, no.Provider, no.CouponID, now()).Scan(&id)
	if err != nil {
		return nil, err
	}
	for _, it := range no.Items {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO order_items (order_id, course_id, list_price_cents, price_cents, coupon_id, instructor_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, it.CourseID, it.ListPriceCents, it.PriceCents, it.CouponID, it.InstructorID); err != nil {
			return nil, err
		}
	}
	return tx.OrderByID(ctx, id)
}

// OrderByID reads an order with its items inside tx.
func (tx *Tx) OrderByID(ctx context.Context, id int64) (*Order, error) {
	o, err := scanOrder(tx.tx.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	return o, o.loadItems(ctx, tx.tx)
}

// OrderByID reads an order with its items.
func (db *DB) OrderByID(ctx context.Context, id int64) (*Order, error) {
	o, err := scanOrder(db.read.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	return o, o.loadItems(ctx, db.read)
}

// SetCheckout records the provider's session for a pending order.
func (tx *Tx) SetCheckout(ctx context.Context, id int64, providerRef, url string) error {
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE orders SET provider_ref = $2, checkout_url = $3 WHERE id = $1`, id, providerRef, url))
}

// MarkOrderPaid moves a pending order to paid. It reports false when the
// order was not pending (already paid, failed or refunded): fulfilment
// happens once whatever the number of events.
func (tx *Tx) MarkOrderPaid(ctx context.Context, id int64, paymentRef string) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE orders SET status = 'paid', paid_at = $2, payment_ref = CASE WHEN $3 = '' THEN payment_ref ELSE $3 END
		WHERE id = $1 AND status = 'pending'`, id, now(), paymentRef)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkOrderFailed ends a pending order that will not be paid.
func (tx *Tx) MarkOrderFailed(ctx context.Context, id int64) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE orders SET status = 'failed' WHERE id = $1 AND status = 'pending'`, id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetItemShares records how a paid item's price is split.
func (tx *Tx) SetItemShares(ctx context.Context, orderID, courseID, instructorCents, platformCents int64) error {
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE order_items SET instructor_cents = $3, platform_cents = $4 WHERE order_id = $1 AND course_id = $2`,
		orderID, courseID, instructorCents, platformCents))
}

// RecordRefund stores a refund and moves the order to refunded (whole) or
// partially refunded. Pending orders can be refunded too: a provider may
// report the refund before the payment (events arrive out of order).
func (tx *Tx) RecordRefund(ctx context.Context, orderID, amount int64, providerRef, reason string, by *int64) (*Order, error) {
	return tx.RecordPartialRefund(ctx, orderID, RefundRequest{AmountCents: amount, ProviderRef: providerRef, Reason: reason, By: by})
}

// RefundRequest is one refund of an order: an amount spread over every
// course, or what is left of chosen courses.
type RefundRequest struct {
	// AmountCents is what goes back; 0 (or more than is left) means all
	// that is left of the order, or of Courses.
	AmountCents int64
	// Courses, when not nil, takes the refund from these courses only.
	Courses     []int64
	ProviderRef string
	Reason      string
	// Key identifies the request that made the refund (may be empty).
	Key string
	By  *int64
}

// RecordPartialRefund stores a refund, never more than is left of the order
// (or of the chosen courses), and moves the order to refunded or
// partially refunded. The order's row is locked first, so concurrent
// refunds each see what the other left.
func (tx *Tx) RecordPartialRefund(ctx context.Context, orderID int64, r RefundRequest) (*Order, error) {
	if err := oneRow(tx.tx.ExecContext(ctx, `UPDATE orders SET status = status WHERE id = $1`, orderID)); err != nil {
		return nil, err
	}
	o, err := tx.OrderByID(ctx, orderID)
	if err != nil {
		return nil, err
	}
	amount := r.AmountCents
	var only map[int64]bool
	if r.Courses != nil {
		only = map[int64]bool{}
		for _, c := range r.Courses {
			only[c] = true
		}
		done, err := tx.refundedByCourse(ctx, orderID)
		if err != nil {
			return nil, err
		}
		var rest int64
		for _, it := range o.Items {
			if only[it.CourseID] {
				rest += max(it.PriceCents-done[it.CourseID], 0)
			}
		}
		if amount <= 0 || amount > rest {
			amount = rest
		}
		amount = min(amount, max(o.TotalCents-o.RefundedCents, 0))
	} else if amount <= 0 || o.RefundedCents+amount > o.TotalCents && o.TotalCents > 0 {
		amount = o.TotalCents - o.RefundedCents
	}
	t := now()
	if amount > 0 {
		var refundID int64
		if err := tx.tx.QueryRowContext(ctx, `INSERT INTO refunds (order_id, amount_cents, provider_ref, reason, created_by, created_at, request_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			orderID, amount, r.ProviderRef, r.Reason, r.By, t, r.Key).Scan(&refundID); err != nil {
			return nil, err
		}
		if err := tx.refundItems(ctx, o, refundID, amount, only); err != nil {
			return nil, err
		}
	}
	status := OrderRefunded
	if o.RefundedCents+amount < o.TotalCents {
		status = OrderPartiallyRefunded
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE orders SET status = $2, refunded_cents = refunded_cents + $3, refunded_at = $4 WHERE id = $1`,
		orderID, status, amount, t); err != nil {
		return nil, err
	}
	return tx.OrderByID(ctx, orderID)
}

// RevokeOrderEnrollments ends the enrollments an order paid for and keeps
// the courses' counts in step; it returns the courses concerned.
func (tx *Tx) RevokeOrderEnrollments(ctx context.Context, orderID int64) ([]int64, error) {
	return tx.revokeEnrollments(ctx, `UPDATE enrollments SET revoked_at = $2 WHERE order_id = $1 AND revoked_at IS NULL RETURNING course_id`, orderID)
}

// RevokeRefundedItems ends the enrollments of an order's courses that were
// refunded in full (a paid course whose refunds reach its price), leaving
// the order's other courses alone; it returns the courses concerned.
func (tx *Tx) RevokeRefundedItems(ctx context.Context, orderID int64) ([]int64, error) {
	return tx.revokeEnrollments(ctx, `UPDATE enrollments SET revoked_at = $2 WHERE order_id = $1 AND revoked_at IS NULL AND course_id IN (
		SELECT i.course_id FROM order_items i WHERE i.order_id = $1 AND i.price_cents > 0 AND i.price_cents <=
			(SELECT COALESCE(SUM(ri.amount_cents), 0) FROM refund_items ri WHERE ri.order_id = $1 AND ri.course_id = i.course_id))
		RETURNING course_id`, orderID)
}

func (tx *Tx) revokeEnrollments(ctx context.Context, query string, orderID int64) ([]int64, error) {
	rows, err := tx.tx.QueryContext(ctx, query, orderID, now())
	if err != nil {
		return nil, err
	}
	var courses []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		courses = append(courses, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range courses {
		if _, err := tx.tx.ExecContext(ctx, `UPDATE courses SET enrollment_count = enrollment_count - 1 WHERE id = $1 AND enrollment_count > 0`, c); err != nil {
			return nil, err
		}
	}
	return courses, nil
}

// OrderByProviderRef finds an order by its provider session.
func (db *DB) OrderByProviderRef(ctx context.Context, provider, ref string) (*Order, error) {
	o, err := scanOrder(db.read.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE provider = $1 AND provider_ref = $2`, provider, ref))
	if err != nil {
		return nil, err
	}
	return o, o.loadItems(ctx, db.read)
}

// OrderByPaymentRef finds an order by its payment (Stripe PaymentIntent).
func (tx *Tx) OrderByPaymentRef(ctx context.Context, provider, ref string) (*Order, error) {
	o, err := scanOrder(tx.tx.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE provider = $1 AND payment_ref = $2 AND payment_ref != ''`, provider, ref))
	if err != nil {
		return nil, err
	}
	return o, o.loadItems(ctx, tx.tx)
}

// OrderQuery selects one page of orders, newest first.
type OrderQuery struct {
	UserID  int64  // one buyer's orders; 0 for everyone's (admins)
	Status  string // optional
	Q       string // optional: part of the buyer's email or name or of a course title, or an order id
	AfterID int64  // the cursor: the last order id of the previous page
	Limit   int
}

// Orders lists a page of orders with their buyers and items: one query
// for the orders and their buyers, one for every order's items.
func (db *DB) Orders(ctx context.Context, q OrderQuery) ([]*Order, error) {
	where := []string{"1=1"}
	args := []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if q.UserID > 0 {
		where = append(where, "o.user_id = "+arg(q.UserID))
	}
	if q.Status != "" {
		where = append(where, "o.status = "+arg(q.Status))
	}
	if text := strings.TrimSpace(strings.ToLower(q.Q)); text != "" {
		like := arg("%" + escapeLike(text) + "%")
		cond := "lower(u.email) LIKE " + like + " ESCAPE '\\' OR lower(u.name) LIKE " + like + " ESCAPE '\\'" +
			" OR EXISTS (SELECT 1 FROM order_items si JOIN courses sc ON sc.id = si.course_id WHERE si.order_id = o.id AND lower(sc.title) LIKE " + like + " ESCAPE '\\')"
		if id, err := strconv.ParseInt(strings.TrimPrefix(text, "#"), 10, 64); err == nil {
			cond += " OR o.id = " + arg(id)
		}
		where = append(where, "("+cond+")")
	}
	if q.AfterID > 0 {
		where = append(where, "o.id < "+arg(q.AfterID))
	}
	limit := arg(q.Limit)
	rows, err := db.read.QueryContext(ctx, `SELECT `+orderColumnsO+`, u.name, u.email,
		COALESCE((SELECT r.reason FROM refunds r WHERE r.order_id = o.id ORDER BY r.id DESC LIMIT 1), '')
		FROM orders o JOIN users u ON u.id = o.user_id WHERE `+
		strings.Join(where, " AND ")+` ORDER BY o.id DESC LIMIT `+limit, args...)
	if err != nil {
		return nil, err
	}
	var out []*Order
	for rows.Next() {
		var name, email, reason string
		o, err := scanOrder(rows, &name, &email, &reason)
		if err != nil {
			rows.Close()
			return nil, err
		}
		o.BuyerName, o.BuyerEmail, o.RefundReason = name, email, reason
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, loadOrderItems(ctx, db.read, out)
}

// loadOrderItems fills the items of many orders with one query.
func loadOrderItems(ctx context.Context, q queryer, orders []*Order) error {
	if len(orders) == 0 {
		return nil
	}
	byID := make(map[int64]*Order, len(orders))
	marks := make([]string, len(orders))
	args := make([]any, len(orders))
	for i, o := range orders {
		byID[o.ID] = o
		o.Items = nil
		marks[i] = "$" + strconv.Itoa(i+1)
		args[i] = o.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT i.order_id, `+orderItemColumns+orderItemFrom+`WHERE i.order_id IN (`+strings.Join(marks, ", ")+`) ORDER BY i.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var orderID int64
		it, err := scanOrderItem(rows, &orderID)
		if err != nil {
			return err
		}
		byID[orderID].Items = append(byID[orderID].Items, it)
	}
	return rows.Err()
}

// RecordWebhookEvent stores a provider event id; false means it was seen
// before and must not be processed again. It runs in the transaction that
// processes the event, so "seen" and "processed" commit together.
func (tx *Tx) RecordWebhookEvent(ctx context.Context, provider, eventID, typ string) (bool, error) {
	t := now()
	// ON CONFLICT rather than catching the unique violation: on PostgreSQL a
	// failed statement would abort the whole transaction. A concurrent copy
	// waits here for the first to commit, then inserts nothing.
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO webhook_events (provider, event_id, type, received_at, processed_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (provider, event_id) DO NOTHING`, provider, eventID, typ, t)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// PendingOrderCourses maps each course in one of user's pending orders to
// that order.
func (db *DB) PendingOrderCourses(ctx context.Context, userID int64) (map[int64]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT i.course_id, o.id FROM orders o JOIN order_items i ON i.order_id = o.id
		WHERE o.user_id = $1 AND o.status = 'pending'`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var c, o int64
		if err := rows.Scan(&c, &o); err != nil {
			return nil, err
		}
		out[c] = o
	}
	return out, rows.Err()
}

// refundItems spreads a refund over the order's courses in proportion to
// what is left of each course's price, and records the instructor's part
// of each: after every refund the instructor has given back
// floor(share × refunded ÷ price) of a course, so a course refunded in
// full gives back exactly its share, whatever number of refunds it took.
func (tx *Tx) refundItems(ctx context.Context, o *Order, refundID, amount int64, only map[int64]bool) error {
	type sofar struct{ amount, share int64 }
	done := map[int64]sofar{}
	rows, err := tx.tx.QueryContext(ctx, `SELECT course_id, SUM(amount_cents), SUM(instructor_cents) FROM refund_items WHERE order_id = $1 GROUP BY course_id`, o.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c int64
		var d sofar
		if err := rows.Scan(&c, &d.amount, &d.share); err != nil {
			rows.Close()
			return err
		}
		done[c] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	left := make([]int64, len(o.Items))
	var total int64
	for i, it := range o.Items {
		if only == nil || only[it.CourseID] {
			left[i] = max(it.PriceCents-done[it.CourseID].amount, 0)
		}
		total += left[i]
	}
	if total == 0 {
		return nil
	}
	amount = min(amount, total)
	parts := make([]int64, len(o.Items))
	var given int64
	for i := range parts {
		parts[i] = amount * left[i] / total
		given += parts[i]
	}
	for i := 0; given < amount; i = (i + 1) % len(parts) { // the units rounding left over, to the first courses with room
		if parts[i] < left[i] {
			parts[i]++
			given++
		}
	}
	for i, it := range o.Items {
		if parts[i] == 0 {
			continue
		}
		d := done[it.CourseID]
		share := it.InstructorCents*(d.amount+parts[i])/it.PriceCents - d.share
		var instructor any
		if it.InstructorID > 0 {
			instructor = it.InstructorID
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO refund_items (refund_id, order_id, course_id, instructor_id, amount_cents, instructor_cents)
			VALUES ($1, $2, $3, $4, $5, $6)`, refundID, o.ID, it.CourseID, instructor, parts[i], share); err != nil {
			return err
		}
	}
	return nil
}

// Refund is money given back on an order.
type Refund struct {
	ID          int64
	OrderID     int64
	AmountCents int64
	ProviderRef string
	Reason      string
	CreatedBy   *int64
	// CreatedByName is the name of the admin or buyer who asked for it.
	CreatedByName string
	CreatedAt     time.Time
}

// OrderRefunds lists an order's refunds, oldest first, with who made them.
func (db *DB) OrderRefunds(ctx context.Context, orderID int64) ([]Refund, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, r.order_id, r.amount_cents, r.provider_ref, r.reason, r.created_by, r.created_at,
		COALESCE(u.name, '') FROM refunds r LEFT JOIN users u ON u.id = r.created_by WHERE r.order_id = $1 ORDER BY r.created_at, r.id`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Refund
	for rows.Next() {
		var r Refund
		var by sql.NullInt64
		if err := rows.Scan(&r.ID, &r.OrderID, &r.AmountCents, &r.ProviderRef, &r.Reason, &by, &r.CreatedAt, &r.CreatedByName); err != nil {
			return nil, err
		}
		if by.Valid {
			r.CreatedBy = &by.Int64
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
