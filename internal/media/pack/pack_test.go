package pack_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/media/ffmpeg"
	"github.com/lectern/lectern/internal/media/pack"
)

func tools(t *testing.T) (string, string) {
	t.Helper()
	f, err1 := exec.LookPath("ffmpeg")
	p, err2 := exec.LookPath("ffprobe")
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ffmpeg/ffprobe not found; install ffmpeg (apt-get install -y ffmpeg)")
		}
		t.Skip("SKIP: install ffmpeg (apt-get install -y ffmpeg)")
	}
	return f, p
}

func run(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}

var (
	ladderOnce sync.Once
	ladderDir  string
	ladderErr  error
)

// ladder transcodes a 6 s 640x360 clip with sound once per test binary and
// returns a fresh copy of the output.
func ladder(t *testing.T) string {
	t.Helper()
	ffmpegPath, ffprobePath := tools(t)
	ladderOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pack-ladder-")
		if err != nil {
			ladderErr = err
			return
		}
		ladderDir = filepath.Join(dir, "out")
		src := filepath.Join(dir, "in.mp4")
		if out, err := run(t, ffmpegPath, "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=6",
			"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=6", "-c:v", "libx264", "-preset", "ultrafast",
			"-pix_fmt", "yuv420p", "-c:a", "aac", src); err != nil {
			ladderErr = fmt.Errorf("%v: %s", err, out)
			return
		}
		if err := os.Mkdir(ladderDir, 0o755); err != nil {
			ladderErr = err
			return
		}
		_, ladderErr = ffmpeg.Transcode(context.Background(), ffmpeg.Job{Input: src, OutDir: ladderDir, FFmpeg: ffmpegPath, FFprobe: ffprobePath})
	})
	if ladderErr != nil {
		t.Fatal(ladderErr)
	}
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(ladderDir)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func dirReader(dir string) pack.Reader {
	return func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))) }
}

func TestMPDReadByFFprobe(t *testing.T) {
	_, ffprobePath := tools(t)
	dir := ladder(t)
	set, err := pack.ReadHLS(dirReader(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Video) != 1 || set.Audio == nil || set.Video[0].Name != "360p" || set.Audio.Codecs != "mp4a.40.2" {
		t.Fatalf("set: %+v audio %+v", set.Video, set.Audio)
	}
	mpd, err := pack.MPD(set, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, pack.Manifest), mpd, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", mpd)
	out, err := run(t, ffprobePath, "-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height", "-show_entries", "format=duration",
		"-of", "compact", filepath.Join(dir, pack.Manifest))
	if err != nil {
		t.Fatalf("ffprobe: %v\n%s", err, out)
	}
	for _, want := range []string{"codec_name=h264|codec_type=video|width=640|height=360", "codec_name=aac|codec_type=audio", "duration=6."} {
		if !strings.Contains(out, want) {
			t.Errorf("ffprobe of the MPD lacks %q:\n%s", want, out)
		}
	}
	// ffmpeg reads every segment through the manifest.
	ffmpegPath, _ := tools(t)
	if out, err := run(t, ffmpegPath, "-v", "error", "-i", filepath.Join(dir, pack.Manifest), "-map", "0", "-f", "null", "-"); err != nil || strings.TrimSpace(out) != "" {
		t.Errorf("decoding through the MPD: %v\n%s", err, out)
	}
}

// frames decodes init+segment and returns per-frame hashes of the video.
func frames(t *testing.T, init, seg []byte) (string, error) {
	t.Helper()
	ffmpegPath, _ := tools(t)
	f := filepath.Join(t.TempDir(), "joined.mp4")
	if err := os.WriteFile(f, append(append([]byte{}, init...), seg...), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, ffmpegPath, "-v", "error", "-xerror", "-i", f, "-map", "0:v", "-f", "framemd5", "-")
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n"), err
}

func TestEncryptedSegmentNeedsTheKey(t *testing.T) {
	clear := ladder(t)
	enc := ladder(t)
	set, err := pack.ReadHLS(dirReader(enc))
	if err != nil {
		t.Fatal(err)
	}
	k, err := pack.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := pack.EncryptDir(enc, set, k); err != nil {
		t.Fatal(err)
	}
	v := set.Video[0]
	seg := v.Segments[1].URI
	readBoth := func(name string) ([]byte, []byte) {
		a, err := os.ReadFile(filepath.Join(clear, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(enc, name))
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
	clearInit, encInit := readBoth(v.Init)
	clearSeg, encSeg := readBoth(seg)
	if bytes.Equal(clearSeg, encSeg) || bytes.Contains(encSeg, clearSeg[len(clearSeg)-4096:]) {
		t.Fatal("the encrypted segment holds the clear bytes")
	}
	want, err := frames(t, clearInit, clearSeg)
	if err != nil || want == "" {
		t.Fatalf("clear segment does not decode: %v\n%s", err, want)
	}
	if got, err := frames(t, encInit, encSeg); err == nil && got == want {
		t.Fatal("the encrypted segment decodes to the clear pictures without a key")
	}
	// With the key it decodes to exactly the clear pictures.
	dInit, dSeg, err := pack.DecryptFile(filepath.Join(enc, v.Init), filepath.Join(enc, seg), k.Key[:])
	if err != nil {
		t.Fatal(err)
	}
	got, err := frames(t, dInit, dSeg)
	if err != nil || got != want {
		t.Fatalf("decrypted segment: %v; frames equal: %v", err, got == want)
	}
	// A wrong key does not.
	wrong := k.Key
	wrong[0] ^= 1
	_, wSeg, err := pack.DecryptFile(filepath.Join(enc, v.Init), filepath.Join(enc, seg), wrong[:])
	if err == nil {
		if got, err := frames(t, dInit, wSeg); err == nil && got == want {
			t.Fatal("a wrong key decrypts")
		}
	}
	// Playlists name the key; encrypting again is refused.
	pl, _ := os.ReadFile(filepath.Join(enc, v.Playlist))
	if !strings.Contains(string(pl), pack.KeyTag(k.ID)+"\n#EXT-X-MAP:") {
		t.Errorf("media playlist:\n%s", pl)
	}
	again, err := pack.ReadHLS(dirReader(enc))
	if err != nil {
		t.Fatal(err)
	}
	if err := pack.EncryptDir(enc, again, k); err == nil {
		t.Error("encrypting twice was not refused")
	}
}
