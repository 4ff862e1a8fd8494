package ffmpeg

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A 720p H.264/AAC upload with a keyframe every 2 s: the 720p rung is the
// source's own packets, the lower rungs are encoded, and the output passes
// the same checks as a full ladder's (sizes, a keyframe at every segment
// start in every rung, segment durations, bandwidth, codecs).
func TestTranscodeFastPath(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "in.mp4", clip{w: 1280, h: 720, seconds: 8, audio: true, extra: []string{"-g", "60", "-maxrate", "2000k", "-bufsize", "4000k"}})
	out := t.TempDir()
	res, err := Transcode(context.Background(), Job{Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath})
	if err != nil {
		t.Fatal(err)
	}
	if res.Copied != "720p" {
		t.Fatalf("Copied = %q (not copied because: %s), want 720p", res.Copied, res.NotCopied)
	}
	checkOutput(t, out, res, ffprobePath, []string{"720p:1280x720", "480p:854x480", "360p:640x360"}, 1280, 720)

	// The thumbnails, made from the source while the lower rungs encode,
	// are what a full ladder's are: the poster at 480p, one sheet, a cue
	// every 4 s.
	if got := frameSize(t, ffprobePath, filepath.Join(out, "poster.jpg")); got != "854x480" {
		t.Errorf("poster is %s, want 854x480", got)
	}
	if got := frameSize(t, ffprobePath, filepath.Join(out, "sprite.jpg")); got != "1600x900" {
		t.Errorf("sprite sheet is %s, want 1600x900", got)
	}
	if vtt := read(t, filepath.Join(out, "thumbnails.vtt")); strings.Count(vtt, "-->") != 2 || !strings.Contains(vtt, "sprite.jpg#xywh=160,0,160,90") {
		t.Errorf("thumbnails.vtt:\n%s", vtt)
	}

	// The 720p packets are the upload's, byte for byte.
	init, segs := readPlaylist(t, filepath.Join(out, "720p", "index.m3u8"))
	joined := filepath.Join(t.TempDir(), "joined.mp4")
	data := mustRead(t, filepath.Join(out, "720p", init))
	for _, s := range segs {
		data = append(data, mustRead(t, filepath.Join(out, "720p", s.uri))...)
	}
	if err := os.WriteFile(joined, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := packetHashes(t, ffmpegPath, joined), packetHashes(t, ffmpegPath, src); got != want {
		t.Errorf("720p packets differ from the source's")
	}
	// Every rung cut its segments at the same times.
	_, ref := readPlaylist(t, filepath.Join(out, "720p", "index.m3u8"))
	for _, name := range []string{"480p", "360p"} {
		_, segs := readPlaylist(t, filepath.Join(out, name, "index.m3u8"))
		if len(segs) != len(ref) {
			t.Fatalf("%s has %d segments, 720p %d", name, len(segs), len(ref))
		}
		for i := range segs {
			if d := segs[i].dur - ref[i].dur; d > 0.001 || d < -0.001 {
				t.Errorf("%s segment %d lasts %.3fs, 720p's %.3fs", name, i, segs[i].dur, ref[i].dur)
			}
		}
	}
}

// Sound that already is the rendition's (AAC-LC stereo 48 kHz, as cameras,
// phones and screen recorders write it) is copied: the audio rendition's
// packets are the upload's, and the output conforms as before.
func TestTranscodeFastPathCopiesAudio(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "in.mp4", clip{w: 1280, h: 720, seconds: 8, audio: true,
		extra: []string{"-g", "60", "-maxrate", "2000k", "-bufsize", "4000k", "-ac", "2", "-ar", "48000", "-b:a", "128k"}})
	p, err := Probe(context.Background(), ffprobePath, src, Limits{})
	if err != nil || !AudioCopy(p) {
		t.Fatalf("the source's sound is not copyable: %+v %v", p, err)
	}
	out := t.TempDir()
	res, err := Transcode(context.Background(), Job{Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath, Probe: p})
	if err != nil {
		t.Fatal(err)
	}
	if res.Copied != "720p" {
		t.Fatalf("Copied = %q (%s), want 720p", res.Copied, res.NotCopied)
	}
	checkOutput(t, out, res, ffprobePath, []string{"720p:1280x720", "480p:854x480", "360p:640x360"}, 1280, 720)
	init, segs := readPlaylist(t, filepath.Join(out, AudioName, "index.m3u8"))
	data := mustRead(t, filepath.Join(out, AudioName, init))
	for _, s := range segs {
		data = append(data, mustRead(t, filepath.Join(out, AudioName, s.uri))...)
	}
	joined := filepath.Join(t.TempDir(), "audio.mp4")
	if err := os.WriteFile(joined, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := streamHashes(t, ffmpegPath, joined, "0:a"), streamHashes(t, ffmpegPath, src, "0:a"); got != want {
		t.Errorf("the audio rendition's packets differ from the upload's")
	}
}

