package ffmpeg

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestProbeLandscape(t *testing.T) {
	t.Parallel()
	_, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "in.mp4", clip{w: 640, h: 360, seconds: 3, audio: true})
	p, err := Probe(context.Background(), ffprobePath, src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 640 || p.Height != 360 || p.Portrait() || p.Rotation != 0 {
		t.Errorf("size %dx%d rotation %d", p.Width, p.Height, p.Rotation)
	}
	if p.VideoCodec != "h264" || !p.HasAudio() || p.AudioCodec != "aac" || p.FrameRate != 30 {
		t.Errorf("streams: %+v", p)
	}
	if p.Duration < 2900*time.Millisecond || p.Duration > 3100*time.Millisecond {
		t.Errorf("duration %v", p.Duration)
	}
}

// A browser screen recording (MediaRecorder) is WebM written as a stream: no
// duration in its header. Probe must take it from the packets.
func TestProbeStreamedWebM(t *testing.T) {
	t.Parallel()
	ffmpegPath, ffprobePath := tools(t)
	src := filepath.Join(t.TempDir(), "screen.webm")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(ffmpegPath, "-nostdin", "-v", "error",
		"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=3", "-f", "lavfi", "-i", "sine=duration=3",
		"-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-c:a", "libopus", "-f", "webm", "pipe:1")
	cmd.Stdout = f
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	f.Close()
	p, err := Probe(context.Background(), ffprobePath, src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if p.VideoCodec != "vp8" || p.AudioCodec != "opus" || p.Duration < 2900*time.Millisecond || p.Duration > 3100*time.Millisecond {
		t.Errorf("probe %+v", p)
	}
}

// A phone holds the sensor sideways and records a display matrix: the coded
// frame is 640x360 but the video is portrait, and the ladder must scale it
// by its width.
func TestProbeRotated(t *testing.T) {
	t.Parallel()
	ffmpegPath, ffprobePath := tools(t)
	dir := t.TempDir()
	src := makeClip(t, dir, "coded.mp4", clip{w: 640, h: 360, seconds: 2})
	rotated := filepath.Join(dir, "rotated.mp4")
	ffmpegRun(t, ffmpegPath, "-nostdin", "-v", "error", "-i", src, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated)
	p, err := Probe(context.Background(), ffprobePath, rotated, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Rotation != 90 && p.Rotation != 270 {
		t.Errorf("rotation %d, want 90 or 270", p.Rotation)
	}
	if p.Width != 360 || p.Height != 640 || !p.Portrait() {
		t.Errorf("display size %dx%d, want 360x640", p.Width, p.Height)
	}
	if r := Ladder(p); len(r) != 1 || r[0].Width != 360 || r[0].Height != 640 {
		t.Errorf("ladder %+v", r)
	}
}

func TestProbeRejects(t *testing.T) {
	t.Parallel()
	ffmpegPath, ffprobePath := tools(t)
	dir := t.TempDir()
	mp4 := makeClip(t, dir, "ok.mp4", clip{w: 320, h: 240, seconds: 4, audio: true})
	faststart := makeClip(t, dir, "faststart.mp4", clip{w: 320, h: 240, seconds: 4, audio: true, extra: []string{"-movflags", "+faststart"}})
	whole, err := os.ReadFile(mp4)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := os.ReadFile(faststart)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	garbled := append([]byte(nil), fs...)
	for i := 0; i < 4096 && i < len(garbled); i++ {
		garbled[i] = byte(i*131 + 7)
	}
	png := filepath.Join(dir, "still.png")
	ffmpegRun(t, ffmpegPath, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1", png)
	pngBytes, _ := os.ReadFile(png)
	m4a := filepath.Join(dir, "sound.m4a")
	ffmpegRun(t, ffmpegPath, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", m4a)

	tests := []struct {
		name   string
		file   string
		limits Limits
		reason string // a substring of the message the instructor sees
	}{
		{"moov lost (truncated)", write("trunc.mp4", whole[:len(whole)/2]), Limits{}, "not a video we can read"},
		{"faststart truncated half way", write("trunc-fs.mp4", fs[:len(fs)/2]), Limits{}, "incomplete or damaged"},
		{"garbled header", write("garbled.mp4", garbled), Limits{}, "not a video we can read"},
		{"text", write("notes.mp4", []byte("These are my lecture notes.\nNot a video.\n")), Limits{}, "not a video we can read"},
		{"png renamed", write("image.mp4", pngBytes), Limits{}, "not a video we can read"},
		{"empty", write("empty.mp4", nil), Limits{}, "not a video we can read"},
		{"audio only", write("sound.mp4", mustRead(t, m4a)), Limits{}, "no video"},
		{"too long", mp4, Limits{MaxDuration: 2 * time.Second}, "longer than 2s"},
		{"too large", mp4, Limits{MaxWidth: 300}, "larger than 300x4096"},
	}
	for _, tt := range tests {
		_, err := Probe(context.Background(), ffprobePath, tt.file, tt.limits)
		var rej *RejectError
		if !errors.As(err, &rej) {
			t.Errorf("%s: err = %v, want a RejectError", tt.name, err)
			continue
		}
		t.Logf("%s: %q", tt.name, rej.Reason)
		if !strings.Contains(rej.Reason, tt.reason) {
			t.Errorf("%s: reason %q, want it to mention %q", tt.name, rej.Reason, tt.reason)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// An HLS playlist or ffconcat list uploaded as ".mp4" must not make ffmpeg
// open anything else. Each list points at a named FIFO: opening a FIFO for
// reading completes only when a writer opens it too, so a goroutine blocked
// opening it for writing learns whether anyone read it. A control run of
// plain ffprobe with only -protocol_whitelist file shows the FIFO *is* opened
// without Probe's protections, so the test can tell.
func TestProbeRefusesPlaylists(t *testing.T) {
	t.Parallel()
	_, ffprobePath := tools(t)
	dir := t.TempDir()
	lists := map[string]string{
		"hls.mp4":    "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile://%s\n#EXT-X-ENDLIST\n",
		"concat.mp4": "ffconcat version 1.0\nfile '%s'\n",
	}
	for name, body := range lists {
		t.Run(name, func(t *testing.T) {
			fifo := filepath.Join(dir, name+".segment.ts")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			list := filepath.Join(dir, name)
			if err := os.WriteFile(list, []byte(strings.ReplaceAll(body, "%s", fifo)), 0o644); err != nil {
				t.Fatal(err)
			}

			opened := watchFIFO(t, fifo)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err := Probe(ctx, ffprobePath, list, Limits{})
			var rej *RejectError
			if !errors.As(err, &rej) || !strings.Contains(rej.Reason, "not a video") {
				t.Errorf("Probe(%s) = %v, want a RejectError", name, err)
			}
			if opened(200 * time.Millisecond) {
				t.Fatalf("Probe made ffprobe open %s", fifo)
			}

			if name != "hls.mp4" {
				return // the concat demuxer is never picked by probing; no control
			}
			// Control: the same file with only the protocol whitelist.
			opened = watchFIFO(t, fifo)
			out, _ := exec.CommandContext(ctx, ffprobePath, "-v", "error", "-protocol_whitelist", "file", list).CombinedOutput()
			if !opened(2 * time.Second) {
				t.Fatalf("control: plain ffprobe did not open the FIFO, so this test proves nothing (%s)", out)
			}
		})
	}
}

// watchFIFO starts a writer blocked opening fifo and returns a function that
// reports whether some reader opened it within wait; the writer is released
// at the end either way.
func watchFIFO(t *testing.T, fifo string) func(wait time.Duration) bool {
	done := make(chan struct{})
	go func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		close(done)
	}()
	return func(wait time.Duration) bool {
		select {
		case <-done:
			return true
		case <-time.After(wait):
		}
		// Release the writer ourselves; it was not opened by anyone else.
		if f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			<-done
			f.Close()
		}
		return false
	}
}
