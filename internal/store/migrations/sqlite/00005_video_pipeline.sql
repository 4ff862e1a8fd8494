-- +goose Up
-- What the upload and transcode pipeline needs to know about a video.
ALTER TABLE videos ADD COLUMN lecture_id INTEGER REFERENCES lectures (id) ON DELETE SET NULL;
ALTER TABLE videos ADD COLUMN upload_id TEXT NOT NULL DEFAULT '';       -- the tus upload
ALTER TABLE videos ADD COLUMN filename TEXT NOT NULL DEFAULT '';        -- as the instructor named it
ALTER TABLE videos ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;    -- bumped when a stuck job is replaced
ALTER TABLE videos ADD COLUMN heartbeat_at DATETIME;                    -- a running transcode touches it every second
ALTER TABLE videos ADD COLUMN output_prefix TEXT NOT NULL DEFAULT '';   -- where the published HLS output lives
CREATE UNIQUE INDEX videos_upload ON videos (upload_id) WHERE upload_id != '';
CREATE INDEX videos_lecture ON videos (lecture_id);
CREATE INDEX videos_heartbeat ON videos (status, heartbeat_at);

-- +goose Down
DROP INDEX videos_heartbeat;
DROP INDEX videos_lecture;
DROP INDEX videos_upload;
ALTER TABLE videos DROP COLUMN output_prefix;
ALTER TABLE videos DROP COLUMN heartbeat_at;
ALTER TABLE videos DROP COLUMN generation;
ALTER TABLE videos DROP COLUMN size_bytes;
ALTER TABLE videos DROP COLUMN filename;
ALTER TABLE videos DROP COLUMN upload_id;
ALTER TABLE videos DROP COLUMN lecture_id;
