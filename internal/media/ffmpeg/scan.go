package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// scanArgs are the second ffprobe run: every packet of the video stream, up
// to a little past the duration cap.
func scanArgs(input string, stream int, limit time.Duration) []string {
	args := []string{"-v", "error"}
	args = append(args, inputOptions()...)
	return append(args,
		// Only the video stream we will encode; its end is what matters.
		"-select_streams", strconv.Itoa(stream),
		// From the start to just past the cap: a longer file is refused
		// without reading hours of it.
		"-read_intervals", fmt.Sprintf("%%+%d", int(limit.Seconds())+1),
		// One line per packet, "pts,duration,size,flags" (seconds, bytes,
		// "K" for a keyframe); demuxing only, nothing is decoded.
		"-show_entries", "packet=pts_time,duration_time,size,flags",
		"-of", "csv=p=0",
		input,
	)
}

// scanPackets reads the whole video stream and checks that it ends where the
// header says; it fills in the duration when the header has none.
func scanPackets(ctx context.Context, ffprobePath, input string, p *ProbeResult, lim Limits) error {
	cmd := command(ctx, ffprobePath, scanArgs(input, p.VideoStream, lim.MaxDuration))
	sc := &packetScan{}
	cmd.Stdout = &lineWriter{line: sc.line}
	tail := &tailBuffer{max: stderrTail}
	cmd.Stderr = tail
	if err := runError(ctx, "ffprobe", cmd.Run(), tail); err != nil {
		var exitErr *ExitError
		if errors.As(err, &exitErr) {
			return reject(err, damaged)
		}
		return err
	}
	if sc.packets == 0 {
		return reject(errors.New("no video packets"), damaged)
	}
	p.VideoBytes = sc.bytes
	p.Keyframes = sc.keyframes()
	p.videoEnd = sc.end - sc.start
	end := time.Duration((sc.end - sc.start) * float64(time.Second))
	if end > lim.MaxDuration {
		return tooLong(lim)
	}
	if p.Duration == 0 {
		p.Duration = end
		return nil
	}
	// Compare with the video's own duration where the header has one (the
	// audio may legitimately run longer); allow a second or 2% for rounding
	// and a last frame's duration.
	want := p.videoDuration
	if want == 0 {
		want = p.Duration
	}
	if slack := max(time.Second, want/50); end < want-slack {
		return reject(fmt.Errorf("video packets end at %v, header says %v", end, want),
			"This video seems incomplete or damaged: it stops at %s of %s. Upload it again.",
			clock(end), clock(want))
	}
	return nil
}

func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// maxKeyframes bounds what the scan remembers of keyframe times: a file
// with more keyframes than this (over four hours at one every two seconds,
// or an all-intra file) is not a fast-path candidate anyway.
const maxKeyframes = 8000

// packetScan consumes "pts,duration,size,flags" lines and keeps the first
// start, the latest end, the total size and the keyframe times.
type packetScan struct {
	packets    int
	start, end float64
	bytes      int64
	keys       []float64
	tooMany    bool
}

func (s *packetScan) line(l string) {
	f := strings.Split(l, ",")
	pts, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return // N/A: no timestamp on this packet
	}
	var dur float64
	if len(f) > 1 {
		dur, _ = strconv.ParseFloat(f[1], 64)
	}
	if len(f) > 2 {
		n, _ := strconv.ParseInt(f[2], 10, 64)
		s.bytes += max(0, n)
	}
	if len(f) > 3 && strings.HasPrefix(f[3], "K") {
		if len(s.keys) < maxKeyframes {
			s.keys = append(s.keys, pts)
		} else {
			s.tooMany = true
		}
	}
	if s.packets == 0 || pts < s.start {
		s.start = pts
	}
	s.end = max(s.end, pts+dur)
	s.packets++
}

// keyframes are the keyframe times relative to the first packet, in
// presentation order; nil when there were too many to keep.
func (s *packetScan) keyframes() []float64 {
	if s.tooMany || len(s.keys) == 0 {
		return nil
	}
	out := make([]float64, 0, len(s.keys)+1)
	for _, k := range s.keys {
		out = append(out, k-s.start)
	}
	slices.Sort(out)
	return out
}
