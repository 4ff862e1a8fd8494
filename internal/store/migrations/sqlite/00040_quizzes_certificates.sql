-- +goose Up
-- Lectures may be quizzes. SQLite cannot alter a CHECK constraint, and
-- rebuilding lectures would fire the ON DELETE actions of everything that
-- references it, so the constraint's text is widened in place (the change
-- SQLite documents as safe for loosening a CHECK); the CREATE TABLE below
-- bumps the schema cookie so every connection reloads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''video'', ''article''))', 'CHECK (kind IN (''video'', ''article'', ''quiz''))')
    WHERE type = 'table' AND name = 'lectures';
PRAGMA writable_schema = RESET;

-- A quiz lecture's questions as one JSON document
-- ([{id, prompt, multiple, answers: [{id, body, correct, explanation}]}]):
-- always read and written whole, by the instructor's editor and by grading.
CREATE TABLE quizzes (
    lecture_id   BIGINT NOT NULL PRIMARY KEY REFERENCES lectures (id) ON DELETE CASCADE,
    pass_percent INTEGER NOT NULL DEFAULT 70 CHECK (pass_percent BETWEEN 0 AND 100),
    questions    TEXT NOT NULL DEFAULT '[]',
    updated_at   DATETIME NOT NULL
);

CREATE TABLE quiz_attempts (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lecture_id    INTEGER NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
    course_id     INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    score_percent INTEGER NOT NULL,
    passed        INTEGER NOT NULL DEFAULT 0,
    answers       TEXT NOT NULL DEFAULT '{}', -- JSON: question id -> chosen answer ids
    created_at    DATETIME NOT NULL
);
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, lecture_id, created_at);
CREATE INDEX quiz_attempts_lecture ON quiz_attempts (lecture_id);
CREATE INDEX quiz_attempts_course ON quiz_attempts (course_id);

-- A certificate of completion, issued once per student and course. The id
-- is random (the public verification link); names are kept as they were
-- on the day it was issued.
CREATE TABLE certificates (
    id              TEXT NOT NULL PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id       INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    student_name    TEXT NOT NULL,
    course_title    TEXT NOT NULL,
    instructor_name TEXT NOT NULL,
    content_s       INTEGER NOT NULL DEFAULT 0,
    issued_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX certificates_user_course ON certificates (user_id, course_id);
CREATE INDEX certificates_course ON certificates (course_id);

-- +goose Down
DROP TABLE certificates;
DROP TABLE quiz_attempts;
DROP TABLE quizzes;
