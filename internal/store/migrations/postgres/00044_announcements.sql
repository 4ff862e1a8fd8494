-- +goose Up
-- A course's instructor (or an admin) writes to everyone enrolled.
CREATE TABLE announcements (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body_md    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    emailed_at TIMESTAMPTZ -- when the delivery job reached the last student
);
CREATE INDEX announcements_course ON announcements (course_id, id);
CREATE INDEX announcements_author ON announcements (author_id);

-- One row per announcement and student, written in the same transaction as
-- the student's email in the outbox: a delivery job that is retried or runs
-- twice skips whoever already has one, so nobody is emailed twice.
CREATE TABLE announcement_deliveries (
    announcement_id BIGINT NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    delivered_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
);
CREATE INDEX announcement_deliveries_user ON announcement_deliveries (user_id);

-- +goose Down
DROP TABLE announcement_deliveries;
DROP TABLE announcements;
