-- +goose Up
-- The all-access plan(s): prices set by an admin, per interval.
CREATE TABLE plans (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    currency      TEXT NOT NULL,
    monthly_cents BIGINT NOT NULL CHECK (monthly_cents >= 0),
    yearly_cents  BIGINT NOT NULL CHECK (yearly_cents >= 0),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX plans_code ON plans (code);

-- Courses their instructor opted into the subscription.
CREATE TABLE subscription_courses (
    course_id  BIGINT NOT NULL PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);

-- A subscription's state is derived from facts that only grow (paid
-- through, last payment, last failure, ended) plus the newest cancel
-- flag, so webhook events may arrive in any order.
CREATE TABLE subscriptions (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id              BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_id              BIGINT NOT NULL REFERENCES plans (id),
    interval             TEXT NOT NULL CHECK (interval IN ('month', 'year')),
    provider             TEXT NOT NULL,
    provider_ref         TEXT NOT NULL,
    customer_ref         TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    amount_cents         BIGINT NOT NULL DEFAULT 0,
    currency             TEXT NOT NULL DEFAULT '',
    trial_end            TIMESTAMPTZ,
    period_start         TIMESTAMPTZ,
    paid_through         TIMESTAMPTZ,
    last_paid_at         TIMESTAMPTZ,
    last_failed_at       TIMESTAMPTZ,
    cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,
    cancel_changed_at    TIMESTAMPTZ,
    ended_at             TIMESTAMPTZ,
    access_until         TIMESTAMPTZ,
    fail_next            BOOLEAN NOT NULL DEFAULT FALSE,
    version              INTEGER NOT NULL DEFAULT 0,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX subscriptions_provider_ref ON subscriptions (provider, provider_ref);
CREATE INDEX subscriptions_user ON subscriptions (user_id, access_until);
CREATE INDEX subscriptions_plan ON subscriptions (plan_id);

-- Every subscription payment (an invoice paid or failed), once.
CREATE TABLE subscription_payments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id BIGINT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    provider_ref    TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('paid', 'failed')),
    amount_cents    BIGINT NOT NULL DEFAULT 0,
    refunded_cents  BIGINT NOT NULL DEFAULT 0,
    currency        TEXT NOT NULL,
    period_start    TIMESTAMPTZ,
    period_end      TIMESTAMPTZ,
    occurred_at     TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX subscription_payments_ref ON subscription_payments (subscription_id, provider_ref, status);
CREATE INDEX subscription_payments_occurred ON subscription_payments (occurred_at);

-- Seconds subscribers watched of opted-in courses, per month (YYYY-MM, UTC).
CREATE TABLE watch_time (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    month     TEXT NOT NULL,
    seconds   DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, course_id, month)
);
CREATE INDEX watch_time_month ON watch_time (month, course_id);
CREATE INDEX watch_time_course ON watch_time (course_id);

-- A closed month of subscription revenue and its split.
CREATE TABLE pool_months (
    month          TEXT NOT NULL,
    currency       TEXT NOT NULL,
    revenue_cents  BIGINT NOT NULL,
    platform_cents BIGINT NOT NULL,
    pool_cents     BIGINT NOT NULL,
    seconds        DOUBLE PRECISION NOT NULL,
    closed_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (month, currency)
);

CREATE TABLE pool_shares (
    month         TEXT NOT NULL,
    currency      TEXT NOT NULL,
    instructor_id BIGINT NOT NULL REFERENCES users (id),
    seconds       DOUBLE PRECISION NOT NULL,
    amount_cents  BIGINT NOT NULL,
    PRIMARY KEY (month, currency, instructor_id)
);
CREATE INDEX pool_shares_instructor ON pool_shares (instructor_id, month);

-- Money paid out to instructors (recorded by an admin).
CREATE TABLE payouts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instructor_id BIGINT NOT NULL REFERENCES users (id),
    amount_cents  BIGINT NOT NULL CHECK (amount_cents > 0),
    currency      TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    created_by    BIGINT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX payouts_instructor ON payouts (instructor_id, created_at);
CREATE INDEX payouts_created_by ON payouts (created_by);

-- +goose Down
DROP TABLE payouts;
DROP TABLE pool_shares;
DROP TABLE pool_months;
DROP TABLE watch_time;
DROP TABLE subscription_payments;
DROP TABLE subscriptions;
DROP TABLE subscription_courses;
DROP TABLE plans;
