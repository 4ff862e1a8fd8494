-- +goose Up
-- A payout says how the money went (a bank transfer, PayPal, ...) and why.
ALTER TABLE payouts ADD COLUMN method TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE payouts ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- What each refund took back from each course of its order, and the
-- instructor's part of that: a partial refund lowers the instructor's share
-- in proportion, and the payout balance and revenue page read it from here.
CREATE TABLE refund_items (
    refund_id        INTEGER NOT NULL REFERENCES refunds (id) ON DELETE CASCADE,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    course_id        INTEGER NOT NULL REFERENCES courses (id),
    instructor_id    INTEGER REFERENCES users (id),
    amount_cents     INTEGER NOT NULL,
    instructor_cents INTEGER NOT NULL,
    PRIMARY KEY (refund_id, course_id)
);
CREATE INDEX refund_items_order ON refund_items (order_id, course_id);
CREATE INDEX refund_items_course ON refund_items (course_id);
CREATE INDEX refund_items_instructor ON refund_items (instructor_id);

-- Refunds made before: whole orders, each item back in full, on the
-- order's last refund.
INSERT INTO refund_items (refund_id, order_id, course_id, instructor_id, amount_cents, instructor_cents)
SELECT (SELECT MAX(r.id) FROM refunds r WHERE r.order_id = o.id), o.id, i.course_id, i.instructor_id, i.price_cents, i.instructor_cents
FROM orders o JOIN order_items i ON i.order_id = o.id
WHERE o.status = 'refunded' AND EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id);

-- +goose Down
DROP TABLE refund_items;
ALTER TABLE payouts DROP COLUMN note;
ALTER TABLE payouts DROP COLUMN method;
