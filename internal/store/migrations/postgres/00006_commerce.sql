-- +goose Up
CREATE TABLE cart_items (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    added_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, course_id)
);
CREATE INDEX cart_items_course ON cart_items (course_id);

CREATE TABLE coupons (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             TEXT NOT NULL,            -- stored upper-case; codes are case-insensitive
    course_id        BIGINT REFERENCES courses (id) ON DELETE CASCADE, -- NULL: site-wide
    created_by       BIGINT NOT NULL REFERENCES users (id),
    percent_off      INTEGER CHECK (percent_off BETWEEN 1 AND 100),
    amount_off_cents BIGINT CHECK (amount_off_cents > 0),
    currency         TEXT NOT NULL DEFAULT '',
    max_redemptions  INTEGER CHECK (max_redemptions > 0),
    redemptions      INTEGER NOT NULL DEFAULT 0,
    expires_at       TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    CHECK ((percent_off IS NULL) != (amount_off_cents IS NULL))
);
CREATE UNIQUE INDEX coupons_code ON coupons (code);
CREATE INDEX coupons_course ON coupons (course_id);
CREATE INDEX coupons_created_by ON coupons (created_by);

ALTER TABLE orders ADD COLUMN subtotal_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN discount_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN refunded_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN coupon_id BIGINT REFERENCES coupons (id);
ALTER TABLE orders ADD COLUMN payment_ref TEXT NOT NULL DEFAULT '';  -- e.g. the Stripe PaymentIntent, for refunds
ALTER TABLE orders ADD COLUMN checkout_url TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN refunded_at TIMESTAMPTZ;
CREATE INDEX orders_coupon ON orders (coupon_id);
CREATE INDEX orders_paid ON orders (paid_at);

ALTER TABLE order_items ADD COLUMN coupon_id BIGINT REFERENCES coupons (id);
ALTER TABLE order_items ADD COLUMN list_price_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN instructor_id BIGINT REFERENCES users (id);
ALTER TABLE order_items ADD COLUMN instructor_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN platform_cents BIGINT NOT NULL DEFAULT 0;
CREATE INDEX order_items_instructor ON order_items (instructor_id);
CREATE INDEX order_items_coupon ON order_items (coupon_id);

CREATE TABLE refunds (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     BIGINT NOT NULL REFERENCES orders (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    provider_ref TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    created_by   BIGINT REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_created_by ON refunds (created_by);

-- Every payment provider event, once: the unique key is what makes
-- duplicate and concurrent webhooks harmless.
CREATE TABLE webhook_events (
    provider     TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    type         TEXT NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    processed_at TIMESTAMPTZ,
    PRIMARY KEY (provider, event_id)
);

-- +goose Down
DROP TABLE webhook_events;
DROP TABLE refunds;
DROP INDEX order_items_coupon;
DROP INDEX order_items_instructor;
ALTER TABLE order_items DROP COLUMN platform_cents;
ALTER TABLE order_items DROP COLUMN instructor_cents;
ALTER TABLE order_items DROP COLUMN instructor_id;
ALTER TABLE order_items DROP COLUMN list_price_cents;
ALTER TABLE order_items DROP COLUMN coupon_id;
DROP INDEX orders_paid;
DROP INDEX orders_coupon;
ALTER TABLE orders DROP COLUMN refunded_at;
ALTER TABLE orders DROP COLUMN checkout_url;
ALTER TABLE orders DROP COLUMN payment_ref;
ALTER TABLE orders DROP COLUMN coupon_id;
ALTER TABLE orders DROP COLUMN refunded_cents;
ALTER TABLE orders DROP COLUMN discount_cents;
ALTER TABLE orders DROP COLUMN subtotal_cents;
DROP TABLE coupons;
DROP TABLE cart_items;
