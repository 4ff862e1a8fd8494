package ffmpeg

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTranscodeLandscapeWithAudio(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "in.mp4", clip{w: 1280, h: 720, seconds: 6, audio: true})
	out := t.TempDir()
	var progress []Progress
	res, err := Transcode(context.Background(), Job{
		Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath,
		OnProgress: func(p Progress) { progress = append(progress, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Width != 1280 || res.Height != 720 || !res.HasAudio || res.Duration < 5900*time.Millisecond {
		t.Errorf("result %+v", res)
	}
	if len(progress) == 0 || !progress[len(progress)-1].Done || progress[len(progress)-1].Fraction != 1 {
		t.Errorf("progress %+v, want it to end with Done at 1", progress)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i].Fraction < progress[i-1].Fraction {
			t.Errorf("progress went backwards: %+v", progress)
		}
	}
	checkOutput(t, out, res, ffprobePath, []string{"720p:1280x720", "480p:854x480", "360p:640x360"}, 1280, 720)
	master := read(t, filepath.Join(out, "master.m3u8"))
	t.Logf("master.m3u8:\n%s", master)
	for _, want := range []string{
		`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"`,
		`AUDIO="aud"`, `FRAME-RATE=30.000`, `mp4a.40.2"`, "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-VERSION:7",
	} {
		if !strings.Contains(master, want) {
			t.Errorf("master lacks %s:\n%s", want, master)
		}
	}
	for _, f := range []string{"720p/init_720p.mp4", "480p/init_480p.mp4", "audio/init_audio.mp4", "audio/seg_00000.m4s", "720p/seg_00001.m4s"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("layout: %v", err)
		}
	}
	// Thumbnails come from the 480p rendition.
	if got := frameSize(t, ffprobePath, filepath.Join(out, "poster.jpg")); got != "854x480" {
		t.Errorf("poster is %s, want 854x480", got)
	}
	if got := frameSize(t, ffprobePath, filepath.Join(out, "sprite.jpg")); got != "1600x900" {
		t.Errorf("sprite sheet is %s, want 1600x900", got)
	}
	vtt := read(t, filepath.Join(out, "thumbnails.vtt"))
	if !strings.Contains(vtt, "00:00:04.000 --> 00:00:06.000\nsprite.jpg#xywh=160,0,160,90") || strings.Count(vtt, "-->") != 2 {
		t.Errorf("thumbnails.vtt:\n%s", vtt)
	}
}

// A real portrait recording smaller than 720p: one 360p rung, scaled by its
// width, never upscaled to 720 or 480.
func TestTranscodePortrait(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "in.mp4", clip{w: 360, h: 640, seconds: 4, audio: true})
	out := t.TempDir()
	res, err := Transcode(context.Background(), Job{Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath})
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, out, res, ffprobePath, []string{"360p:360x640"}, 360, 640)
	if got := frameSize(t, ffprobePath, filepath.Join(out, "poster.jpg")); got != "360x640" {
		t.Errorf("poster is %s", got)
	}
}

// No audio in the source: no audio rendition, no AUDIO group, no mp4a. With a
// single variant left, ffmpeg would not substitute %v in the init name.
func TestTranscodeNoAudio(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "in.mp4", clip{w: 640, h: 360, seconds: 4})
	out := t.TempDir()
	res, err := Transcode(context.Background(), Job{Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath})
	if err != nil {
		t.Fatal(err)
	}
	if res.HasAudio {
		t.Error("HasAudio")
	}
	checkOutput(t, out, res, ffprobePath, []string{"360p:640x360"}, 640, 360)
	master := read(t, filepath.Join(out, "master.m3u8"))
	if strings.Contains(master, "EXT-X-MEDIA") || strings.Contains(master, "AUDIO=") || strings.Contains(master, "mp4a") {
		t.Errorf("master mentions audio:\n%s", master)
	}
	if _, err := os.Stat(filepath.Join(out, "audio")); !os.IsNotExist(err) {
		t.Errorf("audio directory exists: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "360p", "init_360p.mp4")); err != nil {
		t.Error(err)
	}
}

