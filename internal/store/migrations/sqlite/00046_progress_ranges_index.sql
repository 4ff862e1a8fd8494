-- +goose Up
-- The drop-off curve reads every viewer's watched ranges of one lecture:
-- with the ranges in the index the read is one range scan of the index,
-- not an index scan plus a table row lookup per viewer. (SQLite keeps long
-- index entries in overflow pages, so any length of ranges fits.)
CREATE INDEX progress_lecture_ranges ON progress (lecture_id, watched_ranges);

-- +goose Down
DROP INDEX progress_lecture_ranges;
