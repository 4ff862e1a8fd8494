-- +goose Up
-- Q&A on lectures. Questions and answers are one kind of row, a post:
-- a question has a title and no question_id; an answer names its
-- question. One table means one moderation path (status, reports) and one
-- vote table for both.
CREATE TABLE qa_posts (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id           BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    lecture_id          BIGINT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
    question_id         BIGINT REFERENCES qa_posts (id) ON DELETE CASCADE,
    user_id             BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title               TEXT NOT NULL DEFAULT '',
    body                TEXT NOT NULL DEFAULT '',
    at_s                DOUBLE PRECISION,             -- the video time the question is about
    by_instructor       BOOLEAN NOT NULL DEFAULT FALSE,
    status              TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'flagged', 'hidden')),
    flag_reason         TEXT NOT NULL DEFAULT '',
    report_count        INTEGER NOT NULL DEFAULT 0,
    upvotes             INTEGER NOT NULL DEFAULT 0,
    -- questions only:
    answer_count        INTEGER NOT NULL DEFAULT 0,
    instructor_answered BOOLEAN NOT NULL DEFAULT FALSE,
    accepted_answer_id  BIGINT,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX qa_posts_lecture ON qa_posts (lecture_id, question_id, created_at);
CREATE INDEX qa_posts_course ON qa_posts (course_id, question_id, created_at);
CREATE INDEX qa_posts_question ON qa_posts (question_id, created_at);
CREATE INDEX qa_posts_user ON qa_posts (user_id);
CREATE INDEX qa_posts_status ON qa_posts (status, updated_at, id);

CREATE TABLE qa_votes (
    post_id    BIGINT NOT NULL REFERENCES qa_posts (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX qa_votes_user ON qa_votes (user_id);

CREATE TABLE qa_reports (
    post_id    BIGINT NOT NULL REFERENCES qa_posts (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX qa_reports_user ON qa_reports (user_id);

-- +goose Down
DROP TABLE qa_reports;
DROP TABLE qa_votes;
DROP TABLE qa_posts;
