package store_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

// readyVideo makes a ready video (processed, published) of a lecture.
func readyVideo(t *testing.T, db *store.DB, ownerID, lectureID int64, uploadID, prefix string) *store.Video {
	t.Helper()
	ctx := t.Context()
	v := mkUpload(t, db, ownerID, lectureID, uploadID)
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.MarkUploaded(ctx, v.ID, "sources/"+uploadID)
		return err
	})
	if ok, err := db.StartProcessing(ctx, v.ID, 0); err != nil || !ok {
		t.Fatalf("StartProcessing = %v, %v", ok, err)
	}
	inTx(t, db, func(tx *store.Tx) error {
		ok, err := tx.PublishVideo(ctx, v.ID, 0, store.Published{Prefix: prefix, DurationS: 6, Width: 640, Height: 360})
		if err != nil || !ok {
			t.Fatalf("PublishVideo = %v, %v", ok, err)
		}
		return nil
	})
	return v
}

func TestVideoKeysAndPackaging(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Keys", 0, store.CourseDraft)
		_, l1 := mkLecture(t, db, c.ID, store.LectureVideo, false)
		_, l2 := mkLecture(t, db, c.ID, store.LectureVideo, false)
		old := readyVideo(t, db, ins.ID, l1.ID, "tus-old", "videos/1/aa")
		fresh := readyVideo(t, db, ins.ID, l2.ID, "tus-new", "videos/2/bb")
		inTx(t, db, func(tx *store.Tx) error { return tx.SetPackaging(ctx, fresh.ID, 1) })

		if n, err := db.VideoPackaging(ctx, old.ID); err != nil || n != 0 {
			t.Errorf("VideoPackaging(old) = %d, %v", n, err)
		}
		if n, err := db.VideoPackaging(ctx, fresh.ID); err != nil || n != 1 {
			t.Errorf("VideoPackaging(fresh) = %d, %v", n, err)
		}
		if _, err := db.VideoPackaging(ctx, 99999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("VideoPackaging(missing): %v", err)
		}
		if ids, err := db.VideosToPackage(ctx, 1, 10); err != nil || len(ids) != 1 || ids[0] != old.ID {
			t.Errorf("VideosToPackage = %v, %v; want only the old video", ids, err)
		}

		// Keys: none, then the first one stored wins.
		if _, err := db.VideoKey(ctx, old.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("VideoKey before any: %v", err)
		}
		k, err := db.AddVideoKey(ctx, old.ID, "0011", []byte{1, 2, 3})
		if err != nil || k.KeyID != "0011" || !bytes.Equal(k.Sealed, []byte{1, 2, 3}) || k.VideoID != old.ID {
			t.Fatalf("AddVideoKey = %+v, %v", k, err)
		}
		if k2, err := db.AddVideoKey(ctx, old.ID, "2233", []byte{4}); err != nil || k2.KeyID != "0011" {
			t.Errorf("second AddVideoKey = %+v, %v; want the first key kept", k2, err)
		}
		if got, err := db.VideoKey(ctx, old.ID); err != nil || got.KeyID != "0011" || got.CreatedAt.IsZero() {
			t.Errorf("VideoKey = %+v, %v", got, err)
		}

		// Repackaging moves the prefix only from the output it was made from.
		inTx(t, db, func(tx *store.Tx) error {
			if ok, err := tx.Repackaged(ctx, old.ID, "videos/1/other", "videos/1/cc", 1); err != nil || ok {
				t.Errorf("Repackaged from a stale prefix = %v, %v", ok, err)
			}
			if ok, err := tx.Repackaged(ctx, old.ID, "videos/1/aa", "videos/1/cc", 1); err != nil || !ok {
				t.Errorf("Repackaged = %v, %v", ok, err)
			}
			return nil
		})
		if v, err := db.VideoByID(ctx, old.ID); err != nil || v.OutputPrefix != "videos/1/cc" {
			t.Errorf("after Repackaged: %+v, %v", v, err)
		}
		if ids, err := db.VideosToPackage(ctx, 1, 10); err != nil || len(ids) != 0 {
			t.Errorf("VideosToPackage after = %v, %v", ids, err)
		}

		// The key goes with its video.
		if err := db.DeleteVideo(ctx, old.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.VideoKey(ctx, old.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("VideoKey of a deleted video: %v", err)
		}
	})
}
