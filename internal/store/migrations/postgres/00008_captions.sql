-- +goose Up
CREATE TABLE captions (
    video_id   BIGINT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    language   TEXT NOT NULL,
    label      TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (video_id, language)
);

-- +goose Down
DROP TABLE captions;
