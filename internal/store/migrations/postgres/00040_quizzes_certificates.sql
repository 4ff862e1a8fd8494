-- +goose Up
-- Lectures may be quizzes.
ALTER TABLE lectures DROP CONSTRAINT IF EXISTS lectures_kind_check;
ALTER TABLE lectures ADD CONSTRAINT lectures_kind_check CHECK (kind IN ('video', 'article', 'quiz'));

-- A quiz lecture's questions as one JSON document
-- ([{id, prompt, multiple, answers: [{id, body, correct, explanation}]}]):
-- always read and written whole, by the instructor's editor and by grading.
CREATE TABLE quizzes (
    lecture_id   BIGINT NOT NULL PRIMARY KEY REFERENCES lectures (id) ON DELETE CASCADE,
    pass_percent INTEGER NOT NULL DEFAULT 70 CHECK (pass_percent BETWEEN 0 AND 100),
    questions    TEXT NOT NULL DEFAULT '[]',
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE quiz_attempts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lecture_id    BIGINT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
    course_id     BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    score_percent INTEGER NOT NULL,
    passed        BOOLEAN NOT NULL DEFAULT FALSE,
    answers       TEXT NOT NULL DEFAULT '{}', -- JSON: question id -> chosen answer ids
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, lecture_id, created_at);
CREATE INDEX quiz_attempts_lecture ON quiz_attempts (lecture_id);
CREATE INDEX quiz_attempts_course ON quiz_attempts (course_id);

-- A certificate of completion, issued once per student and course. The id
-- is random (the public verification link); names are kept as they were
-- on the day it was issued.
CREATE TABLE certificates (
    id              TEXT NOT NULL PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id       BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    student_name    TEXT NOT NULL,
    course_title    TEXT NOT NULL,
    instructor_name TEXT NOT NULL,
    content_s       INTEGER NOT NULL DEFAULT 0,
    issued_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX certificates_user_course ON certificates (user_id, course_id);
CREATE INDEX certificates_course ON certificates (course_id);

-- +goose Down
DROP TABLE certificates;
DROP TABLE quiz_attempts;
DROP TABLE quizzes;
ALTER TABLE lectures DROP CONSTRAINT IF EXISTS lectures_kind_check;
ALTER TABLE lectures ADD CONSTRAINT lectures_kind_check CHECK (kind IN ('video', 'article'));
