package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestVideoPipeline(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Videos", 0, store.CourseDraft)
		_, l := mkLecture(t, db, c.ID, store.LectureArticle, false)

		v := mkUpload(t, db, ins.ID, l.ID, "tus-1")
		if v.Status != store.VideoUploading || v.LectureID == nil || *v.LectureID != l.ID || v.Filename != "tus-1.mp4" || v.SizeBytes != 1234 {
			t.Fatalf("CreateUpload = %+v", v)
		}
		if got, err := db.VideoByUploadID(ctx, "tus-1"); err != nil || got.ID != v.ID {
			t.Errorf("VideoByUploadID = %+v, %v", got, err)
		}
		if _, err := db.VideoByUploadID(ctx, "tus-unknown"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown upload: %v", err)
		}
		if err := db.TouchUpload(ctx, v.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := db.AbandonedUploads(ctx, time.Now().Add(time.Hour)); err != nil || len(got) != 1 || got[0].ID != v.ID {
			t.Errorf("AbandonedUploads(an hour from now) = %v, %v", got, err)
		}
		if got, err := db.AbandonedUploads(ctx, time.Now().Add(-time.Hour)); err != nil || len(got) != 0 {
			t.Errorf("AbandonedUploads(an hour ago) = %v, %v; the upload is fresh", got, err)
		}

		other := mkUpload(t, db, ins.ID, l.ID, "tus-2")
		inTx(t, db, func(tx *store.Tx) error {
			if n, err := tx.QueuedVideosOf(ctx, ins.ID, 0); err != nil || n != 0 {
				t.Errorf("QueuedVideosOf before any upload finished = %d, %v", n, err)
			}
			if _, err := tx.MarkUploaded(ctx, other.ID, "sources/2"); err != nil {
				t.Fatal(err)
			}
			got, err := tx.MarkUploaded(ctx, v.ID, "sources/1")
			if err != nil || got.Status != store.VideoQueued || got.SourceKey != "sources/1" {
				t.Errorf("MarkUploaded = %+v, %v", got, err)
			}
			if _, err := tx.MarkUploaded(ctx, v.ID, "sources/again"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("MarkUploaded of a queued video: %v, want ErrNotFound", err)
			}
			if n, err := tx.QueuedVideosOf(ctx, ins.ID, v.ID); err != nil || n != 1 {
				t.Errorf("QueuedVideosOf(except this one) = %d, %v; want the other queued one", n, err)
			}
			if n, err := tx.QueuedVideosOf(ctx, ins.ID+1000, 0); err != nil || n != 0 {
				t.Errorf("QueuedVideosOf(someone else) = %d, %v", n, err)
			}
			if same, err := tx.VideoByID(ctx, v.ID); err != nil || same.SourceKey != "sources/1" {
				t.Errorf("tx.VideoByID = %+v, %v", same, err)
			}
			return nil
		})
		if err := db.DeleteVideo(ctx, other.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.LectureByID(ctx, l.ID); got.VideoID == nil || *got.VideoID != v.ID || got.Kind != store.LectureVideo || got.VideoStatus != store.VideoQueued {
			t.Errorf("the lecture after MarkUploaded: %+v", got)
		}

		if ok, err := db.StartProcessing(ctx, v.ID, 1); err != nil || ok {
			t.Errorf("StartProcessing of a wrong generation = %v, %v", ok, err)
		}
		if ok, err := db.StartProcessing(ctx, v.ID, 0); err != nil || !ok {
			t.Fatalf("StartProcessing = %v, %v", ok, err)
		}
		if ok, err := db.Heartbeat(ctx, v.ID, 0, 0.5); err != nil || !ok {
			t.Errorf("Heartbeat = %v, %v", ok, err)
		}
		if got, _ := db.VideoByID(ctx, v.ID); got.Progress != 0.5 || got.HeartbeatAt == nil || got.Status != store.VideoProcessing {
			t.Errorf("after Heartbeat: %+v", got)
		}
		if n, err := db.CountVideos(ctx, store.VideoProcessing); err != nil || n != 1 {
			t.Errorf("CountVideos(processing) = %d, %v", n, err)
		}
		if got, err := db.StuckVideos(ctx, time.Now().Add(time.Hour)); err != nil || len(got) != 1 {
			t.Errorf("StuckVideos(an hour from now) = %v, %v", got, err)
		}
		if got, err := db.StuckVideos(ctx, time.Now().Add(-time.Hour)); err != nil || len(got) != 0 {
			t.Errorf("StuckVideos(an hour ago) = %v, %v", got, err)
		}

		// A stuck job is replaced: the old generation can no longer report.
		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.Requeue(ctx, v.ID)
			if err != nil || got.Generation != 1 || got.Status != store.VideoQueued || got.HeartbeatAt != nil {
				t.Errorf("Requeue = %+v, %v", got, err)
			}
			return nil
		})
		if ok, _ := db.Heartbeat(ctx, v.ID, 0, 0.9); ok {
			t.Error("a superseded job's heartbeat was accepted")
		}
		if ok, err := db.StartProcessing(ctx, v.ID, 1); err != nil || !ok {
			t.Fatalf("StartProcessing(gen 1) = %v, %v", ok, err)
		}
		pub := store.Published{Prefix: "hls/1", DurationS: 61.6, Width: 1280, Height: 720,
			Renditions: []store.Rendition{{Name: "720p", Width: 1280, Height: 720, Bandwidth: 2_000_000}}, Copied: "720p"}
		inTx(t, db, func(tx *store.Tx) error {
			if ok, err := tx.PublishVideo(ctx, v.ID, 0, pub); err != nil || ok {
				t.Errorf("PublishVideo by an old generation = %v, %v", ok, err)
			}
			if ok, err := tx.PublishVideo(ctx, v.ID, 1, pub); err != nil || !ok {
				t.Errorf("PublishVideo = %v, %v", ok, err)
			}
			if ok, err := tx.PublishVideo(ctx, v.ID, 1, pub); err != nil || ok {
				t.Errorf("PublishVideo twice = %v, %v", ok, err)
			}
			return nil
		})
		ready, _ := db.VideoByID(ctx, v.ID)
		if ready.Status != store.VideoReady || ready.OutputPrefix != "hls/1" || len(ready.Renditions) != 1 || ready.Renditions[0] != pub.Renditions[0] || ready.DurationS != 61.6 || ready.CopiedRendition != "720p" {
			t.Errorf("published video = %+v", ready)
		}
		if got, _ := db.LectureByID(ctx, l.ID); got.DurationS != 62 {
			t.Errorf("lecture duration = %d, want 62", got.DurationS)
		}
		if got, _ := db.CourseByID(ctx, c.ID); got.TotalDurationS != 62 {
			t.Errorf("course duration = %d, want 62", got.TotalDurationS)
		}
		// A failure report for a ready video changes nothing.
		if err := db.FailVideo(ctx, v.ID, 1, "late"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.VideoByID(ctx, v.ID); got.Status != store.VideoReady {
			t.Errorf("FailVideo un-readied a video: %+v", got)
		}

		// A replacement upload waits: the ready video keeps playing.
		v2 := mkUpload(t, db, ins.ID, l.ID, "tus-2")
		inTx(t, db, func(tx *store.Tx) error {
			_, err := tx.MarkUploaded(ctx, v2.ID, "sources/2")
			return err
		})
		if got, _ := db.LectureByID(ctx, l.ID); *got.VideoID != v.ID {
			t.Errorf("the lecture switched to the unprocessed replacement %d", *got.VideoID)
		}
		if got, err := db.LatestVideoForLecture(ctx, l.ID); err != nil || got.ID != v2.ID {
			t.Errorf("LatestVideoForLecture = %+v, %v", got, err)
		}
		if err := db.FailVideo(ctx, v2.ID, 0, "bad codec"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.VideoByID(ctx, v2.ID); got.Status != store.VideoFailed || got.Error != "bad codec" {
			t.Errorf("after FailVideo: %+v", got)
		}
		if err := db.DeleteVideo(ctx, v2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.VideoByID(ctx, v2.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted video: %v", err)
		}
		if got, err := db.LatestVideoForLecture(ctx, l.ID); err != nil || got.ID != v.ID {
			t.Errorf("LatestVideoForLecture after delete = %+v, %v", got, err)
		}
	})
}

func TestUploadUsage(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "quota@x.io", store.RoleInstructor)
		other := mkUser(t, db, "other@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Quota", 0, store.CourseDraft)
		_, l := mkLecture(t, db, c.ID, store.LectureVideo, false)
		usage := func(owner int64) (int64, int) {
			var b int64
			var n int
			inTx(t, db, func(tx *store.Tx) error {
				var err error
				b, n, err = tx.UploadUsage(ctx, owner)
				return err
			})
			return b, n
		}
		if b, n := usage(ins.ID); b != 0 || n != 0 {
			t.Errorf("no videos: %d bytes, %d open", b, n)
		}
		v := mkUpload(t, db, ins.ID, l.ID, "u-1")
		mkUpload(t, db, ins.ID, l.ID, "u-2")
		mkUpload(t, db, other.ID, l.ID, "u-3")
		inTx(t, db, func(tx *store.Tx) error { _, err := tx.MarkUploaded(ctx, v.ID, "sources/u-1"); return err })
		// Both sources count; only the one still arriving is open.
		if b, n := usage(ins.ID); b != 2*1234 || n != 1 {
			t.Errorf("usage = %d bytes, %d open; want %d, 1", b, n, 2*1234)
		}
	})
}
