-- +goose Up
-- In-app notifications: what happened (kind) and what to show (payload,
-- JSON {title, body, link}); read_at is set when the user has seen it.
CREATE TABLE notifications (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL DEFAULT '{}',
    read_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

-- Per-user choices of which kinds also come by email; no row: the kind's
-- default.
CREATE TABLE notification_settings (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    email   BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- A student's private, timestamped notes on a lecture.
CREATE TABLE notes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id  BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    lecture_id BIGINT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
    at_s       DOUBLE PRECISION NOT NULL DEFAULT 0,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX notes_user_lecture ON notes (user_id, lecture_id, at_s);
CREATE INDEX notes_user_course ON notes (user_id, course_id);
CREATE INDEX notes_course ON notes (course_id);
CREATE INDEX notes_lecture ON notes (lecture_id);

-- +goose Down
DROP TABLE notes;
DROP TABLE notification_settings;
DROP TABLE notifications;
