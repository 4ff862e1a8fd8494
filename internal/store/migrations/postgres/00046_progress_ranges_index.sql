-- +goose Up
-- SQLite gets a covering index (lecture_id, watched_ranges) for the
-- drop-off read under this number. PostgreSQL does not: a B-tree entry
-- must fit in about a third of a page (~2.7 kB), and a student who skips
-- around a long video can have longer ranges, which would make progress
-- writes fail. Its read through progress_lecture is fast enough.
SELECT 1;

-- +goose Down
SELECT 1;
