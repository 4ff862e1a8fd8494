package store

import "context"

// Caption is a WebVTT subtitle track of a video.
type Caption struct {
	VideoID  int64
	Language string
	Label    string
	Key      string
}

// PutCaption adds or replaces a video's track for a language.
func (db *DB) PutCaption(ctx context.Context, c Caption) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO captions (video_id, language, label, storage_key, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (video_id, language) DO UPDATE SET label = excluded.label, storage_key = excluded.storage_key, created_at = excluded.created_at`,
		c.VideoID, c.Language, c.Label, c.Key, now())
	return err
}

// DeleteCaption removes a track.
func (db *DB) DeleteCaption(ctx context.Context, videoID int64, language string) error {
	return oneRow(db.write.ExecContext(ctx, `DELETE FROM captions WHERE video_id = $1 AND language = $2`, videoID, language))
}

// Captions lists a video's tracks by language.
func (db *DB) Captions(ctx context.Context, videoID int64) ([]Caption, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT video_id, language, label, storage_key FROM captions WHERE video_id = $1 ORDER BY language`, videoID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Caption
	for rows.Next() {
		var c Caption
		if err := rows.Scan(&c.VideoID, &c.Language, &c.Label, &c.Key); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
