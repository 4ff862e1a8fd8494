package ffmpeg

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"
)

// allowedDemuxers are the containers instructors' cameras, phones, screen
// recorders and editors produce. The list is passed to ffmpeg as
// -format_whitelist, so any other demuxer is refused before it runs: that is
// what stops an HLS playlist, concat list or image sequence named ".mp4"
// from making ffmpeg open other files (the hls demuxer happily opens
// file:///etc/passwd under `-protocol_whitelist file`). None of these
// demuxers opens another file by default (mov's enable_drefs is off).
// ffmpeg matches a name against each comma-separated part of a demuxer's
// name, so "mov" admits "mov,mp4,m4a,3gp,3g2,mj2" and "matroska" admits
// "matroska,webm".
var allowedDemuxers = []string{
	"mov",      // .mp4 .mov .m4v .3gp: phones, cameras, editors, QuickTime, OBS
	"matroska", // .mkv .webm: OBS, browser screen recorders (MediaRecorder)
	"avi",      // older cameras and Windows tools
	"mpegts",   // .ts .mts .m2ts: AVCHD camcorders
	"mpeg",     // .mpg .vob: MPEG-PS
	"flv",      // legacy screen-capture and streaming tools
	"asf",      // .wmv from Windows tools
}

// formatWhitelist is allowedDemuxers in the form -format_whitelist takes.
var formatWhitelist = strings.Join(allowedDemuxers, ",")

// allowedVideoCodecs are the codecs of those containers that ffmpeg decodes
// reliably; anything else (e.g. cover-art-only files, exotic codecs) gets a
// message asking for an H.264 export.
var allowedVideoCodecs = []string{
	"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mpeg2video", "mpeg1video",
	"prores", "dnxhd", "mjpeg", "wmv3", "vc1", "theora",
}

// allowedAudioCodecs; a source whose only audio is something else is refused
// rather than silently published without sound.
var allowedAudioCodecs = []string{
	"aac", "mp3", "mp2", "opus", "vorbis", "ac3", "eac3", "flac", "alac",
	"pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be", "pcm_s32le", "pcm_f32le", "pcm_u8",
	"wmav2", "wmapro",
}

// Limits are what an upload may be. The zero value means the defaults.
type Limits struct {
	MaxDuration time.Duration // default 4 hours
	MaxWidth    int           // display width in pixels, default 4096
	MaxHeight   int           // display height in pixels, default 4096
	// Memory is the address space an ffmpeg process may use, in bytes
	// (default 4 GiB); CPUPerSecond the CPU seconds a transcode may spend
	// per second of video (default 30; at least one second). Uploads are
	// untrusted: one that would cost more is refused.
	Memory       uint64
	CPUPerSecond float64
}

// cpuBudget is the CPU time a transcode of d may take.
func (l Limits) cpuBudget(d time.Duration) uint64 {
	return uint64(max(1, math.Ceil(l.CPUPerSecond*max(1, d.Seconds()))))
}

func (l Limits) withDefaults() Limits {
	if l.MaxDuration <= 0 {
		l.MaxDuration = 4 * time.Hour
	}
	if l.MaxWidth <= 0 {
		l.MaxWidth = 4096
	}
	if l.MaxHeight <= 0 {
		l.MaxHeight = 4096
	}
	if l.Memory == 0 {
		l.Memory = 4 << 30
	}
	if l.CPUPerSecond <= 0 {
		l.CPUPerSecond = 30
	}
	return l
}

// RejectError says why an upload cannot be used, in words an instructor
// understands; Reason is safe to show. Cause, if any, is for the log.
type RejectError struct {
	Reason string
	Cause  error
}

func (e *RejectError) Error() string { return e.Reason }
func (e *RejectError) Unwrap() error { return e.Cause }

func reject(cause error, format string, a ...any) *RejectError {
	return &RejectError{Reason: fmt.Sprintf(format, a...), Cause: cause}
}

// Reasons given more than once.
const (
	notAVideo = "This file is not a video we can read. Export it as an MP4 (H.264) and upload it again."
	damaged   = "This video seems incomplete or damaged. Upload it again."
)

func tooLong(lim Limits) *RejectError {
	return reject(nil, "The video is longer than %s. Split it into shorter lectures and upload them one by one.", humanDuration(lim.MaxDuration))
}

// inputURL makes file an explicit file: URL so that a name such as
// "http:x.mp4" or "-y" can never be read as a protocol or an option.
func inputURL(file string) (string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	return "file:" + abs, nil
}

// inputOptions restrict how ffmpeg and ffprobe may open an input; they go
// before every -i of an uploaded file.
func inputOptions() []string {
	return []string{
		// Only local files: no http, tcp, data:, subfile, crypto... even if a
		// demuxer asks to open something.
		"-protocol_whitelist", "file",
		// Only the demuxers of real video containers; playlists (hls),
		// concat lists, image sequences, lavfi and text are refused by name
		// before they can open anything else.
		"-format_whitelist", formatWhitelist,
	}
}

func humanDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0 && d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d == time.Hour:
		return "1 hour"
	case d%time.Minute == 0:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	default:
		return d.String()
	}
}
