-- +goose Up
-- How a ready video's output is packaged: 0 = HLS with clear segments (as
-- transcoded before DASH and encryption), 1 = HLS and DASH over the same
-- CMAF segments, encrypted (cbcs) with the video's key.
ALTER TABLE videos ADD COLUMN packaging INTEGER NOT NULL DEFAULT 0;
CREATE INDEX videos_packaging ON videos (status, packaging);

-- A video's content key, sealed (AES-GCM) with a key derived from the
-- master secret; never stored beside the segments.
CREATE TABLE video_keys (
    video_id   BIGINT NOT NULL PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
    key_id     TEXT NOT NULL,
    sealed     BLOB NOT NULL,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE video_keys;
DROP INDEX videos_packaging;
ALTER TABLE videos DROP COLUMN packaging;
