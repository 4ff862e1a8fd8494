-- +goose Up
-- Which rendition of a ready video was repackaged from the upload as it was
-- (the fast path, '' when every rendition was encoded), and, when none was,
-- why the upload did not qualify.
ALTER TABLE videos ADD COLUMN copied_rendition TEXT NOT NULL DEFAULT '';
ALTER TABLE videos ADD COLUMN fast_path_note TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE videos DROP COLUMN fast_path_note;
ALTER TABLE videos DROP COLUMN copied_rendition;
