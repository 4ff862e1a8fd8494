package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/testdb"
)

func needFFmpeg(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			testdb.Require(t, "SKIP: install ffmpeg (apt-get install -y ffmpeg) for the video pipeline tests")
		}
	}
}

// clip makes a short test video with ffmpeg.
func clip(t *testing.T, seconds int, size string, audio bool) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "clip.mp4")
	args := []string{"-v", "error", "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%s:rate=25:duration=%d", size, seconds)}
	if audio {
		args = append(args, "-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:duration=%d", seconds), "-c:a", "aac")
	}
	args = append(args, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest", out)
	if b, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
		t.Fatalf("making a clip: %v: %s", err, b)
	}
	return out
}

// startWorkers runs the node's background work (job queue included) for
// the rest of the test.
func (e *env) startWorkers() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.app.RunWorkers(ctx); close(done) }()
	e.t.Cleanup(func() { cancel(); <-done })
}

// tusUpload sends data with the tus protocol in chunks, checking the offset
// with HEAD between chunks, and returns the upload URL.
func (e *env) tusUpload(token string, meta map[string]string, data []byte, chunk int) (string, resp) {
	e.t.Helper()
	var pairs []string
	for k, v := range meta {
		pairs = append(pairs, k+" "+base64.StdEncoding.EncodeToString([]byte(v)))
	}
	hdr := map[string]string{"Tus-Resumable": "1.0.0", "Upload-Length": strconv.Itoa(len(data)), "Upload-Metadata": strings.Join(pairs, ",")}
	r := e.do(req{Method: "POST", Path: "/api/v1/uploads", Token: token, Header: hdr})
	if r.Status != 201 {
		return "", r
	}
	loc := r.Header.Get("Location")
	path := strings.TrimPrefix(loc, e.srv.URL)
	if !strings.HasPrefix(path, "/api/v1/uploads/") {
		e.t.Fatalf("Location = %q", loc)
	}
	for off := 0; off < len(data); {
		head := e.do(req{Method: "HEAD", Path: path, Token: token, Header: map[string]string{"Tus-Resumable": "1.0.0"}}).expect(e.t, 200)
		if got := head.Header.Get("Upload-Offset"); got != strconv.Itoa(off) {
			e.t.Fatalf("HEAD offset %s, want %d", got, off)
		}
		end := min(off+chunk, len(data))
		r = e.do(req{Method: "PATCH", Path: path, Token: token, Body: data[off:end], ContentType: "application/offset+octet-stream",
			Header: map[string]string{"Tus-Resumable": "1.0.0", "Upload-Offset": strconv.Itoa(off)}})
		if r.Status != 204 {
			return path, r
		}
		off = end
	}
	return path, r
}

// waitVideo polls a lecture's video until it is ready or failed.
func (e *env) waitVideo(token, lectureID string) resp {
	e.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		r := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lectureID + "/video", Token: token}).expect(e.t, 200)
		if s := r.str("status"); s == "ready" || s == "failed" {
			return r
		}
		time.Sleep(200 * time.Millisecond)
	}
	e.t.Fatal("video not processed within 90 s")
	return resp{}
}

