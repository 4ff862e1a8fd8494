package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// VideoKey is a video's content key as stored: its id and the key sealed
// with a key derived from the master secret.
type VideoKey struct {
	VideoID   int64
	KeyID     string // hex
	Sealed    []byte
	CreatedAt time.Time
}

// VideoKey reads the key of a video.
func (db *DB) VideoKey(ctx context.Context, videoID int64) (*VideoKey, error) {
	var k VideoKey
	err := db.read.QueryRowContext(ctx, `SELECT video_id, key_id, sealed, created_at FROM video_keys WHERE video_id = $1`, videoID).
		Scan(&k.VideoID, &k.KeyID, &k.Sealed, &k.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// AddVideoKey stores a video's key unless it has one already (two
// packagers racing keep the first), and returns the one stored.
func (db *DB) AddVideoKey(ctx context.Context, videoID int64, keyID string, sealed []byte) (*VideoKey, error) {
	if _, err := db.write.ExecContext(ctx, `INSERT INTO video_keys (video_id, key_id, sealed, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (video_id) DO NOTHING`, videoID, keyID, sealed, now()); err != nil {
		return nil, err
	}
	var k VideoKey
	err := db.write.QueryRowContext(ctx, `SELECT video_id, key_id, sealed, created_at FROM video_keys WHERE video_id = $1`, videoID).
		Scan(&k.VideoID, &k.KeyID, &k.Sealed, &k.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &k, err
}

// VideoPackaging is how a video's output is packaged (0 for clear HLS).
func (db *DB) VideoPackaging(ctx context.Context, videoID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT packaging FROM videos WHERE id = $1`, videoID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return n, err
}

// SetPackaging records, in the transaction that publishes a video's
// output, how that output is packaged.
func (tx *Tx) SetPackaging(ctx context.Context, videoID int64, packaging int) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE videos SET packaging = $2 WHERE id = $1`, videoID, packaging)
	return err
}

// Repackaged moves a ready video to output repackaged under a new prefix,
// provided it is still ready with the output it was repackaged from. It
// reports false when the video moved on meanwhile.
func (tx *Tx) Repackaged(ctx context.Context, videoID int64, from, to string, packaging int) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE videos SET output_prefix = $3, packaging = $4, updated_at = $5
		WHERE id = $1 AND status = 'ready' AND output_prefix = $2`, videoID, from, to, packaging, now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// VideosToPackage lists ready videos packaged below the given version,
// oldest first.
func (db *DB) VideosToPackage(ctx context.Context, below, limit int) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM videos WHERE status = 'ready' AND packaging < $1 ORDER BY id LIMIT $2`, below, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
