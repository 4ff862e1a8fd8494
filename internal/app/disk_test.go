package app_test

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
)

// createUpload starts a tus upload of size bytes for a lecture.
func (e *env) createUpload(token, lectureID string, size int) resp {
	e.t.Helper()
	meta := "lecture_id " + b64(lectureID) + ",filename " + b64("v.mp4") + ",filetype " + b64("video/mp4")
	return e.do(req{Method: "POST", Path: "/api/v1/uploads", Token: token,
		Header: map[string]string{"Tus-Resumable": "1.0.0", "Upload-Length": strconv.Itoa(size), "Upload-Metadata": meta}})
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// uploadLecture makes a course with one video lecture for a.
func (e *env) uploadLecture(a account) string {
	e.t.Helper()
	cid := e.course(a, map[string]any{"title": "Uploads", "description_md": "x"}).str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(e.t, 201).str("id")
	return e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "V"}}).expect(e.t, 201).str("id")
}

// Quota and open-upload limit are checked when an upload is created, per
// instructor, with problems that say what to do.
func TestUploadQuotaAndOpenLimit(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) { c.UploadQuota, c.MaxOpenUploads, c.DiskReserve = 3000, 2, 0 })
		a := e.instructor("q@x.io", "Quinn")
		b := e.instructor("r@x.io", "Rae")
		lec, lecB := e.uploadLecture(a), e.uploadLecture(b)

		first := e.createUpload(a.Access, lec, 1000).expect(t, 201)
		e.createUpload(a.Access, lec, 1000).expect(t, 201)
		tooMany := e.createUpload(a.Access, lec, 10).expect(t, 429)
		if tooMany.str("code") != "too_many_uploads" || !strings.Contains(tooMany.str("detail"), "Finish or cancel") {
			t.Errorf("open-upload limit: %s", tooMany.Body)
		}
		// Another instructor has limits of their own.
		e.createUpload(b.Access, lecB, 2900).expect(t, 201)

		// Cancelling an upload frees its place and its bytes.
		path := strings.TrimPrefix(first.Header.Get("Location"), e.srv.URL)
		e.do(req{Method: "DELETE", Path: path, Token: b.Access, Header: map[string]string{"Tus-Resumable": "1.0.0"}}).expect(t, 404)
		e.do(req{Method: "DELETE", Path: path, Token: a.Access, Header: map[string]string{"Tus-Resumable": "1.0.0"}}).expect(t, 204)
		e.do(req{Method: "HEAD", Path: path, Token: a.Access, Header: map[string]string{"Tus-Resumable": "1.0.0"}}).expect(t, 404)
		over := e.createUpload(a.Access, lec, 2001).expect(t, 413)
		if over.str("code") != "storage_quota_exceeded" || !strings.Contains(over.str("detail"), "quota") {
			t.Errorf("quota: %s", over.Body)
		}
		e.createUpload(a.Access, lec, 2000).expect(t, 201)
	})
}

// With less free space than the file plus the reserve, an upload is refused
// when it is created, with a 507 that names no server path.
func TestUploadRefusedWithoutRoom(t *testing.T) {
	t.Parallel()
	e := setup(t, testdb.SQLite(t), "", func(c *config.Config) { c.DiskReserve = 1 << 60 })
	a := e.instructor("d@x.io", "Dee")
	r := e.createUpload(a.Access, e.uploadLecture(a), 1000).expect(t, 507)
	if r.str("code") != "insufficient_storage" || !strings.Contains(r.str("detail"), "no room") || strings.Contains(string(r.Body), e.app.Cfg.DataDir) {
		t.Errorf("507 problem: %s", r.Body)
	}
}

