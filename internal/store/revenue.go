package store

import (
	"context"
	"time"
)

// RevenueDay is one day of an instructor's sales in one currency.
type RevenueDay struct {
	Day           string // YYYY-MM-DD, UTC
	Currency      string
	Sales         int
	GrossCents    int64 // what buyers paid
	EarningsCents int64 // the instructor's share of it
	RefundedCents int64 // what buyers got back
	RefundedShare int64 // the instructor's share of that
}

// RevenueCourse is one course's sales in a period.
type RevenueCourse struct {
	CourseID      int64
	Title         string
	Currency      string
	Sales         int
	GrossCents    int64
	EarningsCents int64
	RefundedCents int64
	RefundedShare int64
}

// itemRefunds joins each order item (i) to what refunds, whole or partial,
// took back of it (r.amount) and of the instructor's share of it (r.share):
// the one rule for what a refund costs an instructor, used by the revenue
// report and the instructor dashboard.
const itemRefunds = ` LEFT JOIN (SELECT order_id, course_id, SUM(amount_cents) AS amount, SUM(instructor_cents) AS share FROM refund_items
		GROUP BY order_id, course_id) r ON r.order_id = i.order_id AND r.course_id = i.course_id `

// Revenue sums an instructor's paid order items by day and by course, in
// [from, to). Refunded items count as sales and as refunds (partial ones
// in proportion), so earnings net of refunds are EarningsCents - the
// refunded instructor share.
func (db *DB) Revenue(ctx context.Context, instructorID int64, from, to time.Time) ([]RevenueDay, []RevenueCourse, error) {
	day := "strftime('%Y-%m-%d', o.paid_at)"
	if db.Dialect == Postgres {
		day = "to_char(o.paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	refunded := "COALESCE(SUM(r.amount), 0), COALESCE(SUM(r.share), 0)"
	refunds := itemRefunds
	base := ` FROM order_items i JOIN orders o ON o.id = i.order_id` + refunds + `
		WHERE i.instructor_id = $1 AND o.paid_at IS NOT NULL AND o.paid_at >= $2 AND o.paid_at < $3`
	rows, err := db.read.QueryContext(ctx, `SELECT `+day+`, o.currency, COUNT(*), SUM(i.price_cents), SUM(i.instructor_cents), `+refunded+
		base+` GROUP BY 1, 2 ORDER BY 1, 2`, instructorID, from.UTC(), to.UTC())
	if err != nil {
		return nil, nil, err
	}
	var days []RevenueDay
	for rows.Next() {
		var d RevenueDay
		if err := rows.Scan(&d.Day, &d.Currency, &d.Sales, &d.GrossCents, &d.EarningsCents, &d.RefundedCents, &d.RefundedShare); err != nil {
			rows.Close()
			return nil, nil, err
		}
		days = append(days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT i.course_id, c.title, o.currency, COUNT(*), SUM(i.price_cents), SUM(i.instructor_cents), `+refunded+
		` FROM order_items i JOIN orders o ON o.id = i.order_id JOIN courses c ON c.id = i.course_id`+refunds+`
		WHERE i.instructor_id = $1 AND o.paid_at IS NOT NULL AND o.paid_at >= $2 AND o.paid_at < $3
		GROUP BY i.course_id, c.title, o.currency ORDER BY 6 DESC, 1`, instructorID, from.UTC(), to.UTC())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var courses []RevenueCourse
	for rows.Next() {
		var c RevenueCourse
		if err := rows.Scan(&c.CourseID, &c.Title, &c.Currency, &c.Sales, &c.GrossCents, &c.EarningsCents, &c.RefundedCents, &c.RefundedShare); err != nil {
			return nil, nil, err
		}
		courses = append(courses, c)
	}
	return days, courses, rows.Err()
}