// Each encoded rung is scaled from the one above it, whether the top rung
// is encoded (full ladder) or copied (fast path): one scaler reads
// full-size frames, and both paths scale a rung the same way.
func TestLadderScalesRungFromRungAbove(t *testing.T) {
	p := &ProbeResult{Width: 1920, Height: 1080, FrameRate: 30, VideoStream: 0, AudioStream: 1, Keyframes: []float64{0, 2}}
	filter := func(copyTop bool) string {
		rungs := Ladder(p)
		rungs[0].Copy = copyTop
		args, err := TranscodeArgs("in.mp4", p, rungs)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range args {
			if a == "-filter_complex" {
				return args[i+1]
			}
		}
		t.Fatal("no -filter_complex")
		return ""
	}
	lower := "[c0]scale=1280:720:flags=area,setsar=1,split=2[v1][c1];[c1]scale=854:480:flags=area,setsar=1,split=2[v2][c2];[c2]scale=640:360:flags=area,setsar=1[v3]"
	if got, want := filter(false), "[0:0]scale=1920:1080:flags=area,setsar=1,split=2[v0][c0];"+lower; got != want {
		t.Errorf("full ladder filter\n%s\nwant\n%s", got, want)
	}
	if got, want := filter(true), "[0:0]"+strings.TrimPrefix(lower, "[c0]"); got != want {
		t.Errorf("fast path filter\n%s\nwant\n%s", got, want)
	}
}

// On the fast path the encode and the repackaging are separate processes:
// the encode has the lower rungs and no audio, the repackaging the copied
// rung and the audio; when every rung is copied there is no encode.
func TestFastPathCommands(t *testing.T) {
	p := &ProbeResult{Width: 1920, Height: 1080, FrameRate: 30, VideoStream: 0, AudioStream: 1, Keyframes: []float64{0, 2}, Duration: 4 * time.Second}
	rungs := Ladder(p)
	rungs[0].Copy = true
	encode, repackage, err := FastPathCommands("in.mp4", "/out", p, rungs)
	if err != nil {
		t.Fatal(err)
	}
	enc, rep := strings.Join(encode.Args, " "), strings.Join(repackage.Args, " ")
	for _, want := range []string{"-var_stream_map v:0,name:720p v:1,name:480p v:2,name:360p %v/index.m3u8", "-force_key_frames:v:0 0.000000,2.000000", "-progress pipe:1"} {
		if !strings.Contains(enc, want) {
			t.Errorf("encode lacks %q: %s", want, enc)
		}
	}
	for _, want := range []string{"-map 0:0 -map 0:1", "-c:v:0 copy -c:a aac", "-var_stream_map v:0,name:1080p,agroup:aud a:0,name:audio,agroup:aud,default:yes"} {
		if !strings.Contains(rep, want) {
			t.Errorf("repackage lacks %q: %s", want, rep)
		}
	}
	if strings.Contains(enc, "-c:a") || strings.Contains(enc, "0:1") || strings.Contains(rep, "libx264") || strings.Contains(rep, "-filter_complex") {
		t.Errorf("audio or encoding in the wrong process:\n%s\n%s", enc, rep)
	}
	if encode.Dir != "/out" || repackage.Dir != "/out" || encode.Duration != p.Duration {
		t.Errorf("commands %+v %+v", encode, repackage)
	}

	// Sound that already is the rendition's is copied.
	p.AudioCodec, p.AudioProfile, p.AudioChannels, p.AudioRate, p.AudioBitRate = "aac", "LC", 2, 48000, 128_000
	_, repackage, err = FastPathCommands("in.mp4", "/out", p, rungs)
	if rep := strings.Join(repackage.Args, " "); err != nil || !strings.Contains(rep, "-c:v:0 copy -c:a copy") || strings.Contains(rep, "-ar") ||
		!strings.Contains(rep, "a:0,name:audio,agroup:aud,default:yes") {
		t.Errorf("audio not copied: %s %v", rep, err)
	}

	small := &ProbeResult{Width: 640, Height: 360, FrameRate: 25, AudioStream: -1, Keyframes: []float64{0}, Duration: time.Second}
	rungs = Ladder(small)
	rungs[0].Copy = true
	encode, repackage, err = FastPathCommands("in.mp4", "/out", small, rungs)
	if err != nil || encode.Args != nil || !strings.Contains(strings.Join(repackage.Args, " "), "-hls_fmp4_init_filename init_360p.mp4") {
		t.Errorf("all copied: encode %v, repackage %v, %v", encode.Args, repackage.Args, err)
	}
}