func rawGet(t *testing.T, e *env, path string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	rq, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	for k, v := range hdr {
		rq.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(rq)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func TestVideoUploadTranscodeAndPlayback(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		e.startWorkers()
		a := e.instructor("a@x.io", "Ada")
		other := e.instructor("b@x.io", "Bob")
		student := e.register("s@x.io", "student pass 42", "Stu")
		root := e.admin()
		cid := e.course(a, map[string]any{"title": "Filmed", "description_md": "With videos."}).str("id")
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
		lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "Intro"}}).expect(t, 201).str("id")
		prev := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "Trailer", "is_preview": true}}).expect(t, 201).str("id")
		data, err := os.ReadFile(clip(t, 4, "854x480", true))
		if err != nil {
			t.Fatal(err)
		}
		meta := map[string]string{"lecture_id": lec, "filename": "intro.mp4", "filetype": "video/mp4"}

		// Who may upload.
		if _, r := e.tusUpload(student.Access, meta, data, len(data)); r.Status != 403 {
			t.Errorf("student upload: %d", r.Status)
		}
		if _, r := e.tusUpload(other.Access, meta, data, len(data)); r.Status != 404 {
			t.Errorf("another instructor's upload to a draft: %d", r.Status)
		}
		if _, r := e.tusUpload("", meta, data, len(data)); r.Status != 401 {
			t.Errorf("anonymous upload: %d", r.Status)
		}
		if _, r := e.tusUpload(a.Access, map[string]string{"filename": "x.mp4"}, data, len(data)); r.Status != 422 {
			t.Errorf("upload without lecture: %d", r.Status)
		}

		// The real upload, in three chunks; another user cannot see or continue it.
		path, r := e.tusUpload(a.Access, meta, data, len(data)/3+1)
		if r.Status != 204 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		e.do(req{Method: "HEAD", Path: path, Token: other.Access, Header: map[string]string{"Tus-Resumable": "1.0.0"}}).expect(t, 404)

		v := e.waitVideo(a.Access, lec)
		if v.str("status") != "ready" {
			t.Fatalf("video = %s", v.Body)
		}
		rends := v.JSON["renditions"].([]any)
		if len(rends) != 2 || v.JSON["duration_s"].(float64) < 3.5 {
			t.Errorf("renditions/duration: %s", v.Body)
		}
		for _, rr := range rends {
			if h := rr.(map[string]any)["height"].(float64); h > 480 {
				t.Errorf("a rendition above the source: %v", rr)
			}
		}
		// The lecture and course now carry its duration.
		c := e.do(req{Method: "GET", Path: "/api/v1/courses/" + cid, Token: a.Access}).expect(t, 200)
		if c.JSON["total_duration_s"].(float64) < 3 {
			t.Errorf("course duration = %v", c.JSON["total_duration_s"])
		}

		// Who may play: publish needs the preview lecture to have a video too.
		if _, r := e.tusUpload(a.Access, map[string]string{"lecture_id": prev, "filename": "t.mp4"}, data, len(data)); r.Status != 204 {
			t.Fatalf("preview upload: %d", r.Status)
		}
		e.waitVideo(a.Access, prev)
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 200)
		play := "/api/v1/lectures/" + lec + "/playback"
		e.do(req{Method: "GET", Path: play}).expect(t, 401)
		e.do(req{Method: "GET", Path: play, Token: student.Access}).expect(t, 403)
		e.do(req{Method: "GET", Path: play, Token: other.Access}).expect(t, 403)
		e.do(req{Method: "GET", Path: play, Token: root.Access}).expect(t, 200)
		e.do(req{Method: "GET", Path: "/api/v1/lectures/" + prev + "/playback"}).expect(t, 200) // a free preview
		e.do(req{Method: "GET", Path: "/api/v1/lectures/" + prev + "/playback", Token: student.Access}).expect(t, 200)
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/enroll", Token: student.Access}).expect(t, 201)
		pb := e.do(req{Method: "GET", Path: play, Token: student.Access}).expect(t, 200)
		if pb.str("watermark") != "s@x.io" || !strings.HasSuffix(pb.str("hls_url"), "/master.m3u8") || pb.JSON["expires_at"] == nil {
			t.Errorf("playback = %s", pb.Body)
		}
		e.do(req{Method: "GET", Path: play, Token: a.Access}).expect(t, 200)

		// Media requests: playlists, segments with ranges, thumbnails.
		hls := pb.str("hls_url")
		res, master := rawGet(t, e, hls, nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.apple.mpegurl" || res.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("master: %d %v", res.StatusCode, res.Header)
		}
		if !bytes.Contains(master, []byte("#EXT-X-STREAM-INF")) || !bytes.Contains(master, []byte("AVERAGE-BANDWIDTH")) {
			t.Errorf("master playlist:\n%s", master)
		}
		base := strings.TrimSuffix(hls, "master.m3u8")
		res, _ = rawGet(t, e, base+"360p/index.m3u8", nil)
		if res.StatusCode != 200 {
			t.Errorf("media playlist: %d", res.StatusCode)
		}
		res, seg := rawGet(t, e, base+"360p/seg_00000.m4s", map[string]string{"Range": "bytes=0-99"})
		if res.StatusCode != 206 || len(seg) != 100 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("segment range: %d, %d bytes, %v", res.StatusCode, len(seg), res.Header)
		}
		for _, f := range []string{"thumbnails.vtt", "poster.jpg"} {
			if res, _ := rawGet(t, e, base+f, nil); res.StatusCode != 200 {
				t.Errorf("%s: %d", f, res.StatusCode)
			}
		}
		// DASH over the same segments, which are encrypted (cbcs: a senc box
		// in every fragment); the enrolled student gets the key.
		if !strings.HasSuffix(pb.str("dash_url"), "/manifest.mpd") || !strings.HasPrefix(pb.str("dash_url"), base) {
			t.Errorf("dash_url = %q", pb.str("dash_url"))
		}
		res, mpd := rawGet(t, e, pb.str("dash_url"), nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/dash+xml" || !bytes.Contains(mpd, []byte(`value="cbcs"`)) ||
			!bytes.Contains(mpd, []byte(`media="360p/seg_$Number%05d$.m4s"`)) {
			t.Errorf("MPD: %d %v\n%s", res.StatusCode, res.Header, mpd)
		}
		if res, seg := rawGet(t, e, base+"360p/seg_00000.m4s", nil); res.StatusCode != 200 || !bytes.Contains(seg, []byte("senc")) {
			t.Errorf("segment is not encrypted: %d", res.StatusCode)
		}
		if _, pl := rawGet(t, e, base+"360p/index.m3u8", nil); !bytes.Contains(pl, []byte(`#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,`)) {
			t.Errorf("media playlist names no key:\n%s", pl)
		}
		enc, _ := pb.JSON["encryption"].(map[string]any)
		license, _ := enc["license_url"].(string)
		e.do(req{Method: "POST", Path: license, Token: student.Access, Body: map[string]any{}}).expect(t, 200)
		e.do(req{Method: "POST", Path: license, Token: other.Access, Body: map[string]any{}}).expect(t, 403)

		// Bad tokens and paths.
		parts := strings.Split(hls, "/") // "", media, video, token, master.m3u8
		vid, token := parts[2], parts[3]
		flip := []byte(token)
		flip[len(flip)/2] ^= 1
		keys, _ := auth.NewKeys([]byte(testSecret))
		signer := media.NewSigner(time.Minute, keys.Derive("media token v1"))
		vidN, _ := strconv.ParseInt(vid, 10, 64)
		otherUserToken := signer.TokenExpiring(vidN, 999, time.Now().Add(time.Hour))
		raw, _ := base64.RawURLEncoding.DecodeString(token)
		copy(raw[12:20], []byte{0, 0, 0, 0, 0, 0, 0, 1}) // claim to be user 1, keep the MAC
		for name, p := range map[string]string{
			"tampered":    "/media/" + vid + "/" + string(flip) + "/master.m3u8",
			"expired":     "/media/" + vid + "/" + signer.TokenExpiring(vidN, 3, time.Now().Add(-time.Second)) + "/master.m3u8",
			"other video": "/media/" + strconv.FormatInt(vidN+1, 10) + "/" + token + "/master.m3u8",
			"other user":  "/media/" + vid + "/" + base64.RawURLEncoding.EncodeToString(raw) + "/master.m3u8",
			"garbage":     "/media/" + vid + "/abc/master.m3u8",
			"wrong key":   "/media/" + vid + "/" + media.NewSigner(time.Minute, []byte("another key of thirty-two bytes!")).TokenExpiring(vidN, 3, time.Now().Add(time.Hour)) + "/master.m3u8",
		} {
			if res, _ := rawGet(t, e, p, nil); res.StatusCode != 403 {
				t.Errorf("%s token: %d, want 403", name, res.StatusCode)
			}
		}
		if res, _ := rawGet(t, e, "/media/"+vid+"/"+otherUserToken+"/master.m3u8", nil); res.StatusCode != 200 {
			t.Errorf("a correctly signed token for another viewer: %d, want 200 (tokens are bearer URLs)", res.StatusCode)
		}
		for _, p := range []string{
			base + "..%2f..%2f..%2fsecret.key", base + "360p/..%2f..%2f..%2f..%2fsecret.key", base + "%2e%2e/%2e%2e/x.m3u8",
			base + "../../../sources/1/x.mp4", base + "nope.m3u8",
		} {
			if res, _ := rawGet(t, e, p, nil); res.StatusCode != 404 && res.StatusCode != 307 {
				t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
			}
		}
	})
}

