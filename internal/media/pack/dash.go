package pack

import (
	"encoding/xml"
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
)

// timescale of the manifest's segment timelines: microseconds, the
// precision of ffmpeg's EXTINF values.
const timescale = 1_000_000

// MPD writes a static DASH manifest (ISO/IEC 23009-1, live profile with
// SegmentTemplate and SegmentTimeline) over the segments of s, to be stored
// at the root beside master.m3u8: every URL in it is relative, so it is
// served under the same signed path as the HLS playlists. With a key, the
// adaptation sets announce Common Encryption (cbcs) and ClearKey.
func MPD(s *Set, kid *[16]byte) ([]byte, error) {
	var b strings.Builder
	dur := 0.0
	for _, t := range s.Tracks() {
		dur = max(dur, t.Duration())
	}
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013" type="static" profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT4S" mediaPresentationDuration="%s">`+"\n", isoDuration(dur))
	fmt.Fprintf(&b, `  <Period id="0" start="PT0S">`+"\n")
	maxW, maxH := 0, 0
	for _, t := range s.Video {
		maxW, maxH = max(maxW, t.Width), max(maxH, t.Height)
	}
	fmt.Fprintf(&b, `    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="%d" maxHeight="%d">`+"\n", maxW, maxH)
	protection(&b, kid)
	for _, t := range s.Video {
		fr := ""
		if f, err := strconv.ParseFloat(t.FrameRate, 64); err == nil && f > 0 {
			fr = fmt.Sprintf(` frameRate="%s"`, frameRate(f))
		}
		fmt.Fprintf(&b, `      <Representation id=%q bandwidth="%d" codecs=%q width="%d" height="%d"%s sar="1:1">`+"\n",
			t.Name, t.Bandwidth, t.Codecs, t.Width, t.Height, fr)
		if err := template(&b, t); err != nil {
			return nil, err
		}
		b.WriteString("      </Representation>\n")
	}
	b.WriteString("    </AdaptationSet>\n")
	if a := s.Audio; a != nil {
		b.WriteString(`    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1" lang="und">` + "\n")
		protection(&b, kid)
		fmt.Fprintf(&b, `      <Representation id=%q bandwidth="%d" codecs=%q audioSamplingRate="48000">`+"\n", a.Name, a.Bandwidth, a.Codecs)
		b.WriteString(`        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>` + "\n")
		if err := template(&b, a); err != nil {
			return nil, err
		}
		b.WriteString("      </Representation>\n    </AdaptationSet>\n")
	}
	b.WriteString("  </Period>\n</MPD>\n")
	return []byte(b.String()), nil
}

// ClearKeySystemID is the DASH-IF ClearKey system (urn:uuid form).
const ClearKeySystemID = "e2719d58-a985-b3c9-781a-b030af78d30e"

func protection(b *strings.Builder, kid *[16]byte) {
	if kid == nil {
		return
	}
	fmt.Fprintf(b, `      <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cbcs" cenc:default_KID="%s"/>`+"\n", UUID(*kid))
	fmt.Fprintf(b, `      <ContentProtection schemeIdUri="urn:uuid:%s" value="ClearKey1.0"/>`+"\n", ClearKeySystemID)
}

// UUID writes 16 bytes as 8-4-4-4-12 hex.
func UUID(k [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", k[0:4], k[4:6], k[6:8], k[8:10], k[10:16])
}

// template writes the SegmentTemplate of t: its segments must be numbered
// consecutively with a fixed width, as ffmpeg names them (seg_00000.m4s).
func template(b *strings.Builder, t *Track) error {
	dir := path.Dir(t.Playlist)
	prefix, width, first := "", 0, 0
	for i, s := range t.Segments {
		name := strings.TrimPrefix(s.URI, dir+"/")
		base := strings.TrimSuffix(name, ".m4s")
		j := len(base)
		for j > 0 && base[j-1] >= '0' && base[j-1] <= '9' {
			j--
		}
		n, err := strconv.Atoi(base[j:])
		if err != nil || base == name || strings.Contains(name, "$") {
			return fmt.Errorf("pack: segment %q is not numbered", s.URI)
		}
		if i == 0 {
			prefix, width, first = base[:j], len(base)-j, n
		} else if base[:j] != prefix || len(base)-j != width || n != first+i {
			return fmt.Errorf("pack: segment %q breaks the numbering of %s", s.URI, t.Playlist)
		}
	}
	fmt.Fprintf(b, `        <SegmentTemplate timescale="%d" initialization=%q media="%s/%s$Number%%0%dd$.m4s" startNumber="%d">`+"\n",
		timescale, t.Init, dir, prefix, width, first)
	b.WriteString("          <SegmentTimeline>\n")
	// Times are rounded from the running sum, so rounding never drifts.
	var at float64
	var prev int64
	ds := make([]int64, 0, len(t.Segments))
	for _, s := range t.Segments {
		at += s.Duration
		end := int64(math.Round(at * timescale))
		ds = append(ds, end-prev)
		prev = end
	}
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && ds[j] == ds[i] {
			j++
		}
		b.WriteString("            <S")
		if i == 0 {
			b.WriteString(` t="0"`)
		}
		fmt.Fprintf(b, ` d="%d"`, ds[i])
		if j-i > 1 {
			fmt.Fprintf(b, ` r="%d"`, j-i-1)
		}
		b.WriteString("/>\n")
		i = j
	}
	b.WriteString("          </SegmentTimeline>\n        </SegmentTemplate>\n")
	return nil
}

// isoDuration writes seconds as an xs:duration, e.g. PT12.345S.
func isoDuration(sec float64) string {
	return "PT" + strconv.FormatFloat(math.Round(sec*1000)/1000, 'f', -1, 64) + "S"
}

// frameRate writes a frame rate as DASH wants it: an integer or a ratio.
func frameRate(f float64) string {
	if math.Abs(f-math.Round(f)) < 0.001 {
		return strconv.Itoa(int(math.Round(f)))
	}
	for _, base := range []float64{1001} {
		n := f * base / 1000
		if math.Abs(n-math.Round(n)) < 0.01 {
			return fmt.Sprintf("%d/%d", int(math.Round(f*base)), int(base))
		}
	}
	return fmt.Sprintf("%d/1000", int(math.Round(f*1000)))
}
