package ffmpeg

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tools returns the paths of ffmpeg and ffprobe, or skips the test (fails it
// in CI, where nothing may be skipped).
func tools(t *testing.T) (ffmpegPath, ffprobePath string) {
	t.Helper()
	ffmpegPath, err1 := exec.LookPath("ffmpeg")
	ffprobePath, err2 := exec.LookPath("ffprobe")
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ffmpeg/ffprobe not found; install ffmpeg (apt-get install -y ffmpeg)")
		}
		t.Skip("SKIP: install ffmpeg (apt-get install -y ffmpeg)")
	}
	return ffmpegPath, ffprobePath
}

// clip describes a test video made with lavfi.
type clip struct {
	w, h    int
	seconds int
	audio   bool
	extra   []string // output options, e.g. -movflags +faststart
}

// makeClip encodes c into dir/name with ffmpeg's test sources: testsrc2 for
// picture (moving, so segment sizes are realistic) and a sine for sound.
func makeClip(t *testing.T, dir, name string, c clip) string {
	t.Helper()
	ffmpegPath, _ := tools(t)
	out := filepath.Join(dir, name)
	d := strconv.Itoa(c.seconds)
	args := []string{"-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=" + strconv.Itoa(c.w) + "x" + strconv.Itoa(c.h) + ":rate=30:duration=" + d}
	if c.audio {
		args = append(args, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration="+d)
	}
	args = append(args, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
	if c.audio {
		args = append(args, "-c:a", "aac")
	}
	args = append(args, c.extra...)
	args = append(args, out)
	ffmpegRun(t, ffmpegPath, args...)
	return out
}

func ffmpegRun(t *testing.T, path string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(path), strings.Join(args, " "), err, out)
	}
	return string(out)
}
