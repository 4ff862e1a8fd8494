package ffmpeg

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestLadder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		w, h int
		want string
	}{
		{1920, 1080, "1080p:1920x1080 720p:1280x720 480p:854x480 360p:640x360"},
		{1280, 720, "720p:1280x720 480p:854x480 360p:640x360"},
		{1000, 1000, "720p:720x720 480p:480x480 360p:360x360"},
		{1440, 1080, "1080p:1440x1080 720p:960x720 480p:640x480 360p:480x360"},
		{720, 1280, "720p:720x1280 480p:480x854 360p:360x640"}, // portrait: by width
		{360, 640, "360p:360x640"},                             // no upscale
		{641, 361, "360p:640x360"},                             // long side never past the source
		{320, 240, "240p:320x240"},                             // below 360p: source size
		{427, 239, "238p:426x238"},                             // ...made even
		{3840, 2160, "1080p:1920x1080 720p:1280x720 480p:854x480 360p:640x360"},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range Ladder(&ProbeResult{Width: tt.w, Height: tt.h}) {
			got = append(got, fmt.Sprintf("%s:%dx%d", r.Name, r.Width, r.Height))
			if r.Width > tt.w || r.Height > tt.h || r.Width%2 != 0 || r.Height%2 != 0 {
				t.Errorf("%dx%d: rung %s %dx%d is odd or above the source", tt.w, tt.h, r.Name, r.Width, r.Height)
			}
			if r.BufsizeK != 2*r.MaxrateK || r.CRF == 0 || r.Profile == "" {
				t.Errorf("%dx%d: rung %+v incomplete", tt.w, tt.h, r)
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("Ladder(%dx%d) = %s, want %s", tt.w, tt.h, g, tt.want)
		}
	}
}

func TestStartOrder(t *testing.T) {
	t.Parallel()
	var names []string
	for _, r := range startOrder(Ladder(&ProbeResult{Width: 1920, Height: 1080})) {
		names = append(names, r.Name)
	}
	if g := strings.Join(names, " "); g != "720p 1080p 480p 360p" {
		t.Errorf("order = %s", g)
	}
}

func TestPeakBitrate(t *testing.T) {
	t.Parallel()
	pl := &MediaPlaylist{TargetDuration: 4, Segments: []Segment{
		{Duration: 4, Size: 500_000},   // 1 Mbit/s
		{Duration: 4, Size: 1_000_000}, // 2 Mbit/s
		{Duration: 0.03, Size: 600},    // tail: 160 kbit/s alone, must not dominate or be judged alone
	}}
	if got := pl.PeakBitrate(); got != 2_000_000 {
		t.Errorf("peak = %d, want 2000000", got)
	}
	tiny := &MediaPlaylist{TargetDuration: 4, Segments: []Segment{{Duration: 1, Size: 1000}}}
	if got := tiny.PeakBitrate(); got != 8000 {
		t.Errorf("peak of a playlist shorter than half a target = %d, want the average 8000", got)
	}
}

func TestThumbnailsVTT(t *testing.T) {
	t.Parallel()
	vtt := thumbnailsVTT([]string{"sprite_1.jpg", "sprite_2.jpg"}, 402*time.Second)
	if !strings.HasPrefix(vtt, "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nsprite_1.jpg#xywh=0,0,160,90\n") {
		t.Errorf("first cue wrong:\n%s", vtt[:120])
	}
	for _, want := range []string{
		"00:00:44.000 --> 00:00:48.000\nsprite_1.jpg#xywh=160,90,160,90\n", // 11th: row 1, col 1
		"00:06:36.000 --> 00:06:40.000\nsprite_1.jpg#xywh=1440,810,160,90\n",
		"00:06:40.000 --> 00:06:42.000\nsprite_2.jpg#xywh=0,0,160,90\n", // 101st, last: ends at the duration
	} {
		if !strings.Contains(vtt, want) {
			t.Errorf("VTT lacks %q", want)
		}
	}
	if n := strings.Count(vtt, "-->"); n != 101 {
		t.Errorf("%d cues, want 101", n)
	}
}

func TestPosterTime(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ d, want time.Duration }{
		{1 * time.Second, 0},
		{6 * time.Second, 0},
		{20 * time.Second, 2*time.Second - 10*time.Millisecond},
		{600 * time.Second, 60*time.Second - 10*time.Millisecond},
	} {
		if got := posterTime(tt.d); got != tt.want {
			t.Errorf("posterTime(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
}
