package ffmpeg

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProbeResult is what Probe learned about a source video.
type ProbeResult struct {
	FormatName  string        // ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
	Duration    time.Duration // of the whole file
	Width       int           // as displayed: after rotation and pixel aspect ratio
	Height      int           // as displayed
	Rotation    int           // 0, 90, 180 or 270 degrees, from the display matrix (ffprobe's sign)
	VideoStream int           // ffprobe stream index of the video used
	VideoCodec  string
	FrameRate   float64 // average frames per second, 0 if unknown
	AudioStream int     // ffprobe stream index of the audio used, -1 if none
	AudioCodec  string
	// The audio's profile ("LC"), channels, sample rate and bit rate (0 if
	// the header has none): whether it can be copied (see AudioCopy).
	AudioProfile  string
	AudioChannels int
	AudioRate     int
	AudioBitRate  int
	PixFmt        string // decoded pixel format of the video, e.g. "yuv420p"
	Profile       string // codec profile as ffprobe names it, e.g. "High"

	// Keyframes are the times (seconds from the first video packet) of the
	// video's keyframes, and VideoBytes the size of all its packets, as the
	// packet scan found them: what the fast path judges the source by.
	Keyframes  []float64
	VideoBytes int64

	// squarePixels: the stored frame is displayed as it is (no sample
	// aspect ratio stretching it).
	squarePixels bool
	// videoEnd is where the last video packet ends, seconds from the first.
	videoEnd float64

	// videoDuration is the video stream's own duration from the header, if
	// it has one: what the packet scan must reach (audio may run longer).
	videoDuration time.Duration
}

// HasAudio reports whether the source has a usable audio stream.
func (p *ProbeResult) HasAudio() bool { return p.AudioStream >= 0 }

// Portrait reports whether the video is taller than wide as displayed.
func (p *ProbeResult) Portrait() bool { return p.Height > p.Width }

// Probe checks that file is a complete video Lectern can transcode and
// describes it. A file that is not acceptable gives a *RejectError whose
// Reason can be shown to the instructor; any other error (ffprobe missing,
// ctx cancelled) means "try again later", not "bad file".
//
// It runs ffprobe twice. The first run reads the header (-show_format
// -show_streams) and is checked against the allow-lists, so junk is refused
// without reading it all. The second reads every packet of the video stream
// (demuxing, not decoding) up to the duration cap and takes the end of the
// last one: that proves the upload is whole (a truncated MP4 with its index in
// front still opens, but its packets stop half way) and gives the duration of
// files whose header has none (browser recordings). A full decode would also
// catch damaged bitstreams, but costs as much CPU as a third of the
// transcode, which decodes anyway and conceals such damage; demuxing a 4 h
// file takes seconds.
func Probe(ctx context.Context, ffprobePath, file string, lim Limits) (*ProbeResult, error) {
	lim = lim.withDefaults()
	input, err := inputURL(file)
	if err != nil {
		return nil, err
	}
	out, err := runProbe(ctx, ffprobePath, headerArgs(input))
	if err != nil {
		var exitErr *ExitError
		if errors.As(err, &exitErr) {
			return nil, reject(err, notAVideo)
		}
		return nil, err
	}
	var doc probeDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, reject(err, notAVideo)
	}
	p, err := doc.result(lim)
	if err != nil {
		return nil, err
	}
	if err := scanPackets(ctx, ffprobePath, input, p, lim); err != nil {
		return nil, err
	}
	return p, nil
}

// headerArgs are the first ffprobe run: the container and stream headers.
func headerArgs(input string) []string {
	args := []string{
		// Errors only: stderr is kept for the log, not parsed.
		"-v", "error",
	}
	args = append(args, inputOptions()...)
	return append(args,
		// Container: format name and duration.
		"-show_format",
		// Every stream: codec, size, rotation side data, frame rate.
		"-show_streams",
		// Machine-readable.
		"-of", "json",
		input,
	)
}

// maxProbeOutput bounds ffprobe's JSON; a file with absurd metadata is not a
// lecture.
const maxProbeOutput = 4 << 20

func runProbe(ctx context.Context, path string, args []string) ([]byte, error) {
	cmd := command(ctx, path, args)
	out := &limitedBuffer{max: maxProbeOutput}
	cmd.Stdout = out
	tail := &tailBuffer{max: stderrTail}
	cmd.Stderr = tail
	if err := runError(ctx, "ffprobe", cmd.Run(), tail); err != nil {
		return nil, err
	}
	if out.over {
		return nil, reject(nil, notAVideo)
	}
	return out.buf.Bytes(), nil
}

type limitedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.max {
		b.over = true
		return len(p), nil
	}
	return b.buf.Write(p)
}

type probeDoc struct {
	Streams []probeStream `json:"streams"`
	Format  struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
	} `json:"format"`
}

type probeStream struct {
	Index             int               `json:"index"`
	CodecType         string            `json:"codec_type"`
	CodecName         string            `json:"codec_name"`
	Width             int               `json:"width"`
	Height            int               `json:"height"`
	SampleAspectRatio string            `json:"sample_aspect_ratio"`
	AvgFrameRate      string            `json:"avg_frame_rate"`
	RFrameRate        string            `json:"r_frame_rate"`
	Duration          string            `json:"duration"`
	PixFmt            string            `json:"pix_fmt"`
	Profile           string            `json:"profile"`
	Channels          int               `json:"channels"`
	SampleRate        string            `json:"sample_rate"`
	BitRate           string            `json:"bit_rate"`
	Tags              map[string]string `json:"tags"`
	Disposition       struct {
		AttachedPic int `json:"attached_pic"`
	} `json:"disposition"`
	SideDataList []struct {
		SideDataType string  `json:"side_data_type"`
		Rotation     float64 `json:"rotation"`
	} `json:"side_data_list"`
}