func TestNotAVideoFails(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	e := setup(t, testdb.SQLite(t), "")
	e.startWorkers()
	a := e.instructor("a@x.io", "Ada")
	cid := e.course(a, map[string]any{"title": "T"}).str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
	lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "L"}}).expect(t, 201).str("id")
	if _, r := e.tusUpload(a.Access, map[string]string{"lecture_id": lec, "filename": "notes.mp4"}, bytes.Repeat([]byte("just some text\n"), 500), 4096); r.Status != 204 {
		t.Fatalf("upload: %d", r.Status)
	}
	v := e.waitVideo(a.Access, lec)
	if v.str("status") != "failed" || !strings.Contains(strings.ToLower(v.str("error")), "video") {
		t.Errorf("video = %s", v.Body)
	}
	e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 409)
}

// The whole pipeline with an S3-compatible bucket as storage: the upload is
// moved into the bucket, the worker downloads it, publishes the ladder to
// the bucket, and media requests (with ranges) are streamed from it.
func TestVideoOnS3(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	e := setup(t, testdb.SQLite(t), "", func(c *config.Config) { c.StorageURL = testdb.S3(t) })
	if _, local := e.app.Files.LocalPath("x"); local {
		t.Fatal("storage is local; the test would prove nothing")
	}
	e.startWorkers()
	a := e.instructor("a@x.io", "Ada")
	cid := e.course(a, map[string]any{"title": "Cloud", "description_md": "x"}).str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
	lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "V"}}).expect(t, 201).str("id")
	data, err := os.ReadFile(clip(t, 3, "640x360", true))
	if err != nil {
		t.Fatal(err)
	}
	if _, r := e.tusUpload(a.Access, map[string]string{"lecture_id": lec, "filename": "v.mp4"}, data, 256<<10); r.Status != 204 {
		t.Fatalf("upload: %d", r.Status)
	}
	if v := e.waitVideo(a.Access, lec); v.str("status") != "ready" {
		t.Fatalf("video = %s", v.Body)
	}
	pb := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 200)
	base := strings.TrimSuffix(pb.str("hls_url"), "master.m3u8")
	res, master := rawGet(t, e, pb.str("hls_url"), nil)
	if res.StatusCode != 200 || !bytes.Contains(master, []byte("#EXT-X-STREAM-INF")) {
		t.Fatalf("master from S3: %d %s", res.StatusCode, master)
	}
	res, seg := rawGet(t, e, base+"360p/seg_00000.m4s", map[string]string{"Range": "bytes=10-29"})
	if res.StatusCode != 206 || len(seg) != 20 {
		t.Errorf("segment range from S3: %d, %d bytes", res.StatusCode, len(seg))
	}
	if res, _ := rawGet(t, e, base+"poster.jpg", nil); res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("poster from S3: %d", res.StatusCode)
	}
	r := e.do(req{Method: "PUT", Path: "/api/v1/courses/" + cid + "/thumbnail", Token: a.Access, Body: pngImage(t, 640, 360), ContentType: "image/png"}).expect(t, 200)
	if res, _ := rawGet(t, e, r.str("thumbnail_url"), nil); res.StatusCode != 200 {
		t.Errorf("thumbnail from S3: %d", res.StatusCode)
	}
}

