package ffmpeg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A stream whose frames grow mid-way past the size cap (an MPEG-TS whose
// second half is 1920x1080 after a 320x240 start, under a 640x640 cap) is
// transcoded at the size the probe accepted, every frame scaled to the
// rung, inside a 1 GiB address-space limit; or refused with a reason.
func TestSizeChangeMidStreamStaysBounded(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	dir := t.TempDir()
	small := filepath.Join(dir, "a.ts")
	big := filepath.Join(dir, "b.ts")
	for _, p := range []struct{ file, size string }{{small, "320x240"}, {big, "1920x1080"}} {
		ffmpegRun(t, ffmpegPath, "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size="+p.size+":rate=25:duration=2",
			"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25", p.file)
	}
	src := filepath.Join(dir, "in.ts")
	if err := os.WriteFile(src, append(mustRead(t, small), mustRead(t, big)...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Transcode(context.Background(), Job{Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath,
		Limits: Limits{MaxWidth: 640, MaxHeight: 640, Memory: 1 << 30}})
	var rej *RejectError
	if errors.As(err, &rej) {
		t.Logf("refused: %s", rej.Reason)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Renditions) != 1 || res.Renditions[0].Width != 320 || res.Renditions[0].Height != 240 {
		t.Fatalf("renditions %+v", res.Renditions)
	}
	init, segs := readPlaylist(t, filepath.Join(out, res.Renditions[0].Name, "index.m3u8"))
	data := mustRead(t, filepath.Join(out, res.Renditions[0].Name, init))
	for _, s := range segs {
		data = append(data, mustRead(t, filepath.Join(out, res.Renditions[0].Name, s.uri))...)
	}
	joined := filepath.Join(t.TempDir(), "joined.mp4")
	if err := os.WriteFile(joined, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sizes := probeOut(t, ffprobePath, "-select_streams", "v:0", "-show_entries", "frame=width,height", "-of", "csv=p=0:s=x", joined)
	lines := strings.Fields(sizes)
	if len(lines) < 90 {
		t.Errorf("only %d frames", len(lines))
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "320x240") {
			t.Fatalf("a frame of %s in the 240p rendition", l)
		}
	}
}

// A long high-frame-rate source is encoded at 60 fps at most, within the
// default budget; with a CPU budget it cannot meet it is stopped and
// refused with a reason, and so is a run whose memory limit is too small.
func TestHighFrameRateWithinLimits(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := filepath.Join(t.TempDir(), "in.mp4")
	ffmpegRun(t, ffmpegPath, "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=240:duration=10",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", src)

	res, err := Transcode(context.Background(), Job{Input: src, OutDir: t.TempDir(), FFmpeg: ffmpegPath, FFprobe: ffprobePath})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Renditions) != 1 {
		t.Fatalf("renditions %+v", res.Renditions)
	}

	for name, lim := range map[string]Limits{
		"cpu":    {CPUPerSecond: 0.05}, // one CPU second for ten seconds of 240 fps
		"memory": {Memory: 48 << 20},   // less than ffmpeg needs to start
	} {
		_, err := Transcode(context.Background(), Job{Input: src, OutDir: t.TempDir(), FFmpeg: ffmpegPath, FFprobe: ffprobePath, Limits: lim})
		var rej *RejectError
		if !errors.As(err, &rej) {
			t.Errorf("%s: err = %v, want a RejectError", name, err)
			continue
		}
		t.Logf("%s: %s", name, rej.Reason)
		if want := map[string]string{"cpu": "computing time", "memory": "memory"}[name]; !strings.Contains(rej.Reason, want) {
			t.Errorf("%s: reason %q", name, rej.Reason)
		}
	}
}
