package store

import "context"

// ItemRefund is what became of one course of an order: how much of its
// price went back, and whether the buyer lost access to it.
type ItemRefund struct {
	RefundedCents int64
	Revoked       bool
}

// OrderItemRefunds maps each course of an order to what was refunded of it
// and whether its enrollment was revoked.
func (db *DB) OrderItemRefunds(ctx context.Context, orderID int64) (map[int64]ItemRefund, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT i.course_id,
		COALESCE((SELECT SUM(ri.amount_cents) FROM refund_items ri WHERE ri.order_id = i.order_id AND ri.course_id = i.course_id), 0),
		EXISTS (SELECT 1 FROM enrollments e WHERE e.order_id = i.order_id AND e.course_id = i.course_id AND e.revoked_at IS NOT NULL)
		FROM order_items i WHERE i.order_id = $1`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]ItemRefund{}
	for rows.Next() {
		var c int64
		var r ItemRefund
		if err := rows.Scan(&c, &r.RefundedCents, &r.Revoked); err != nil {
			return nil, err
		}
		out[c] = r
	}
	return out, rows.Err()
}

// refundedByCourse sums an order's refunds per course inside tx.
func (tx *Tx) refundedByCourse(ctx context.Context, orderID int64) (map[int64]int64, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT course_id, SUM(amount_cents) FROM refund_items WHERE order_id = $1 GROUP BY course_id`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var c, n int64
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}

// RefundKeyUsed says whether a refund of the order was already made by the
// request with this key.
func (db *DB) RefundKeyUsed(ctx context.Context, orderID int64, key string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM refunds WHERE order_id = $1 AND request_key = $2 AND request_key <> ''`, orderID, key).Scan(&n)
	return n > 0, err
}