// Upload errors are problem documents too, and an upload above the size
// limit is refused with 413 before any byte is stored.
func TestUploadErrors(t *testing.T) {
	t.Parallel()
	e := setup(t, testdb.SQLite(t), "", func(c *config.Config) { c.MaxUploadBytes = 1 << 20 })
	a := e.instructor("a@x.io", "Ada")
	cid := e.course(a, map[string]any{"title": "T"}).str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
	lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "L"}}).expect(t, 201).str("id")
	meta := "lecture_id " + base64.StdEncoding.EncodeToString([]byte(lec))
	big := e.do(req{Method: "POST", Path: "/api/v1/uploads", Token: a.Access, Header: map[string]string{"Tus-Resumable": "1.0.0", "Upload-Length": strconv.Itoa(2 << 20), "Upload-Metadata": meta}})
	if big.Status != 413 || big.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("too large: %d %q %s", big.Status, big.Header.Get("Content-Type"), big.Body)
	}
	noVersion := e.do(req{Method: "POST", Path: "/api/v1/uploads", Token: a.Access, Header: map[string]string{"Upload-Length": "10", "Upload-Metadata": meta}})
	if noVersion.Status != 412 || noVersion.str("detail") == "" {
		t.Errorf("no Tus-Resumable: %d %s", noVersion.Status, noVersion.Body)
	}
	p2, r := e.tusUpload(a.Access, map[string]string{"lecture_id": lec}, make([]byte, 100), 100)
	if r.Status != 204 {
		t.Fatalf("small upload: %d", r.Status)
	}
	wrong := e.do(req{Method: "PATCH", Path: p2, Token: a.Access, Body: []byte("abc"), ContentType: "application/offset+octet-stream",
		Header: map[string]string{"Tus-Resumable": "1.0.0", "Upload-Offset": "5"}})
	if wrong.Status != 404 { // finished uploads are gone
		t.Errorf("patch of a finished upload: %d", wrong.Status)
	}
	if n, _ := e.app.DB.CountVideos(context.Background(), "uploading"); n != 0 {
		t.Errorf("%d uploads left in uploading", n)
	}
}

