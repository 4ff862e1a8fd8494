package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// Video statuses.
const (
	VideoUploading  = "uploading"
	VideoQueued     = "queued"
	VideoProcessing = "processing"
	VideoReady      = "ready"
	VideoFailed     = "failed"
)

// Rendition is one quality level of a processed video.
type Rendition struct {
	Name      string `json:"name"`
	Width     int    `json:"width"`
	Height    int    `json:"height"`
	Bandwidth int    `json:"bandwidth"`
}

// Video is an uploaded file and what the pipeline made of it.
type Video struct {
	ID           int64
	OwnerID      int64
	LectureID    *int64
	Status       string
	UploadID     string
	Filename     string
	SizeBytes    int64
	SourceKey    string
	DurationS    float64
	Width        int
	Height       int
	Renditions   []Rendition
	Progress     float64
	Error        string
	Generation   int
	HeartbeatAt  *time.Time
	OutputPrefix string
	// CopiedRendition names the rendition repackaged from the upload
	// without encoding (the fast path), "" if all were encoded; then
	// FastPathNote says why the upload did not qualify.
	CopiedRendition string
	FastPathNote    string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

const videoColumns = `id, owner_id, lecture_id, status, upload_id, filename, size_bytes, source_key, duration_s, width, height,
	renditions, progress, error, generation, heartbeat_at, output_prefix, copied_rendition, fast_path_note, created_at, updated_at`

func scanVideo(row interface{ Scan(...any) error }) (*Video, error) {
	var v Video
	var lecture sql.NullInt64
	var renditions string
	var hb sql.NullTime
	err := row.Scan(&v.ID, &v.OwnerID, &lecture, &v.Status, &v.UploadID, &v.Filename, &v.SizeBytes, &v.SourceKey, &v.DurationS,
		&v.Width, &v.Height, &renditions, &v.Progress, &v.Error, &v.Generation, &hb, &v.OutputPrefix,
		&v.CopiedRendition, &v.FastPathNote, &v.CreatedAt, &v.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if lecture.Valid {
		v.LectureID = &lecture.Int64
	}
	v.HeartbeatAt = nullTime(hb)
	if err := json.Unmarshal([]byte(renditions), &v.Renditions); err != nil {
		return nil, err
	}
	return &v, nil
}

// CreateUpload records a video whose file is being uploaded.
func (tx *Tx) CreateUpload(ctx context.Context, ownerID, lectureID int64, uploadID, filename string, size int64) (*Video, error) {
	t := now()
	return scanVideo(tx.tx.QueryRowContext(ctx, `INSERT INTO videos (owner_id, lecture_id, status, upload_id, filename, size_bytes, created_at, updated_at)
		VALUES ($1, $2, 'uploading', $3, $4, $5, $6, $6) RETURNING `+videoColumns, ownerID, lectureID, uploadID, filename, size, t))
}

// VideoByID reads a video.
func (db *DB) VideoByID(ctx context.Context, id int64) (*Video, error) {
	return scanVideo(db.read.QueryRowContext(ctx, `SELECT `+videoColumns+` FROM videos WHERE id = $1`, id))
}

// VideoByUploadID finds the video of a tus upload.
func (db *DB) VideoByUploadID(ctx context.Context, uploadID string) (*Video, error) {
	return scanVideo(db.read.QueryRowContext(ctx, `SELECT `+videoColumns+` FROM videos WHERE upload_id = $1`, uploadID))
}

// VideoByID reads a video inside tx.
func (tx *Tx) VideoByID(ctx context.Context, id int64) (*Video, error) {
	return scanVideo(tx.tx.QueryRowContext(ctx, `SELECT `+videoColumns+` FROM videos WHERE id = $1`, id))
}

// MarkUploaded records the stored source of a finished upload and queues
// the video. It is attached to its lecture now unless the lecture already
// has a ready video, which keeps playing until this one is published.
func (tx *Tx) MarkUploaded(ctx context.Context, id int64, sourceKey string) (*Video, error) {
	v, err := scanVideo(tx.tx.QueryRowContext(ctx, `UPDATE videos SET status = 'queued', source_key = $2, progress = 0, error = '', updated_at = $3
		WHERE id = $1 AND status = 'uploading' RETURNING `+videoColumns, id, sourceKey, now()))
	if err != nil {
		return nil, err
	}
	if v.LectureID != nil {
		if _, err := tx.tx.ExecContext(ctx, `UPDATE lectures SET video_id = $2, kind = 'video', updated_at = $3
			WHERE id = $1 AND (video_id IS NULL OR video_id NOT IN (SELECT id FROM videos WHERE status = 'ready'))`, *v.LectureID, v.ID, now()); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// StartProcessing claims a queued video for the job of generation gen. It
// reports false when the video moved on (ready, replaced by a newer job).
func (db *DB) StartProcessing(ctx context.Context, id int64, gen int) (bool, error) {
	t := now()
	res, err := db.write.ExecContext(ctx, `UPDATE videos SET status = 'processing', heartbeat_at = $3, progress = 0, error = '', updated_at = $3
		WHERE id = $1 AND generation = $2 AND status IN ('queued', 'processing', 'failed')`, id, gen, t)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Heartbeat records progress (0..1) of a running transcode; it reports
// false when the job was superseded and should stop.
func (db *DB) Heartbeat(ctx context.Context, id int64, gen int, progress float64) (bool, error) {
	t := now()
	res, err := db.write.ExecContext(ctx, `UPDATE videos SET progress = $3, heartbeat_at = $4, updated_at = $4
		WHERE id = $1 AND generation = $2 AND status = 'processing'`, id, gen, progress, t)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Published is what a finished transcode reports.
type Published struct {
	Prefix     string
	DurationS  float64
	Width      int
	Height     int
	Renditions []Rendition
	// Copied and FastPathNote: see Video.CopiedRendition.
	Copied       string
	FastPathNote string
}

// PublishVideo makes a video ready in one step: status, output location,
// renditions, and the duration of its lecture and course. Only the job of
// the current generation may publish, and only once.
func (tx *Tx) PublishVideo(ctx context.Context, id int64, gen int, p Published) (bool, error) {
	r, err := json.Marshal(p.Renditions)
	if err != nil {
		return false, err
	}
	t := now()
	res, err := tx.tx.ExecContext(ctx, `UPDATE videos SET status = 'ready', progress = 1, error = '', output_prefix = $3, duration_s = $4,
		width = $5, height = $6, renditions = $7, updated_at = $8, copied_rendition = $9, fast_path_note = $10
		WHERE id = $1 AND generation = $2 AND status = 'processing'`,
		id, gen, p.Prefix, p.DurationS, p.Width, p.Height, string(r), t, p.Copied, p.FastPathNote)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	var courseID sql.NullInt64
	err = tx.tx.QueryRowContext(ctx, `UPDATE lectures SET video_id = $1, kind = 'video', duration_s = $2, updated_at = $3
		WHERE id = (SELECT lecture_id FROM videos WHERE id = $1) RETURNING course_id`, id, int(p.DurationS+0.5), t).Scan(&courseID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if courseID.Valid {
		if err := tx.RecomputeCourseDuration(ctx, courseID.Int64); err != nil {
			return false, err
		}
	}
	return true, nil
}

// FailVideo records why a video cannot be processed. The source is kept,
// so the owner can retry.
func (db *DB) FailVideo(ctx context.Context, id int64, gen int, reason string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE videos SET status = 'failed', error = $3, updated_at = $4 WHERE id = $1 AND generation = $2 AND status != 'ready'`,
		id, gen, reason, now())
	return err
}

// StuckVideos lists videos whose transcode stopped sending heartbeats.
func (db *DB) StuckVideos(ctx context.Context, before time.Time) ([]*Video, error) {
	return db.queryVideos(ctx, `WHERE status = 'processing' AND heartbeat_at < $1 ORDER BY id`, before.UTC())
}

// AbandonedUploads lists uploads not finished since before.
func (db *DB) AbandonedUploads(ctx context.Context, before time.Time) ([]*Video, error) {
	return db.queryVideos(ctx, `WHERE status = 'uploading' AND updated_at < $1 ORDER BY id`, before.UTC())
}

// Requeue gives a video a new generation and queues it again; a job of an
// older generation finds it has been superseded and stops.
func (tx *Tx) Requeue(ctx context.Context, id int64) (*Video, error) {
	return scanVideo(tx.tx.QueryRowContext(ctx, `UPDATE videos SET status = 'queued', generation = generation + 1, progress = 0, error = '',
		heartbeat_at = NULL, updated_at = $2 WHERE id = $1 AND status != 'ready' AND status != 'uploading' RETURNING `+videoColumns, id, now()))
}

// QueuedVideosOf counts an owner's videos waiting for a transcode, other
// than except: how far back in the line the owner's next one goes.
func (tx *Tx) QueuedVideosOf(ctx context.Context, ownerID, except int64) (int, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM videos WHERE owner_id = $1 AND status = 'queued' AND id != $2`, ownerID, except).Scan(&n)
	return n, err
}

// TouchUpload notes upload activity so an upload in progress is not taken
// for abandoned.
func (db *DB) TouchUpload(ctx context.Context, id int64) error {
	_, err := db.write.ExecContext(ctx, `UPDATE videos SET updated_at = $2 WHERE id = $1 AND status = 'uploading'`, id, now())
	return err
}

// DeleteVideo removes a video row (an abandoned upload).
func (db *DB) DeleteVideo(ctx context.Context, id int64) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM videos WHERE id = $1`, id)
	return err
}

// ownedByLecture is true of a video that a lecture holds: uploaded for one
// that still exists, or the one a lecture plays.
const ownedByLecture = `(videos.lecture_id IS NOT NULL OR EXISTS (SELECT 1 FROM lectures l WHERE l.video_id = videos.id))`

// CountVideos counts the videos in a status that belong to a lecture, for
// the admin status page (orphans are counted apart).
func (db *DB) CountVideos(ctx context.Context, status string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM videos WHERE status = $1 AND `+ownedByLecture, status).Scan(&n)
	return n, err
}

// orphanWhere selects videos no lecture holds, created before $1, that no
// upload or transcode is working on.
const orphanWhere = `WHERE NOT ` + ownedByLecture + ` AND created_at < $1 AND status NOT IN ('uploading', 'processing')`

// OrphanVideos lists videos that belong to no lecture (their lecture was
// deleted, or seeding stopped half way), created before before.
func (db *DB) OrphanVideos(ctx context.Context, before time.Time) ([]*Video, error) {
	return db.queryVideos(ctx, orphanWhere+` ORDER BY id`, before.UTC())
}

// CountOrphanVideos counts what OrphanVideos would list.
func (db *DB) CountOrphanVideos(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM videos `+orphanWhere, before.UTC()).Scan(&n)
	return n, err
}

// DeleteOrphanVideo removes video id's row if it is still an orphan created
// before before (a lecture may have taken it meanwhile); false when it was
// kept.
func (db *DB) DeleteOrphanVideo(ctx context.Context, id int64, before time.Time) (bool, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM videos `+orphanWhere+` AND id = $2`, before.UTC(), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (db *DB) queryVideos(ctx context.Context, where string, args ...any) ([]*Video, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+videoColumns+` FROM videos `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Video
	for rows.Next() {
		v, err := scanVideo(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// LatestVideoForLecture is the newest video uploaded for a lecture, in any
// status: what the instructor's editor shows.
func (db *DB) LatestVideoForLecture(ctx context.Context, lectureID int64) (*Video, error) {
	return scanVideo(db.read.QueryRowContext(ctx, `SELECT `+videoColumns+` FROM videos WHERE lecture_id = $1 ORDER BY id DESC LIMIT 1`, lectureID))
}

// UploadUsage is what an instructor's videos take, read inside the
// transaction that creates a new upload: the bytes of every source kept
// (finished or still arriving) and how many uploads are unfinished.
func (tx *Tx) UploadUsage(ctx context.Context, ownerID int64) (bytes int64, unfinished int, err error) {
	err = tx.tx.QueryRowContext(ctx, `SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN status = 'uploading' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM videos WHERE owner_id = $1`, ownerID).Scan(&bytes, &unfinished)
	return bytes, unfinished, err
}
