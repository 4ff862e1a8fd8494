-- +goose Up
CREATE TABLE orders (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed', 'refunded', 'partially_refunded')),
    total_cents  BIGINT NOT NULL CHECK (total_cents >= 0),
    currency     TEXT NOT NULL,
    provider     TEXT NOT NULL,
    provider_ref TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    paid_at      TIMESTAMPTZ
);
CREATE INDEX orders_user ON orders (user_id, created_at);
CREATE INDEX orders_status ON orders (status, created_at);
CREATE INDEX orders_provider_ref ON orders (provider, provider_ref);

CREATE TABLE order_items (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    course_id   BIGINT NOT NULL REFERENCES courses (id),
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0)
);
CREATE UNIQUE INDEX order_items_order_course ON order_items (order_id, course_id);
CREATE INDEX order_items_course ON order_items (course_id);

CREATE TABLE enrollments (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id  BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (source IN ('free', 'purchase', 'admin')),
    order_id   BIGINT REFERENCES orders (id),
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    PRIMARY KEY (user_id, course_id)
);
CREATE INDEX enrollments_course ON enrollments (course_id);
CREATE INDEX enrollments_order ON enrollments (order_id);
CREATE INDEX enrollments_user_created ON enrollments (user_id, created_at);

-- +goose Down
DROP TABLE enrollments;
DROP TABLE order_items;
DROP TABLE orders;
