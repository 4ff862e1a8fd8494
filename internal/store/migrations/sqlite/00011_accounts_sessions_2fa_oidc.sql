-- +goose Up
-- A session is one sign-in on one device: the family of refresh tokens it
-- rotates through shares its id, and every access token carries it (sid), so
-- ending the session stops both at once.
CREATE TABLE sessions (
    id           TEXT NOT NULL PRIMARY KEY,         -- = refresh_tokens.family_id
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    ended_at     DATETIME
);
CREATE INDEX sessions_user ON sessions (user_id, ended_at);

-- Sign-ins open before sessions existed keep working: one session per live family.
INSERT INTO sessions (id, user_id, created_at, last_used_at, user_agent, ip)
SELECT family_id, MIN(user_id), MIN(created_at), MAX(created_at), '', ''
FROM refresh_tokens WHERE revoked_at IS NULL GROUP BY family_id;

-- Two-factor: set once the authenticator app is confirmed.
ALTER TABLE users ADD COLUMN two_factor_at DATETIME;

-- The TOTP secret, encrypted with a key derived from the master secret.
-- last_step is the newest time step accepted, so a code works once.
CREATE TABLE user_totp (
    user_id      BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       BLOB NOT NULL,
    last_step    BIGINT NOT NULL DEFAULT 0,
    confirmed_at DATETIME,
    created_at   DATETIME NOT NULL
);

CREATE TABLE recovery_codes (
    hash       BLOB NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    used_at    DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Short-lived single-use steps of a sign-in: the second-factor challenge,
-- the one-time code a provider callback hands the UI, and the token of a
-- "link this provider to your account" step. data is purpose-specific JSON.
CREATE TABLE login_steps (
    hash       BLOB NOT NULL PRIMARY KEY,
    purpose    TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT NOT NULL DEFAULT '',
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX login_steps_expires ON login_steps (expires_at);

-- Accounts at sign-in providers (Google, GitHub, any OpenID Connect issuer).
CREATE TABLE oauth_identities (
    id         INTEGER PRIMARY KEY,
    provider   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX oauth_identities_subject ON oauth_identities (provider, subject);
CREATE UNIQUE INDEX oauth_identities_user ON oauth_identities (user_id, provider);

-- +goose Down
DROP TABLE oauth_identities;
DROP TABLE login_steps;
DROP TABLE recovery_codes;
DROP TABLE user_totp;
ALTER TABLE users DROP COLUMN two_factor_at;
DROP TABLE sessions;
