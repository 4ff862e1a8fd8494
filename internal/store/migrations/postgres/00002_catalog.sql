-- +goose Up
CREATE TABLE categories (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX categories_slug ON categories (slug);

-- Uploaded video files and what the pipeline made of them.
CREATE TABLE videos (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status     TEXT NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'queued', 'processing', 'ready', 'failed')),
    source_key TEXT NOT NULL DEFAULT '',
    duration_s DOUBLE PRECISION NOT NULL DEFAULT 0,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    renditions TEXT NOT NULL DEFAULT '[]', -- JSON list of {name, width, height, bandwidth}
    progress   DOUBLE PRECISION NOT NULL DEFAULT 0,
    error      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX videos_owner ON videos (owner_id);
CREATE INDEX videos_status ON videos (status);

CREATE TABLE courses (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug             TEXT NOT NULL,
    instructor_id    BIGINT NOT NULL REFERENCES users (id),
    title            TEXT NOT NULL,
    subtitle         TEXT NOT NULL DEFAULT '',
    description_md   TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT 'en',
    level            TEXT NOT NULL DEFAULT 'all' CHECK (level IN ('all', 'beginner', 'intermediate', 'advanced')),
    category_id      BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    price_cents      INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    currency         TEXT NOT NULL DEFAULT 'USD',
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'unlisted', 'archived')),
    thumbnail_key    TEXT NOT NULL DEFAULT '',
    rating_avg       DOUBLE PRECISION NOT NULL DEFAULT 0,
    rating_count     INTEGER NOT NULL DEFAULT 0,
    enrollment_count INTEGER NOT NULL DEFAULT 0,
    total_duration_s INTEGER NOT NULL DEFAULT 0,
    featured_at      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    published_at     TIMESTAMPTZ
);
CREATE UNIQUE INDEX courses_slug ON courses (slug);
CREATE INDEX courses_instructor ON courses (instructor_id, created_at);
CREATE INDEX courses_category ON courses (category_id);
CREATE INDEX courses_newest ON courses (status, published_at, id);
CREATE INDEX courses_rating ON courses (status, rating_avg, id);
CREATE INDEX courses_popular ON courses (status, enrollment_count, id);
CREATE INDEX courses_price ON courses (status, price_cents);
CREATE INDEX courses_language ON courses (language);
CREATE INDEX courses_level ON courses (level);
CREATE INDEX courses_featured ON courses (featured_at);

-- Full-text search: a weighted tsvector (title A, subtitle and instructor B,
-- description C) kept in step by the store in the same transaction as every
-- change to a course or its instructor's name.
ALTER TABLE courses ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX courses_search ON courses USING GIN (search);

CREATE TABLE sections (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sections_course ON sections (course_id, position);

CREATE TABLE lectures (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section_id BIGINT NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    course_id  BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('video', 'article')),
    body_md    TEXT NOT NULL DEFAULT '',
    video_id   BIGINT REFERENCES videos (id) ON DELETE SET NULL,
    is_preview BOOLEAN NOT NULL DEFAULT FALSE,
    duration_s INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX lectures_section ON lectures (section_id, position);
CREATE INDEX lectures_course ON lectures (course_id);
CREATE INDEX lectures_video ON lectures (video_id);

-- +goose Down
DROP TABLE lectures;
DROP TABLE sections;
DROP TABLE courses;
DROP TABLE videos;
DROP TABLE categories;
