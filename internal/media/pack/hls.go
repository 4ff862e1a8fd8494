// Package pack packages a transcoded ladder for delivery without encoding
// it again: it reads the HLS playlists the ffmpeg package wrote, writes a
// DASH manifest over the same CMAF (fMP4) segments, and encrypts the
// segments with Common Encryption (cbcs) so that HLS and DASH players both
// play one set of encrypted files with a key Lectern hands out.
package pack

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// Reader reads a file of a video's output by its path relative to the
// output's root ("master.m3u8", "720p/index.m3u8").
type Reader func(name string) ([]byte, error)

// Names of the files this package reads and writes, relative to the root.
const (
	Master   = "master.m3u8"
	Manifest = "manifest.mpd"
)

// Set is a video's HLS output as read from its playlists.
type Set struct {
	Video []*Track // the video renditions, in master playlist order
	Audio *Track   // nil without sound
}

// Track is one rendition: its media playlist and segments.
type Track struct {
	Name      string // directory, e.g. "720p" or "audio"
	Playlist  string // e.g. "720p/index.m3u8"
	Init      string // e.g. "720p/init_720p.mp4"
	Segments  []Segment
	Codecs    string // RFC 6381, this track's own codec only
	Bandwidth int    // bit/s of this track alone (peak)
	Width     int
	Height    int
	FrameRate string // e.g. "30.000"
	// Encrypted is true when the media playlist already names a key.
	Encrypted bool
}

// Segment is one media segment of a Track.
type Segment struct {
	URI      string // relative to the root, e.g. "720p/seg_00000.m4s"
	Duration float64
}

// Duration is the length of the track in seconds.
func (t *Track) Duration() float64 {
	var d float64
	for _, s := range t.Segments {
		d += s.Duration
	}
	return d
}

// Files lists the init segment and the media segments of the track.
func (t *Track) Files() []string {
	out := make([]string, 0, len(t.Segments)+1)
	out = append(out, t.Init)
	for _, s := range t.Segments {
		out = append(out, s.URI)
	}
	return out
}

// Tracks lists the video tracks, then the audio track if any.
func (s *Set) Tracks() []*Track {
	out := append([]*Track(nil), s.Video...)
	if s.Audio != nil {
		out = append(out, s.Audio)
	}
	return out
}

// audioBandwidth is what the audio rendition counts for in a variant's
// BANDWIDTH: the encoder's target rate (128 kbit/s AAC) with container
// overhead.
const audioBandwidth = 136_000

// ReadHLS reads the master playlist and every media playlist it names.
// Only plain relative names are accepted: the playlists are our own output.
func ReadHLS(read Reader) (*Set, error) {
	b, err := read(Master)
	if err != nil {
		return nil, err
	}
	s := &Set{}
	var pending map[string]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXT-X-MEDIA:"):
			a := attributes(strings.TrimPrefix(line, "#EXT-X-MEDIA:"))
			if a["TYPE"] != "AUDIO" || a["URI"] == "" {
				continue
			}
			if s.Audio != nil {
				return nil, errors.New("pack: more than one audio rendition")
			}
			s.Audio = &Track{Playlist: a["URI"]}
		case strings.HasPrefix(line, "#EXT-X-STREAM-INF:"):
			pending = attributes(strings.TrimPrefix(line, "#EXT-X-STREAM-INF:"))
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			if pending == nil {
				return nil, fmt.Errorf("pack: variant %q without EXT-X-STREAM-INF", line)
			}
			t := &Track{Playlist: line, FrameRate: pending["FRAME-RATE"]}
			t.Bandwidth, _ = strconv.Atoi(pending["BANDWIDTH"])
			if w, h, ok := strings.Cut(pending["RESOLUTION"], "x"); ok {
				t.Width, _ = strconv.Atoi(w)
				t.Height, _ = strconv.Atoi(h)
			}
			for _, c := range strings.Split(pending["CODECS"], ",") {
				c = strings.TrimSpace(c)
				if strings.HasPrefix(c, "mp4a") {
					if s.Audio != nil {
						s.Audio.Codecs = c
					}
				} else if c != "" {
					t.Codecs = c
				}
			}
			if pending["AUDIO"] != "" {
				t.Bandwidth = max(t.Bandwidth-audioBandwidth, t.Bandwidth/2)
			}
			s.Video = append(s.Video, t)
			pending = nil
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(s.Video) == 0 {
		return nil, errors.New("pack: master playlist lists no variants")
	}
	if s.Audio != nil {
		s.Audio.Bandwidth = audioBandwidth
		if s.Audio.Codecs == "" {
			s.Audio.Codecs = "mp4a.40.2"
		}
	}
	for _, t := range s.Tracks() {
		if err := readMedia(read, t); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// readMedia fills t from its media playlist.
func readMedia(read Reader, t *Track) error {
	if !relative(t.Playlist) {
		return fmt.Errorf("pack: unexpected playlist %q", t.Playlist)
	}
	dir := path.Dir(t.Playlist)
	t.Name = dir
	b, err := read(t.Playlist)
	if err != nil {
		return err
	}
	var dur float64
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			uri := attributes(strings.TrimPrefix(line, "#EXT-X-MAP:"))["URI"]
			if !plain(uri) {
				return fmt.Errorf("pack: %s: unexpected init %q", t.Playlist, uri)
			}
			t.Init = path.Join(dir, uri)
		case strings.HasPrefix(line, "#EXT-X-KEY:"):
			t.Encrypted = attributes(strings.TrimPrefix(line, "#EXT-X-KEY:"))["METHOD"] != "NONE"
		case strings.HasPrefix(line, "#EXTINF:"):
			v, _, _ := strings.Cut(strings.TrimPrefix(line, "#EXTINF:"), ",")
			if dur, err = strconv.ParseFloat(v, 64); err != nil || dur <= 0 {
				return fmt.Errorf("pack: %s: bad %q", t.Playlist, line)
			}
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			if !plain(line) || dur <= 0 {
				return fmt.Errorf("pack: %s: unexpected segment %q", t.Playlist, line)
			}
			t.Segments = append(t.Segments, Segment{URI: path.Join(dir, line), Duration: dur})
			dur = 0
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if t.Init == "" || len(t.Segments) == 0 {
		return fmt.Errorf("pack: %s: no init segment or no segments", t.Playlist)
	}
	return nil
}

// attributes parses an HLS attribute list: KEY=value,KEY="quoted, value".
func attributes(s string) map[string]string {
	out := map[string]string{}
	for s != "" {
		k, rest, ok := strings.Cut(s, "=")
		if !ok {
			break
		}
		var v string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				break
			}
			v, rest = rest[1:1+end], rest[2+end:]
			rest = strings.TrimPrefix(rest, ",")
		} else {
			v, rest, _ = strings.Cut(rest, ",")
		}
		out[strings.TrimSpace(k)] = v
		s = rest
	}
	return out
}

func plain(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\:?#"`)
}

// relative accepts "dir/name" with plain parts.
func relative(s string) bool {
	for _, p := range strings.Split(s, "/") {
		if !plain(p) {
			return false
		}
	}
	return true
}