// The instructor's event stream reports a video's progress until ready.
func TestProcessingEvents(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	e := setup(t, testdb.SQLite(t), "")
	e.startWorkers()
	a := e.instructor("a@x.io", "Ada")
	cid := e.course(a, map[string]any{"title": "T"}).str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
	lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "L"}}).expect(t, 201).str("id")
	rq, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/instructor/events", nil)
	rq.Header.Set("Authorization", "Bearer "+a.Access)
	res, err := http.DefaultClient.Do(rq)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %v", res.StatusCode, res.Header)
	}
	data, err := os.ReadFile(clip(t, 3, "320x240", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, r := e.tusUpload(a.Access, map[string]string{"lecture_id": lec}, data, len(data)); r.Status != 204 {
		t.Fatalf("upload: %d", r.Status)
	}
	seen := map[string]bool{}
	lines := bufio.NewScanner(res.Body)
	deadline := time.AfterFunc(60*time.Second, func() { res.Body.Close() })
	defer deadline.Stop()
	for lines.Scan() {
		line := lines.Text()
		if !strings.HasPrefix(line, "data: ") {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &v); err != nil {
			t.Fatalf("event data %q: %v", line, err)
		}
		seen[v["status"].(string)] = true
		if v["status"] == "ready" {
			break
		}
	}
	if !seen["queued"] || !seen["processing"] || !seen["ready"] {
		t.Errorf("statuses seen on the stream: %v", seen)
	}
	// Another instructor's stream hears nothing of it: checked by owner id in the broker.
}

func TestCaptionsAndArticleContent(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		e.startWorkers()
		a := e.instructor("a@x.io", "Ada")
		ctx := context.Background()
		u, _ := e.app.DB.UserByEmail(ctx, "a@x.io")
		cid := e.course(a, map[string]any{"title": "Captioned", "description_md": "x"}).str("id")
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
		lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "V"}}).expect(t, 201).str("id")
		art := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "Notes", "kind": "article", "body_md": "**Read** <script>x</script>"}}).expect(t, 201).str("id")
		capPath := "/api/v1/lectures/" + lec + "/captions/en?label=English"
		vtt := "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
		e.do(req{Method: "PUT", Path: capPath, Token: a.Access, Body: vtt, ContentType: "text/vtt"}).expect(t, 409) // no video yet
		if _, err := e.app.Media.ImportFile(ctx, u.ID, mustInt(lec), clip(t, 3, "320x240", false), "v.mp4"); err != nil {
			t.Fatal(err)
		}
		if v := e.waitVideo(a.Access, lec); v.str("status") != "ready" {
			t.Fatalf("video = %s", v.Body)
		}
		e.do(req{Method: "PUT", Path: capPath, Token: a.Access, Body: "not a vtt", ContentType: "text/vtt"}).expect(t, 422)
		e.do(req{Method: "PUT", Path: "/api/v1/lectures/" + lec + "/captions/English", Token: a.Access, Body: vtt, ContentType: "text/vtt"}).expect(t, 422)
		other := e.instructor("b@x.io", "Bob")
		e.do(req{Method: "PUT", Path: capPath, Token: other.Access, Body: vtt, ContentType: "text/vtt"}).expect(t, 404)
		e.do(req{Method: "PUT", Path: capPath, Token: a.Access, Body: vtt, ContentType: "text/vtt"}).expect(t, 200)
		pb := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 200)
		caps := pb.JSON["captions"].([]any)
		if len(caps) != 1 || caps[0].(map[string]any)["label"] != "English" {
			t.Fatalf("captions = %s", pb.Body)
		}
		res, body := rawGet(t, e, caps[0].(map[string]any)["url"].(string), nil)
		if res.StatusCode != 200 || string(body) != vtt || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/vtt") {
			t.Errorf("caption file: %d %q", res.StatusCode, body)
		}

		// SubRip is converted to WebVTT; a second language sits beside the first.
		srt := "1\r\n00:00:00,500 --> 00:00:02,000\r\nHola\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nadiós\r\n"
		e.do(req{Method: "PUT", Path: "/api/v1/lectures/" + lec + "/captions/es?label=Español", Token: a.Access, Body: srt, ContentType: "application/x-subrip"}).expect(t, 200)
		list := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/captions", Token: a.Access}).expect(t, 200)
		if items := list.JSON["items"].([]any); len(items) != 2 || items[1].(map[string]any)["label"] != "Español" {
			t.Fatalf("caption list = %s", list.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/captions", Token: other.Access}).expect(t, 404)
		pb = e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 200)
		var esURL string
		for _, c := range pb.JSON["captions"].([]any) {
			if c.(map[string]any)["language"] == "es" {
				esURL = c.(map[string]any)["url"].(string)
			}
		}
		res, body = rawGet(t, e, esURL, nil)
		wantVTT := "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHola\n\n00:00:02.000 --> 00:00:03.000\nadiós\n"
		if res.StatusCode != 200 || string(body) != wantVTT {
			t.Errorf("converted caption: %d %q", res.StatusCode, body)
		}

		// Over the limit: 413 with a problem document, not a 500; the track is unchanged.
		big := "WEBVTT\n\n" + strings.Repeat("00:00.000 --> 00:01.000\nLorem ipsum dolor sit amet\n\n", (media.MaxCaptionBytes/50)+10)
		tooBig := e.do(req{Method: "PUT", Path: capPath, Token: a.Access, Body: big, ContentType: "text/vtt"}).expect(t, 413)
		if tooBig.str("code") != "body_too_large" || !strings.Contains(tooBig.str("detail"), "1 MB") {
			t.Errorf("413 problem = %s", tooBig.Body)
		}
		if _, body = rawGet(t, e, caps[0].(map[string]any)["url"].(string), nil); string(body) != vtt {
			t.Errorf("caption after a refused replacement: %q", body)
		}

		// Replace, then delete.
		vtt2 := "WEBVTT\n\n00:00.000 --> 00:02.000\nHello again\n"
		e.do(req{Method: "PUT", Path: capPath, Token: a.Access, Body: vtt2, ContentType: "text/vtt"}).expect(t, 200)
		if _, body = rawGet(t, e, caps[0].(map[string]any)["url"].(string), nil); string(body) != vtt2 {
			t.Errorf("replaced caption: %q", body)
		}
		e.do(req{Method: "DELETE", Path: "/api/v1/lectures/" + lec + "/captions/es", Token: other.Access}).expect(t, 404)
		e.do(req{Method: "DELETE", Path: "/api/v1/lectures/" + lec + "/captions/es", Token: a.Access}).expect(t, 204)
		e.do(req{Method: "DELETE", Path: "/api/v1/lectures/" + lec + "/captions/es", Token: a.Access}).expect(t, 404)
		pb = e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 200)
		if n := len(pb.JSON["captions"].([]any)); n != 1 {
			t.Errorf("captions after delete = %s", pb.Body)
		}
		if res, _ = rawGet(t, e, esURL, nil); res.StatusCode != 404 {
			t.Errorf("deleted caption file still served: %d", res.StatusCode)
		}

		// Article content: for the entitled only, sanitised.
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 200)
		st := e.register("s@x.io", "student pass 42", "S")
		e.do(req{Method: "GET", Path: "/api/v1/lectures/" + art + "/content"}).expect(t, 401)
		e.do(req{Method: "GET", Path: "/api/v1/lectures/" + art + "/content", Token: st.Access}).expect(t, 403)
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/enroll", Token: st.Access}).expect(t, 201)
		c := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + art + "/content", Token: st.Access}).expect(t, 200)
		if html := c.str("body_html"); !strings.Contains(html, "<strong>Read</strong>") || strings.Contains(html, "<script") {
			t.Errorf("body_html = %q", html)
		}
	})
}
