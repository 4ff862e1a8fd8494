package ffmpeg

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Rendition is one quality level as the API lists it.
type Rendition struct {
	Name             string // "720p"
	Width, Height    int
	Bandwidth        int    // peak bit/s including audio, as in the master playlist
	AverageBandwidth int    // bit/s including audio
	Codecs           string // e.g. "avc1.64001f,mp4a.40.2"
	Playlist         string // relative to the output directory, e.g. "720p/index.m3u8"
}

// MediaPlaylist is what WriteMasterPlaylist needs from a media playlist ffmpeg
// wrote: its init segment and its segments with their durations and sizes.
type MediaPlaylist struct {
	TargetDuration float64
	Init           string // file name of the EXT-X-MAP, relative to the playlist
	Segments       []Segment
}

// Segment is one media segment of a MediaPlaylist.
type Segment struct {
	URI      string
	Duration float64 // seconds, from #EXTINF
	Size     int64   // bytes on disk
}

// ReadMediaPlaylist parses the media playlist at path and stats its segments.
// Only plain file names are accepted as URIs: the playlist is our own output
// and must not point elsewhere.
func ReadMediaPlaylist(path string) (*MediaPlaylist, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir := filepath.Dir(path)
	pl := &MediaPlaylist{}
	var dur float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXT-X-TARGETDURATION:"):
			pl.TargetDuration, _ = strconv.ParseFloat(strings.TrimPrefix(line, "#EXT-X-TARGETDURATION:"), 64)
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			_, uri, _ := strings.Cut(line, `URI="`)
			uri, _, _ = strings.Cut(uri, `"`)
			if !plainName(uri) {
				return nil, fmt.Errorf("%s: unexpected init URI %q", path, uri)
			}
			pl.Init = uri
		case strings.HasPrefix(line, "#EXTINF:"):
			v, _, _ := strings.Cut(strings.TrimPrefix(line, "#EXTINF:"), ",")
			if dur, err = strconv.ParseFloat(v, 64); err != nil || dur <= 0 {
				return nil, fmt.Errorf("%s: bad %q", path, line)
			}
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			if !plainName(line) || dur <= 0 {
				return nil, fmt.Errorf("%s: unexpected segment %q", path, line)
			}
			fi, err := os.Stat(filepath.Join(dir, line))
			if err != nil {
				return nil, err
			}
			pl.Segments = append(pl.Segments, Segment{URI: line, Duration: dur, Size: fi.Size()})
			dur = 0
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(pl.Segments) == 0 || pl.Init == "" {
		return nil, fmt.Errorf("%s: no init segment or no segments", path)
	}
	return pl, nil
}

func plainName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\:?#`)
}

// PeakBitrate is the HLS peak segment bit rate (RFC 8216, 4.3.4.2 and 6.2):
// the highest bit rate of any run of consecutive segments lasting between
// 0.5 and 1.5 target durations. Judging runs rather than single segments
// keeps a 30 ms tail segment, all box overhead, from reading as megabits.
// The init segment is not counted: it is fetched once per rendition, not
// with every segment, and is under a kilobyte.
func (pl *MediaPlaylist) PeakBitrate() int {
	target := pl.TargetDuration
	if target <= 0 {
		target = SegmentSeconds
	}
	peak := 0.0
	for i := range pl.Segments {
		var bits, secs float64
		for _, s := range pl.Segments[i:] {
			bits += float64(s.Size) * 8
			secs += s.Duration
			if secs > 1.5*target {
				break
			}
			if secs >= 0.5*target {
				peak = max(peak, bits/secs)
			}
		}
	}
	if peak == 0 { // the whole thing is shorter than half a target duration
		return pl.AverageBitrate()
	}
	return int(peak + 0.5)
}

// AverageBitrate is total segment bits over total duration.
func (pl *MediaPlaylist) AverageBitrate() int {
	var bits, secs float64
	for _, s := range pl.Segments {
		bits += float64(s.Size) * 8
		secs += s.Duration
	}
	if secs == 0 {
		return 0
	}
	return int(bits/secs + 0.5)
}