// packetHashes lists the MD5 of every video packet of file, without decoding.
func packetHashes(t *testing.T, ffmpegPath, file string) string {
	t.Helper()
	return streamHashes(t, ffmpegPath, file, "0:v")
}

// streamHashes lists the MD5 of every packet of file's streams stream (a
// -map value), without decoding.
func streamHashes(t *testing.T, ffmpegPath, file, stream string) string {
	t.Helper()
	out := ffmpegRun(t, ffmpegPath, "-v", "error", "-i", file, "-map", stream, "-c", "copy", "-f", "framemd5", "-")
	var sums []string
	for _, l := range strings.Split(out, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		// stream, dts, pts, duration, size, hash[, side data]: the
		// packet's data only (a copied stream may lose the source's
		// timestamps offset and priming side data, not its bytes).
		f := strings.Split(l, ",")
		if len(f) < 6 {
			t.Fatalf("framemd5 line %q", l)
		}
		sums = append(sums, strings.TrimSpace(f[5]))
	}
	if len(sums) == 0 {
		t.Fatalf("no packets in %s", file)
	}
	return strings.Join(sums, " ")
}

// Keyframes 10 s apart cannot be cut into 4 s segments: every rung is
// encoded, and the output is a normal ladder.
func TestTranscodeNoFastPathForSparseKeyframes(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	src := makeClip(t, t.TempDir(), "in.mp4", clip{w: 640, h: 360, seconds: 9, audio: true, extra: []string{"-g", "300"}})
	out := t.TempDir()
	res, err := Transcode(context.Background(), Job{Input: src, OutDir: out, FFmpeg: ffmpegPath, FFprobe: ffprobePath})
	if err != nil {
		t.Fatal(err)
	}
	if res.Copied != "" || !strings.Contains(res.NotCopied, "keyframes") {
		t.Errorf("Copied %q, NotCopied %q; want no copy because of keyframes", res.Copied, res.NotCopied)
	}
	checkOutput(t, out, res, ffprobePath, []string{"360p:640x360"}, 640, 360)
}