// checkOutput checks a finished output directory independently of the code
// under test: the rungs, keyframes at every segment start, segment
// durations, the declared bandwidth against sizes on disk and the codec
// string against what ffprobe reads.
func checkOutput(t *testing.T, out string, res *Result, ffprobePath string, wantRungs []string, srcW, srcH int) {
	t.Helper()
	var got []string
	for _, r := range res.Renditions {
		got = append(got, fmt.Sprintf("%s:%dx%d", r.Name, r.Width, r.Height))
		if r.Width > srcW || r.Height > srcH {
			t.Errorf("rendition %s %dx%d is above the source %dx%d", r.Name, r.Width, r.Height, srcW, srcH)
		}
	}
	if strings.Join(sorted(got), " ") != strings.Join(sorted(wantRungs), " ") {
		t.Errorf("renditions %v, want %v", got, wantRungs)
	}

	var audioPeak float64
	if res.HasAudio {
		audioPeak = measuredPeak(t, filepath.Join(out, "audio", "index.m3u8"))
	}
	master := read(t, filepath.Join(out, "master.m3u8"))
	for _, r := range res.Renditions {
		dir := filepath.Join(out, r.Name)
		init, segs := readPlaylist(t, filepath.Join(dir, "index.m3u8"))
		for i, s := range segs {
			if i < len(segs)-1 && math.Abs(s.dur-SegmentSeconds) > 0.5 {
				t.Errorf("%s/%s lasts %.3fs, want %d±0.5", r.Name, s.uri, s.dur, SegmentSeconds)
			}
			// Probe init+segment as one file: its first video packet must be a keyframe.
			joined := filepath.Join(t.TempDir(), "joined.mp4")
			if err := os.WriteFile(joined, append(mustRead(t, filepath.Join(dir, init)), mustRead(t, filepath.Join(dir, s.uri))...), 0o644); err != nil {
				t.Fatal(err)
			}
			first := probeOut(t, ffprobePath, "-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "packet=flags", "-of", "csv=p=0", joined)
			if !strings.HasPrefix(strings.TrimSpace(first), "K") {
				t.Errorf("%s/%s starts with packet flags %q, not a keyframe", r.Name, s.uri, first)
			}
			if i == 0 {
				size := probeOut(t, ffprobePath, "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", joined)
				if strings.TrimSpace(size) != fmt.Sprintf("%dx%d", r.Width, r.Height) {
					t.Errorf("%s is encoded at %s", r.Name, size)
				}
				checkCodec(t, r, probeOut(t, ffprobePath, "-select_streams", "v:0", "-show_entries", "stream=profile,level", "-of", "csv=p=0", joined))
			}
		}
		peak := measuredPeak(t, filepath.Join(dir, "index.m3u8")) + audioPeak
		t.Logf("%s: BANDWIDTH %d, measured peak %.0f, AVERAGE-BANDWIDTH %d, %d segments", r.Name, r.Bandwidth, peak, r.AverageBandwidth, len(segs))
		if d := math.Abs(float64(r.Bandwidth) - peak); d > 0.1*peak {
			t.Errorf("%s: BANDWIDTH %d, measured peak %.0f", r.Name, r.Bandwidth, peak)
		}
		if r.AverageBandwidth <= 0 || r.AverageBandwidth > r.Bandwidth {
			t.Errorf("%s: AVERAGE-BANDWIDTH %d vs BANDWIDTH %d", r.Name, r.AverageBandwidth, r.Bandwidth)
		}
		if !strings.Contains(master, fmt.Sprintf("BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=%q", r.Bandwidth, r.AverageBandwidth, r.Width, r.Height, r.Codecs)) ||
			!strings.Contains(master, "\n"+r.Playlist+"\n") {
			t.Errorf("master does not list %+v:\n%s", r, master)
		}
	}
}

// checkCodec compares the avc1 string with ffprobe's profile and level.
func checkCodec(t *testing.T, r Rendition, profileLevel string) {
	t.Helper()
	profile, level, _ := strings.Cut(strings.TrimSpace(profileLevel), ",")
	idc := map[string]string{"High": "64", "Main": "4d", "Constrained Baseline": "42"}[profile]
	lvl, _ := strconv.Atoi(level)
	if want := fmt.Sprintf("avc1.%s", idc); !strings.HasPrefix(r.Codecs, want) || !regexp.MustCompile(fmt.Sprintf(`^avc1\.%s[0-9a-f]{2}%02x(,|$)`, idc, lvl)).MatchString(r.Codecs) {
		t.Errorf("%s: CODECS %q, but ffprobe reads profile %s level %d", r.Name, r.Codecs, profile, lvl)
	}
}

type seg struct {
	uri string
	dur float64
}

func readPlaylist(t *testing.T, path string) (init string, segs []seg) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(read(t, path)))
	var dur float64
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "#EXT-X-MAP:URI="):
			init = strings.Trim(strings.TrimPrefix(l, "#EXT-X-MAP:URI="), `"`)
		case strings.HasPrefix(l, "#EXTINF:"):
			dur, _ = strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(l, "#EXTINF:"), ","), 64)
		case l != "" && !strings.HasPrefix(l, "#"):
			segs = append(segs, seg{l, dur})
		}
	}
	if init == "" || len(segs) == 0 {
		t.Fatalf("%s: no init or segments", path)
	}
	return init, segs
}

// measuredPeak is the highest bit rate of a single segment, ignoring a last
// segment shorter than half the target (a few audio frames of tail).
func measuredPeak(t *testing.T, playlist string) float64 {
	t.Helper()
	_, segs := readPlaylist(t, playlist)
	peak := 0.0
	for i, s := range segs {
		if i == len(segs)-1 && i > 0 && s.dur < SegmentSeconds/2.0 {
			continue
		}
		fi, err := os.Stat(filepath.Join(filepath.Dir(playlist), s.uri))
		if err != nil {
			t.Fatal(err)
		}
		peak = max(peak, float64(fi.Size())*8/s.dur)
	}
	return peak
}

func frameSize(t *testing.T, ffprobePath, file string) string {
	t.Helper()
	return strings.TrimSpace(probeOut(t, ffprobePath, "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", file))
}

func probeOut(t *testing.T, ffprobePath string, args ...string) string {
	t.Helper()
	out, err := exec.Command(ffprobePath, append([]string{"-v", "error"}, args...)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %v: %v", args, err)
	}
	return string(out)
}

func read(t *testing.T, path string) string {
	t.Helper()
	return string(mustRead(t, path))
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// A video shorter than one thumbnail interval still gets a sprite with one
// thumbnail (fps=1/4 used to emit none and fail the whole job).
func TestVeryShortVideo(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "short.mp4", clip{w: 320, h: 240, seconds: 2})
	out := t.TempDir()
	res, err := Transcode(context.Background(), Job{Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Thumbnails.Sprites) != 1 {
		t.Errorf("sprites = %v", res.Thumbnails.Sprites)
	}
	vtt, err := os.ReadFile(filepath.Join(out, res.Thumbnails.VTT))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(vtt), "-->"); n != 1 {
		t.Errorf("%d cues for 2 s, want 1:\n%s", n, vtt)
	}
}
