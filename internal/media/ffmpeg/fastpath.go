package ffmpeg

import (
	"fmt"
	"slices"
	"strings"
)

// The fast path: an upload that is already what the top rung would be
// (H.264 8-bit 4:2:0 at exactly the rung's size, AAC or no sound, keyframes
// often enough to cut segments at) is not encoded again for that rung. Its
// video packets are repackaged (-c copy) into the rung's fMP4 segments, and
// the lower rungs are encoded with keyframes forced at the source's keyframe
// times, so every rung's segments still start at the same instants and the
// player can switch between them. Encoding the top rung is most of a
// ladder's cost (1080p is 57% of the pixels of a 1080/720/480/360 ladder).

// fastPathContainers are the demuxers whose H.264 the mp4 muxer takes as it
// is (length-prefixed NAL units with avcC extradata). MPEG-TS, AVI and FLV
// carry Annex B or packed B-frames and are encoded instead.
var fastPathContainers = []string{"mov", "matroska"}

// fastPathProfiles are the H.264 profiles every HLS client decodes; High 10,
// 4:2:2 and 4:4:4 profiles are not among them.
var fastPathProfiles = []string{"Constrained Baseline", "Baseline", "Main", "High"}

// maxCopiedAudio is the highest audio bit rate copied as it is; the
// rendition is encoded at audioBitrateK.
const maxCopiedAudio = 192_000

// AudioCopy says whether the upload's sound already is what the audio
// rendition would be — AAC-LC, stereo, 48 kHz, at most 192 kbit/s — so the
// fast path copies it instead of encoding it again (no second generation
// of lossy coding, and a little less CPU).
func AudioCopy(p *ProbeResult) bool {
	return p.HasAudio() && p.AudioCodec == "aac" && p.AudioProfile == "LC" && p.AudioChannels == 2 &&
		p.AudioRate == 48000 && p.AudioBitRate > 0 && p.AudioBitRate <= maxCopiedAudio
}

// FastPath says which rung of rungs (an index) can be copied from the
// source instead of encoded, or -1 and why not. p must come from Probe (it
// reads the packet scan's keyframes and size).
func FastPath(p *ProbeResult, rungs []Rung) (int, string) {
	switch {
	case len(rungs) == 0:
		return -1, "no rungs"
	case p.VideoCodec != "h264":
		return -1, "video codec " + p.VideoCodec
	case p.PixFmt != "yuv420p":
		return -1, "pixel format " + p.PixFmt
	case !slices.Contains(fastPathProfiles, p.Profile):
		return -1, "H.264 profile " + p.Profile
	case p.HasAudio() && p.AudioCodec != "aac":
		return -1, "audio codec " + p.AudioCodec
	case !slices.ContainsFunc(strings.Split(p.FormatName, ","), func(n string) bool { return slices.Contains(fastPathContainers, n) }):
		return -1, "container " + p.FormatName
	case p.Rotation != 0:
		return -1, "rotated"
	case !p.squarePixels:
		return -1, "non-square pixels"
	case p.FrameRate <= 0 || p.FrameRate > maxFrameRate:
		return -1, fmt.Sprintf("frame rate %.3f", p.FrameRate)
	}
	top := rungs[0]
	if top.Width != p.Width || top.Height != p.Height {
		return -1, fmt.Sprintf("size %dx%d is no rung's", p.Width, p.Height)
	}
	if gop, ok := maxGOP(p); !ok {
		return -1, "keyframe times unknown"
	} else if gop > SegmentSeconds+0.001 {
		return -1, fmt.Sprintf("keyframes up to %.2fs apart (at most %ds)", gop, SegmentSeconds)
	}
	// The copied rung keeps the source's bit rate: not above the rung's
	// cap, or the ladder's top would cost viewers more than it should.
	if p.Duration <= 0 {
		return -1, "duration unknown"
	}
	if rate := float64(p.VideoBytes) * 8 / p.Duration.Seconds(); rate > float64(top.MaxrateK)*1000 {
		return -1, fmt.Sprintf("bit rate %.0f kbit/s over the rung's %d", rate/1000, top.MaxrateK)
	}
	return 0, ""
}

// maxGOP is the longest time between keyframes, the first counting from
// the start and the last up to the end of the video; ok is false when the
// scan has no usable keyframe list (none, or too many to keep).
func maxGOP(p *ProbeResult) (float64, bool) {
	k := p.Keyframes
	if len(k) == 0 || k[0] > 0.001 {
		return 0, false // the video must start with a keyframe
	}
	gop := 0.0
	for i := 1; i < len(k); i++ {
		gop = max(gop, k[i]-k[i-1])
	}
	if end := p.videoEnd; end > 0 {
		gop = max(gop, end-k[len(k)-1])
	}
	return gop, true
}

// keyframeList is the -force_key_frames value that puts the encoded rungs'
// keyframes on the source's. ffmpeg rounds each time to the nearest frame
// of the encoder's time base, so the times are given as they are (shifting
// them by half a frame picks the neighbouring frame).
func keyframeList(p *ProbeResult) string {
	var b strings.Builder
	for i, k := range p.Keyframes {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%.6f", k)
	}
	return b.String()
}
