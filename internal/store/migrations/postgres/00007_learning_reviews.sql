-- +goose Up
CREATE TABLE progress (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lecture_id   BIGINT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
    course_id    BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position_s   DOUBLE PRECISION NOT NULL DEFAULT 0,   -- where to resume
    watched_s    DOUBLE PRECISION NOT NULL DEFAULT 0,   -- seconds actually played, counted by the server
    completed_at TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, lecture_id)
);
CREATE INDEX progress_course ON progress (user_id, course_id, updated_at);
CREATE INDEX progress_lecture ON progress (lecture_id);

CREATE TABLE reviews (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id        BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating           INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'flagged', 'hidden')),
    flag_reason      TEXT NOT NULL DEFAULT '',
    report_count     INTEGER NOT NULL DEFAULT 0,
    instructor_reply TEXT NOT NULL DEFAULT '',
    replied_at       TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX reviews_course_user ON reviews (course_id, user_id);
CREATE INDEX reviews_user ON reviews (user_id);
CREATE INDEX reviews_recent ON reviews (course_id, status, created_at, id);
CREATE INDEX reviews_rating ON reviews (course_id, status, rating, id);
CREATE INDEX reviews_status ON reviews (status, updated_at, id);

CREATE TABLE review_reports (
    review_id  BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_reports_user ON review_reports (user_id);

-- +goose Down
DROP TABLE review_reports;
DROP TABLE reviews;
DROP TABLE progress;