func (d *probeDoc) result(lim Limits) (*ProbeResult, error) {
	// Second line of defence behind -format_whitelist: check the name.
	if !slices.ContainsFunc(strings.Split(d.Format.FormatName, ","), func(n string) bool {
		return slices.Contains(allowedDemuxers, n)
	}) {
		return nil, reject(nil, notAVideo)
	}
	p := &ProbeResult{FormatName: d.Format.FormatName, VideoStream: -1, AudioStream: -1}
	var video *probeStream
	badAudio := ""
	for i := range d.Streams {
		s := &d.Streams[i]
		switch s.CodecType {
		case "video":
			// Cover art in an audio file is a one-frame "video".
			if video == nil && s.Disposition.AttachedPic == 0 {
				video = s
			}
		case "audio":
			// The first audio stream we can decode; the ladder has one.
			if p.AudioStream >= 0 {
				break
			}
			if slices.Contains(allowedAudioCodecs, s.CodecName) {
				p.AudioStream, p.AudioCodec = s.Index, s.CodecName
				p.AudioProfile, p.AudioChannels = s.Profile, s.Channels
				p.AudioRate, _ = strconv.Atoi(s.SampleRate)
				p.AudioBitRate, _ = strconv.Atoi(s.BitRate)
			} else if badAudio == "" {
				badAudio = s.CodecName
			}
		}
	}
	if p.AudioStream < 0 && badAudio != "" {
		// Publishing it silently without sound would be worse.
		return nil, reject(nil, "The sound in this video is in a format we cannot read (%s). Export it with AAC audio and upload it again.", badAudio)
	}
	if video == nil {
		return nil, reject(nil, "This file has no video in it. Upload a video file.")
	}
	if !slices.Contains(allowedVideoCodecs, video.CodecName) {
		return nil, reject(nil, "This video is in a format we cannot read (%s). Export it as an MP4 (H.264) and upload it again.", video.CodecName)
	}
	p.VideoStream, p.VideoCodec = video.Index, video.CodecName
	p.PixFmt, p.Profile = video.PixFmt, video.Profile
	p.FrameRate = rational(video.AvgFrameRate)
	if p.FrameRate <= 0 || p.FrameRate > 1000 {
		p.FrameRate = rational(video.RFrameRate)
	}
	if p.FrameRate <= 0 || p.FrameRate > 1000 {
		p.FrameRate = 0
	}

	w, h := video.Width, video.Height
	if w <= 0 || h <= 0 {
		return nil, reject(nil, notAVideo)
	}
	// Non-square pixels (DV, some camcorders): display width differs.
	p.squarePixels = true
	if sar := rational(video.SampleAspectRatio); sar > 0 && sar != 1 {
		w = int(math.Round(float64(w) * sar))
		p.squarePixels = false
	}
	p.Rotation = rotation(video)
	if p.Rotation == 90 || p.Rotation == 270 {
		// ffmpeg applies the display matrix when decoding (autorotate), so
		// the frames the ladder scales are already upright.
		w, h = h, w
	}
	p.Width, p.Height = w, h
	if w > lim.MaxWidth || h > lim.MaxHeight {
		return nil, reject(nil, "The video is larger than %dx%d pixels. Export it at a smaller size and upload it again.", lim.MaxWidth, lim.MaxHeight)
	}
	p.Duration = seconds(d.Format.Duration)
	p.videoDuration = seconds(video.Duration)
	if p.Duration > lim.MaxDuration {
		return nil, tooLong(lim)
	}
	return p, nil
}

// rotation reads the display matrix (or, from older ffprobe, the rotate tag)
// and returns it as 0, 90, 180 or 270 degrees, in ffprobe's direction; only
// whether it is a quarter turn matters here.
func rotation(s *probeStream) int {
	deg := 0.0
	if r, err := strconv.ParseFloat(s.Tags["rotate"], 64); err == nil {
		deg = r
	}
	for _, sd := range s.SideDataList {
		if sd.SideDataType == "Display Matrix" {
			deg = sd.Rotation
		}
	}
	r := int(math.Round(deg/90)) * 90 % 360
	if r < 0 {
		r += 360
	}
	return r
}

// seconds parses ffprobe's "12.345000"; "N/A" and junk give 0.
func seconds(s string) time.Duration {
	sec, err := strconv.ParseFloat(s, 64)
	if err != nil || sec <= 0 || sec > 1e7 {
		return 0
	}
	return time.Duration(sec * float64(time.Second))
}

// rational parses "30000/1001", "16:9" or "25".
func rational(s string) float64 {
	num, den, ok := strings.Cut(s, "/")
	if !ok {
		num, den, ok = strings.Cut(s, ":")
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0
	}
	if !ok {
		return n
	}
	d, err := strconv.ParseFloat(den, 64)
	if err != nil || d == 0 {
		return 0
	}
	return n / d
}