// smallDisk mounts a tmpfs of size bytes for the test. It needs root (or
// CAP_SYS_ADMIN); without it the test is skipped, and under CI=true it fails.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		testdb.Require(t, "SKIP: the disk-full test mounts a tmpfs; run it as root (or with CAP_SYS_ADMIN)")
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)); err != nil {
		testdb.Require(t, "SKIP: cannot mount a tmpfs for the disk-full test: "+err.Error())
	}
	t.Cleanup(func() {
		for i := 0; i < 50; i++ {
			if err := syscall.Unmount(dir, 0); err == nil || !errors.Is(err, syscall.EBUSY) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}

// fill writes a file until the disk is full; removing it frees the space.
func fill(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	for len(buf) > 1 { // the last few blocks
		buf = buf[:len(buf)/2]
		_, _ = f.Write(buf)
	}
	return name
}

// On a full disk: uploads get a clear 507 (no server paths), the owner can
// still abandon an unfinished upload, /readyz and the admin status warn,
// and a transcode that runs out of space says so in the video's error.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		disk := smallDisk(t, 24<<20)
		e := setup(t, target, "", func(c *config.Config) { c.DataDir = disk; c.DiskReserve = 2 << 20 })
		a := e.instructor("full@x.io", "Fay")
		lec := e.uploadLecture(a)
		noPath := func(what string, r resp) {
			t.Helper()
			if strings.Contains(string(r.Body), disk) || strings.Contains(string(r.Body), "/uploads/") {
				t.Errorf("%s shows a server path: %s", what, r.Body)
			}
		}

		// Bigger than the free space less the reserve: refused at creation.
		big := e.createUpload(a.Access, lec, 23<<20).expect(t, 507)
		noPath("507 at creation", big)

		// Room at creation, then the disk fills up mid-upload.
		loc := e.createUpload(a.Access, lec, 4<<20).expect(t, 201).Header.Get("Location")
		path := strings.TrimPrefix(loc, e.srv.URL)
		filler := fill(t, disk)
		tus := map[string]string{"Tus-Resumable": "1.0.0", "Upload-Offset": "0"}
		p := e.do(req{Method: "PATCH", Path: path, Token: a.Access, Body: make([]byte, 1<<20), ContentType: "application/offset+octet-stream", Header: tus})
		if p.Status != 507 || p.str("code") != "insufficient_storage" {
			t.Errorf("PATCH on a full disk: %d %s", p.Status, p.Body)
		}
		noPath("PATCH on a full disk", p)
		e.createUpload(a.Access, lec, 1000).expect(t, 507)

		// Warnings while the disk is low.
		rz := e.do(req{Method: "GET", Path: "/readyz"})
		if checks, _ := rz.JSON["checks"].(map[string]any); rz.Status != 200 || checks["disk"] != "low" || rz.JSON["warnings"] == nil {
			t.Errorf("/readyz on a full disk: %d %s", rz.Status, rz.Body)
		}
		noPath("/readyz", rz)
		adm := e.admin()
		st := e.do(req{Method: "GET", Path: "/api/v1/admin/status", Token: adm.Access}).expect(t, 200)
		if w, _ := st.JSON["warnings"].([]any); len(w) == 0 || !strings.Contains(w[0].(string), "Low disk space") {
			t.Errorf("admin status warnings: %s", st.Body)
		}
		noPath("admin status", st)

		// The owner can still abandon the upload, and its file is gone.
		e.do(req{Method: "DELETE", Path: path, Token: a.Access, Header: map[string]string{"Tus-Resumable": "1.0.0"}}).expect(t, 204)
		id := filepath.Base(path)
		if _, err := os.Stat(filepath.Join(disk, "uploads", id)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the abandoned upload's file: %v", err)
		}

		// A transcode that runs out of space says so.
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		u, _ := e.app.DB.UserByEmail(context.Background(), "full@x.io")
		if _, err := e.app.Media.ImportFile(context.Background(), u.ID, mustInt(lec), clip(t, 4, "640x360", true), "v.mp4"); err != nil {
			t.Fatal(err)
		}
		fill(t, disk)
		e.startWorkers()
		v := e.waitVideo(a.Access, lec)
		if v.str("status") != "failed" || !strings.Contains(v.str("error"), "ran out of disk space") {
			t.Errorf("video after a transcode on a full disk: %s", v.Body)
		}
		noPath("video error", v)
	})
}
