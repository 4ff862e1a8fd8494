-- +goose Up
-- Which parts of a video each student played, as merged intervals of whole
-- seconds ("0-95,120-300"), updated by every progress report: the
-- instructor's drop-off curve is a sweep over these, never rows per second.
ALTER TABLE progress ADD COLUMN watched_ranges TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE progress DROP COLUMN watched_ranges;
