-- +goose Up
-- What a paid invoice was paid with at the provider (Stripe: the payment
-- intent or charge), so it can be refunded and a refund made at the
-- provider finds its invoice.
ALTER TABLE subscription_payments ADD COLUMN payment_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX subscription_payments_payment_ref ON subscription_payments (payment_ref) WHERE payment_ref <> '';

-- Every refund of a subscription payment. An admin's refund is written
-- pending before the provider is asked (so a concurrent webhook or a
-- second request sees the money as already going back) and done after;
-- a refund made at the provider arrives done. after_close: the payment's
-- month was already closed when the refund was done, so it changed no
-- closed figure (the platform bears it). request_key: the same admin
-- request sent twice refunds once.
CREATE TABLE subscription_refunds (
    id            INTEGER PRIMARY KEY,
    payment_id    INTEGER NOT NULL REFERENCES subscription_payments (id) ON DELETE CASCADE,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'done')),
    provider_ref  TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    request_key   TEXT NOT NULL DEFAULT '',
    after_close   INTEGER NOT NULL DEFAULT 0,
    ended_access  INTEGER NOT NULL DEFAULT 0,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    DATETIME NOT NULL
);
CREATE INDEX subscription_refunds_payment ON subscription_refunds (payment_id, id);
CREATE UNIQUE INDEX subscription_refunds_key ON subscription_refunds (payment_id, request_key) WHERE request_key <> '';
CREATE INDEX subscription_refunds_created_by ON subscription_refunds (created_by);

-- +goose Down
DROP TABLE subscription_refunds;
DROP INDEX subscription_payments_payment_ref;
ALTER TABLE subscription_payments DROP COLUMN payment_ref;
