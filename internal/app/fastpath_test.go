package app_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// An H.264/AAC upload with a keyframe every 2 s and a bit rate under the
// rung's cap becomes ready through the fast path: the video says which
// rendition was copied, and the copied rendition is packaged like any other
// (DASH manifest, encrypted segments, key for the owner). An upload that
// does not qualify says why.
func TestUploadFastPath(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		e.startWorkers()
		a := e.instructor("a@x.io", "Ada")
		cid := e.course(a, map[string]any{"title": "Fast", "description_md": "Ready-made video."}).str("id")
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
		ctx := context.Background()
		for _, tt := range []struct {
			name, gop, copied, note string
		}{
			{"regular keyframes", "50", "360p", ""},
			{"sparse keyframes", "250", "", "keyframes"},
		} {
			lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": tt.name}}).expect(t, 201).str("id")
			src := filepath.Join(t.TempDir(), "in.mp4")
			if b, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=6",
				"-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-c:a", "aac", "-c:v", "libx264", "-preset", "ultrafast",
				"-pix_fmt", "yuv420p", "-g", tt.gop, "-maxrate", "500k", "-bufsize", "1000k", "-shortest", src).CombinedOutput(); err != nil {
				t.Fatalf("making the clip: %v: %s", err, b)
			}
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			if _, r := e.tusUpload(a.Access, map[string]string{"lecture_id": lec, "filename": "in.mp4"}, data, len(data)); r.Status != 204 {
				t.Fatalf("upload: %d %s", r.Status, r.Body)
			}
			v := e.waitVideo(a.Access, lec)
			if v.str("status") != "ready" {
				t.Fatalf("%s: video = %s", tt.name, v.Body)
			}
			id, _ := strconv.ParseInt(v.str("id"), 10, 64)
			sv, err := e.app.DB.VideoByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if sv.CopiedRendition != tt.copied || !strings.Contains(sv.FastPathNote, tt.note) {
				t.Errorf("%s: copied %q (note %q), want %q", tt.name, sv.CopiedRendition, sv.FastPathNote, tt.copied)
			}
			pb := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lec + "/playback", Token: a.Access}).expect(t, 200)
			base := strings.TrimSuffix(pb.str("hls_url"), "master.m3u8")
			if res, seg := rawGet(t, e, base+"360p/seg_00000.m4s", nil); res.StatusCode != 200 || !bytes.Contains(seg, []byte("senc")) {
				t.Errorf("%s: 360p segment is not encrypted: %d", tt.name, res.StatusCode)
			}
			if res, mpd := rawGet(t, e, pb.str("dash_url"), nil); res.StatusCode != 200 || !bytes.Contains(mpd, []byte(`media="360p/seg_$Number%05d$.m4s"`)) {
				t.Errorf("%s: MPD %d:\n%s", tt.name, res.StatusCode, mpd)
			}
			enc, _ := pb.JSON["encryption"].(map[string]any)
			license, _ := enc["license_url"].(string)
			e.do(req{Method: "POST", Path: license, Token: a.Access, Body: map[string]any{}}).expect(t, 200)
		}
	})
}
