-- +goose Up
-- user_tokens.hash is the primary key, but SQLite lets a non-INTEGER
-- primary key column hold NULL unless it is declared NOT NULL (PostgreSQL
-- never does). Rebuild the table with the constraint, as SQLite cannot add
-- it to an existing column; nothing references user_tokens.
CREATE TABLE user_tokens_rebuilt (
    hash       BLOB NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verify')),
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    created_at DATETIME NOT NULL
);
INSERT INTO user_tokens_rebuilt (hash, user_id, purpose, expires_at, used_at, created_at)
    SELECT hash, user_id, purpose, expires_at, used_at, created_at FROM user_tokens WHERE hash IS NOT NULL;
DROP TABLE user_tokens;
ALTER TABLE user_tokens_rebuilt RENAME TO user_tokens;
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);
CREATE INDEX user_tokens_expires ON user_tokens (expires_at);

-- +goose Down
CREATE TABLE user_tokens_rebuilt (
    hash       BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verify')),
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    created_at DATETIME NOT NULL
);
INSERT INTO user_tokens_rebuilt (hash, user_id, purpose, expires_at, used_at, created_at)
    SELECT hash, user_id, purpose, expires_at, used_at, created_at FROM user_tokens;
DROP TABLE user_tokens;
ALTER TABLE user_tokens_rebuilt RENAME TO user_tokens;
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);
CREATE INDEX user_tokens_expires ON user_tokens (expires_at);
