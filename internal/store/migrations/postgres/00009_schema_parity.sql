-- +goose Up
-- Nothing to change on PostgreSQL: this version makes SQLite's user_tokens
-- match (its hash primary key becomes NOT NULL, as a PostgreSQL primary key
-- always is). The file keeps both dialects on the same version numbers.
SELECT 1;

-- +goose Down
SELECT 1;
