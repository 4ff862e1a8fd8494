-- +goose Up
CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL,           -- stored lower-case: emails are case-insensitive
    name              TEXT NOT NULL,
    headline          TEXT NOT NULL DEFAULT '',
    bio               TEXT NOT NULL DEFAULT '',
    password_hash     TEXT NOT NULL,
    roles             TEXT NOT NULL DEFAULT 'student', -- comma-separated, sorted
    email_verified_at DATETIME,
    disabled_at       DATETIME,
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_created ON users (created_at, id);

CREATE TABLE refresh_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  TEXT NOT NULL,
    hash       BLOB NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    revoked_at DATETIME,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX refresh_tokens_hash ON refresh_tokens (hash);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

-- Single-use tokens sent by email: password reset and email verification.
CREATE TABLE user_tokens (
    hash       BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verify')),
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);
CREATE INDEX user_tokens_expires ON user_tokens (expires_at);

-- Every email is written here first (transactional outbox), then delivered.
CREATE TABLE outbox_emails (
    id         INTEGER PRIMARY KEY,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    sent_at    DATETIME,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_emails_pending ON outbox_emails (sent_at, id);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT '',
    at       DATETIME NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE outbox_emails;
DROP TABLE user_tokens;
DROP TABLE refresh_tokens;
DROP TABLE users;
