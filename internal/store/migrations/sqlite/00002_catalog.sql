-- +goose Up
CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX categories_slug ON categories (slug);

-- Uploaded video files and what the pipeline made of them.
CREATE TABLE videos (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status     TEXT NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'queued', 'processing', 'ready', 'failed')),
    source_key TEXT NOT NULL DEFAULT '',
    duration_s REAL NOT NULL DEFAULT 0,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    renditions TEXT NOT NULL DEFAULT '[]', -- JSON list of {name, width, height, bandwidth}
    progress   REAL NOT NULL DEFAULT 0,
    error      TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX videos_owner ON videos (owner_id);
CREATE INDEX videos_status ON videos (status);

CREATE TABLE courses (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL,
    instructor_id    INTEGER NOT NULL REFERENCES users (id),
    title            TEXT NOT NULL,
    subtitle         TEXT NOT NULL DEFAULT '',
    description_md   TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT 'en',
    level            TEXT NOT NULL DEFAULT 'all' CHECK (level IN ('all', 'beginner', 'intermediate', 'advanced')),
    category_id      INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    price_cents      INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    currency         TEXT NOT NULL DEFAULT 'USD',
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'unlisted', 'archived')),
    thumbnail_key    TEXT NOT NULL DEFAULT '',
    rating_avg       REAL NOT NULL DEFAULT 0,
    rating_count     INTEGER NOT NULL DEFAULT 0,
    enrollment_count INTEGER NOT NULL DEFAULT 0,
    total_duration_s INTEGER NOT NULL DEFAULT 0,
    featured_at      DATETIME,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    published_at     DATETIME
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

-- Full-text index of courses: rowid is the course id. Kept in step by the
-- store in the same transaction as every change to a course or its
-- instructor's name.
CREATE VIRTUAL TABLE courses_fts USING fts5 (
    title, subtitle, description, instructor,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE sections (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX sections_course ON sections (course_id, position);

CREATE TABLE lectures (
    id         INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('video', 'article')),
    body_md    TEXT NOT NULL DEFAULT '',
    video_id   INTEGER REFERENCES videos (id) ON DELETE SET NULL,
    is_preview INTEGER NOT NULL DEFAULT 0,
    duration_s INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX lectures_section ON lectures (section_id, position);
CREATE INDEX lectures_course ON lectures (course_id);
CREATE INDEX lectures_video ON lectures (video_id);

-- +goose Down
DROP TABLE lectures;
DROP TABLE sections;
DROP TABLE courses_fts;
DROP TABLE courses;
DROP TABLE videos;
DROP TABLE categories;