// The probe of real files feeds the decision: 4:4:4 and 10-bit H.264 and
// VP9 are encoded; the same clip in 8-bit 4:2:0 H.264 is copied.
func TestFastPathProbedSources(t *testing.T) {
	ffmpegPath, ffprobePath := tools(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		name  string
		codec []string
		want  string // "" for copied, else a word of the reason
	}{
		{"ok.mp4", []string{"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "30", "-maxrate", "400k", "-bufsize", "800k"}, ""},
		{"yuv444.mp4", []string{"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-g", "30"}, "pixel format"},
		{"10bit.mp4", []string{"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-g", "30"}, "pixel format"},
		{"vp9.webm", []string{"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "30"}, "codec"},
		{"mpeg4.mp4", []string{"-c:v", "mpeg4", "-g", "30"}, "codec"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := filepath.Join(dir, tt.name)
			args := append([]string{"-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=3"}, tt.codec...)
			ffmpegRun(t, ffmpegPath, append(args, src)...)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			p, err := Probe(ctx, ffprobePath, src, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			i, why := FastPath(p, Ladder(p))
			switch {
			case tt.want == "" && i != 0:
				t.Errorf("not copied: %s", why)
			case tt.want != "" && (i >= 0 || !strings.Contains(why, tt.want)):
				t.Errorf("FastPath = %d, %q; want -1 for %s", i, why, tt.want)
			}
		})
	}
}

// The rules on a described source, one changed property at a time.
// Only sound that already is the audio rendition's format is copied.
func TestAudioCopyRules(t *testing.T) {
	ok := ProbeResult{AudioStream: 1, AudioCodec: "aac", AudioProfile: "LC", AudioChannels: 2, AudioRate: 48000, AudioBitRate: 160_000}
	if !AudioCopy(&ok) {
		t.Fatal("stereo 48 kHz AAC-LC at 160 kbit/s is not copied")
	}
	for name, change := range map[string]func(*ProbeResult){
		"no sound":         func(p *ProbeResult) { p.AudioStream = -1 },
		"HE-AAC":           func(p *ProbeResult) { p.AudioProfile = "HE-AAC" },
		"mono":             func(p *ProbeResult) { p.AudioChannels = 1 },
		"5.1":              func(p *ProbeResult) { p.AudioChannels = 6 },
		"44.1 kHz":         func(p *ProbeResult) { p.AudioRate = 44100 },
		"320 kbit/s":       func(p *ProbeResult) { p.AudioBitRate = 320_000 },
		"bit rate unknown": func(p *ProbeResult) { p.AudioBitRate = 0 },
	} {
		p := ok
		change(&p)
		if AudioCopy(&p) {
			t.Errorf("%s: copied", name)
		}
	}
}

func TestFastPathRules(t *testing.T) {
	good := func() *ProbeResult {
		return &ProbeResult{
			FormatName: "mov,mp4,m4a,3gp,3g2,mj2", Duration: 8 * time.Second, Width: 1920, Height: 1080,
			VideoCodec: "h264", PixFmt: "yuv420p", Profile: "High", FrameRate: 30, AudioStream: 1, AudioCodec: "aac",
			Keyframes: []float64{0, 1.6, 3.2, 4.8, 6.4}, VideoBytes: 2_000_000, squarePixels: true, videoEnd: 8,
		}
	}
	if i, why := FastPath(good(), Ladder(good())); i != 0 {
		t.Fatalf("good source not copied: %s", why)
	}
	for name, change := range map[string]func(*ProbeResult){
		"hevc":            func(p *ProbeResult) { p.VideoCodec = "hevc" },
		"vp9":             func(p *ProbeResult) { p.VideoCodec = "vp9" },
		"yuv444":          func(p *ProbeResult) { p.PixFmt = "yuv444p" },
		"10-bit":          func(p *ProbeResult) { p.PixFmt = "yuv420p10le"; p.Profile = "High 10" },
		"opus audio":      func(p *ProbeResult) { p.AudioCodec = "opus" },
		"mpegts":          func(p *ProbeResult) { p.FormatName = "mpegts" },
		"rotated":         func(p *ProbeResult) { p.Rotation = 90 },
		"anamorphic":      func(p *ProbeResult) { p.squarePixels = false },
		"120 fps":         func(p *ProbeResult) { p.FrameRate = 120 },
		"odd size":        func(p *ProbeResult) { p.Width, p.Height = 1920, 1088 },
		"sparse keys":     func(p *ProbeResult) { p.Keyframes = []float64{0, 5} },
		"long tail":       func(p *ProbeResult) { p.Keyframes = []float64{0, 2}; p.videoEnd = 8 },
		"late first key":  func(p *ProbeResult) { p.Keyframes = []float64{0.5, 2, 4, 6} },
		"unknown keys":    func(p *ProbeResult) { p.Keyframes = nil },
		"high bit rate":   func(p *ProbeResult) { p.VideoBytes = 20_000_000 },
		"unknown length":  func(p *ProbeResult) { p.Duration = 0 },
		"baseline 10-bit": func(p *ProbeResult) { p.Profile = "High 4:4:4 Predictive" },
	} {
		p := good()
		change(p)
		if i, why := FastPath(p, Ladder(p)); i >= 0 {
			t.Errorf("%s: copied", name)
		} else {
			t.Logf("%s: %s", name, why)
		}
	}
	// No audio at all is fine.
	p := good()
	p.AudioStream, p.AudioCodec = -1, ""
	if i, why := FastPath(p, Ladder(p)); i != 0 {
		t.Errorf("silent source not copied: %s", why)
	}
}