// WriteMasterPlaylist writes dir/master.m3u8 after encoding, from what was
// measured on disk rather than ffmpeg's estimates (which have no
// AVERAGE-BANDWIDTH or FRAME-RATE): per rung the peak and average bit rate of
// its segments plus those of the audio rendition, its codecs as read from the
// init segments, its size and the frame rate it was encoded at. p is the
// probe of the source the rungs were encoded from. It returns the renditions
// in the order listed.
//
// Order: the first variant listed is where Safari's native player and hls.js
// (its firstLevel) start before they have measured anything. Apple's
// authoring guidance is to start around 2 Mbit/s, so the highest rung up to
// 720p comes first and the rest follow highest first.
func WriteMasterPlaylist(dir string, rungs []Rung, p *ProbeResult) ([]Rendition, error) {
	if len(rungs) == 0 {
		return nil, errors.New("ffmpeg: no rungs")
	}
	hasAudio, frameRate := p.HasAudio(), outputFrameRate(p)
	var audioPeak, audioAvg int
	var audioCodec string
	if hasAudio {
		pl, err := ReadMediaPlaylist(filepath.Join(dir, AudioName, MediaPlaylistName))
		if err != nil {
			return nil, err
		}
		audioPeak, audioAvg = pl.PeakBitrate(), pl.AverageBitrate()
		if audioCodec, err = CodecString(filepath.Join(dir, AudioName, pl.Init)); err != nil {
			return nil, err
		}
	}

	var b strings.Builder
	b.WriteString("#EXTM3U\n")
	// Version 7: fMP4 segments with EXT-X-MAP in media playlists.
	b.WriteString("#EXT-X-VERSION:7\n")
	b.WriteString("#EXT-X-INDEPENDENT-SEGMENTS\n")
	if hasAudio {
		fmt.Fprintf(&b, "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=%q,NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"%s/%s\"\n",
			AudioGroup, AudioName, MediaPlaylistName)
	}
	renditions := make([]Rendition, 0, len(rungs))
	for _, r := range startOrder(rungs) {
		playlist := r.Name + "/" + MediaPlaylistName
		pl, err := ReadMediaPlaylist(filepath.Join(dir, r.Name, MediaPlaylistName))
		if err != nil {
			return nil, err
		}
		codecs, err := CodecString(filepath.Join(dir, r.Name, pl.Init))
		if err != nil {
			return nil, err
		}
		if hasAudio {
			codecs += "," + audioCodec
		}
		rd := Rendition{
			Name: r.Name, Width: r.Width, Height: r.Height,
			Bandwidth:        pl.PeakBitrate() + audioPeak,
			AverageBandwidth: pl.AverageBitrate() + audioAvg,
			Codecs:           codecs,
			Playlist:         playlist,
		}
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=%q",
			rd.Bandwidth, rd.AverageBandwidth, rd.Width, rd.Height, rd.Codecs)
		fmt.Fprintf(&b, ",FRAME-RATE=%.3f", frameRate)
		if hasAudio {
			fmt.Fprintf(&b, ",AUDIO=%q", AudioGroup)
		}
		fmt.Fprintf(&b, "\n%s\n", playlist)
		renditions = append(renditions, rd)
	}
	tmp := filepath.Join(dir, MasterPlaylistName+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, filepath.Join(dir, MasterPlaylistName)); err != nil {
		return nil, err
	}
	return renditions, nil
}

// startOrder puts the highest rung up to 720p first, then the others highest
// first.
func startOrder(rungs []Rung) []Rung {
	rungs = slices.Clone(rungs)
	slices.SortStableFunc(rungs, func(a, b Rung) int { return b.shortSide() - a.shortSide() })
	out := make([]Rung, 0, len(rungs))
	start := len(rungs) - 1
	for i, r := range rungs {
		if r.shortSide() <= 720 {
			start = i
			break
		}
	}
	out = append(out, rungs[start])
	for i, r := range rungs {
		if i != start {
			out = append(out, r)
		}
	}
	return out
}
