-- +goose Up
-- A course's instructor (or an admin) writes to everyone enrolled.
CREATE TABLE announcements (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body_md    TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    emailed_at DATETIME -- when the delivery job reached the last student
);
CREATE INDEX announcements_course ON announcements (course_id, id);
CREATE INDEX announcements_author ON announcements (author_id);

-- One row per announcement and student, written in the same transaction as
-- the student's email in the outbox: a delivery job that is retried or runs
-- twice skips whoever already has one, so nobody is emailed twice.
CREATE TABLE announcement_deliveries (
    announcement_id INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    delivered_at    DATETIME NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
);
CREATE INDEX announcement_deliveries_user ON announcement_deliveries (user_id);

-- +goose Down
DROP TABLE announcement_deliveries;
DROP TABLE announcements;
