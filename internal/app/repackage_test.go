package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/media/ffmpeg"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

var (
	legacyOnce sync.Once
	legacyDir  string
	legacyErr  error
)

// legacyOutput is a ladder as videos processed before DASH and encryption
// have it: clear segments and HLS playlists only (made once per run).
func legacyOutput(t *testing.T) string {
	t.Helper()
	src := clip(t, 4, "640x360", true)
	legacyOnce.Do(func() {
		legacyDir, legacyErr = os.MkdirTemp("", "legacy-ladder-")
		if legacyErr == nil {
			_, legacyErr = ffmpeg.Transcode(context.Background(), ffmpeg.Job{Input: src, OutDir: legacyDir})
		}
	})
	if legacyErr != nil {
		t.Fatal(legacyErr)
	}
	return legacyDir
}

// TestReadyVideosAreRepackaged: a ready video with clear HLS output is
// queued at start and repackaged by the job: a DASH manifest and encrypted
// segments under a new prefix, without encoding again; the clear output is
// deleted.
func TestReadyVideosAreRepackaged(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		dir := legacyOutput(t)
		a := e.instructor("a@x.io", "Ada")
		cid := e.course(a, map[string]any{"title": "Old Films", "description_md": "x"}).str("id")
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
		lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "V"}}).expect(t, 201).str("id")

		ctx := context.Background()
		db, files := e.app.DB, e.app.Files
		owner, _ := strconv.ParseInt(a.ID, 10, 64)
		lecID, _ := strconv.ParseInt(lec, 10, 64)
		var v *store.Video
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if v, err = tx.CreateUpload(ctx, owner, lecID, "legacy", "v.mp4", 10); err == nil {
				_, err = tx.MarkUploaded(ctx, v.ID, "sources/legacy")
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		old := fmt.Sprintf("videos/%d/0123abcd", v.ID)
		var clearSeg []byte
		if err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			if rel == filepath.Join("360p", "seg_00000.m4s") {
				clearSeg, _ = os.ReadFile(p)
			}
			return files.PutWithin(ctx, time.Minute, old+"/"+filepath.ToSlash(rel), media.ContentType(p), f)
		}); err != nil {
			t.Fatal(err)
		}
		if ok, err := db.StartProcessing(ctx, v.ID, 0); err != nil || !ok {
			t.Fatal(ok, err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.PublishVideo(ctx, v.ID, 0, store.Published{Prefix: old, DurationS: 4, Width: 640, Height: 360})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// Before: playback has no DASH and no encryption.
		pb := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 200)
		if pb.JSON["dash_url"] != nil || pb.JSON["encryption"] != nil {
			t.Errorf("clear video's playback = %s", pb.Body)
		}

		// Start queues it; the worker repackages it.
		if n, err := e.app.Media.EnqueuePackaging(ctx); err != nil || n != 1 {
			t.Fatalf("EnqueuePackaging = %d, %v", n, err)
		}
		e.startWorkers()
		deadline := time.Now().Add(60 * time.Second)
		for {
			if p, err := db.VideoPackaging(ctx, v.ID); err != nil || p == media.Packaging {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("not repackaged within 60 s")
			}
			time.Sleep(100 * time.Millisecond)
		}
		after, err := db.VideoByID(ctx, v.ID)
		if err != nil || after.OutputPrefix == old || !strings.HasPrefix(after.OutputPrefix, fmt.Sprintf("videos/%d/", v.ID)) || after.Status != store.VideoReady {
			t.Fatalf("after repackaging: %+v, %v", after, err)
		}
		if _, err := files.Open(ctx, old+"/master.m3u8"); err == nil {
			t.Error("the clear output is still stored")
		}
		r, err := files.Open(ctx, after.OutputPrefix+"/360p/seg_00000.m4s")
		if err != nil {
			t.Fatal(err)
		}
		encSeg, _ := io.ReadAll(r)
		r.Close()
		if bytes.Equal(encSeg, clearSeg) || !bytes.Contains(encSeg, []byte("senc")) || bytes.Contains(encSeg, clearSeg[len(clearSeg)-2048:]) {
			t.Error("the repackaged segment is not encrypted")
		}
		if _, err := db.VideoKey(ctx, v.ID); err != nil {
			t.Errorf("no key stored: %v", err)
		}
		pb = e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 200)
		res, mpd := rawGet(t, e, pb.str("dash_url"), nil)
		if res.StatusCode != 200 || !bytes.Contains(mpd, []byte("cenc:default_KID")) {
			t.Errorf("MPD after repackaging: %d\n%s", res.StatusCode, mpd)
		}
		// Nothing more to do: a second run queues nothing, a job for it is a no-op.
		if n, err := e.app.Media.EnqueuePackaging(ctx); err != nil || n != 0 {
			t.Errorf("EnqueuePackaging again = %d, %v", n, err)
		}
		if err := e.app.Media.Repackage(ctx, v.ID); err != nil {
			t.Errorf("Repackage of a packaged video: %v", err)
		}
		if again, _ := db.VideoByID(ctx, v.ID); again.OutputPrefix != after.OutputPrefix {
			t.Error("a packaged video was repackaged again")
		}
	})
}
