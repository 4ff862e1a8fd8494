package ffmpeg

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Output layout, relative to the output directory:
//
//	master.m3u8                 written by WriteMasterPlaylist
//	720p/index.m3u8             one directory per rung, named after it
//	720p/init_720p.mp4          fMP4 init segment (see initFilename)
//	720p/seg_00000.m4s ...      media segments
//	audio/index.m3u8, audio/init_audio.mp4, audio/seg_*.m4s
//	poster.jpg, sprite.jpg (or sprite_1.jpg, sprite_2.jpg ...), thumbnails.vtt
const (
	MasterPlaylistName = "master.m3u8"
	MediaPlaylistName  = "index.m3u8"
	AudioName          = "audio" // the audio rendition's name and directory
	AudioGroup         = "aud"   // its GROUP-ID in the master playlist
)

const (
	// SegmentSeconds is the HLS target duration: 4 s, as the design asks.
	// Shorter than Apple's old 10 s default so a quality switch or a seek
	// fetches less, long enough that per-segment overhead (a moof per
	// fragment, one request each) stays small; segments hold two GOPs.
	SegmentSeconds = 4
	// KeyframeSeconds is the GOP: every 2 s, at the same times in every
	// rung, so every segment boundary (a multiple of 4 s) starts with an
	// IDR frame in all renditions and the player can switch between them.
	KeyframeSeconds = 2
	// maxFrameRate caps the output: 120/240 fps phone footage of a lecture
	// would only cost bandwidth.
	maxFrameRate = 60
	// audioBitrateK for the single AAC-LC stereo rendition: transparent for
	// speech and music at 48 kHz.
	audioBitrateK = 128
)

// scaleFlags is the scaler of every rung. Area averaging is what a
// downscale wants (each output pixel the mean of the input pixels it
// covers: no aliasing, no ringing around slide text) and costs about half
// of swscale's default bicubic; the ladder only ever scales down (see
// Ladder), so its weakness at upscaling does not arise.
const scaleFlags = "area"

// maxAlloc bounds one allocation of ffmpeg's (av_malloc): 64 MiB holds a
// plane of the largest frame accepted (4096x4096 at 16 bits is 32 MiB), not
// one of a 16384x16384 frame.
const maxAlloc = 64 << 20

// outputFrameRate is the frame rate the ladder is encoded at.
func outputFrameRate(p *ProbeResult) float64 {
	switch {
	case p.FrameRate <= 0:
		return 30 // unknown: only used to size the GOP and FRAME-RATE
	case p.FrameRate > maxFrameRate:
		return maxFrameRate
	default:
		return p.FrameRate
	}
}

// initFilename is the -hls_fmp4_init_filename value. ffmpeg 5.1 writes init
// segments next to each variant's playlist and, with several variants, either
// replaces %v by the variant's name or, without %v, appends "_<index>"
// (init_0.mp4, init_1.mp4 ...: an index that depends on ladder order). So
// "init_%v.mp4" gives 720p/init_720p.mp4, named and predictable. With a single
// variant ffmpeg does no substitution at all and would write a file literally
// called "init_%v.mp4", so the name is spelled out then.
func initFilename(variants []string) string {
	if len(variants) == 1 {
		return "init_" + variants[0] + ".mp4"
	}
	return "init_%v.mp4"
}

// TranscodeCommand is TranscodeArgs ready for Run: it runs in outDir and
// reports progress against the source duration.
func TranscodeCommand(input, outDir string, p *ProbeResult, rungs []Rung) (Command, error) {
	args, err := TranscodeArgs(input, p, rungs)
	if err != nil {
		return Command{}, err
	}
	return Command{Args: args, Dir: outDir, Duration: p.Duration}, nil
}

// FastPathCommands split a ladder with a copied rung (see FastPath) into
// two ffmpeg processes that run at the same time in outDir: encode decodes
// the source and encodes the other rungs (it reports progress), repackage
// copies the rung's packets and encodes the audio rendition. With the top
// rung copied the encoders no longer keep both cores busy, and the audio
// encoder and the copied rung's muxer, which ffmpeg runs on the same thread
// that feeds the video encoders, would otherwise hold them up. encode has
// no arguments when every rung is copied.
func FastPathCommands(input, outDir string, p *ProbeResult, rungs []Rung) (encode, repackage Command, err error) {
	var enc, cp []Rung
	for _, r := range rungs {
		if r.Copy {
			cp = append(cp, r)
		} else {
			enc = append(enc, r)
		}
	}
	if len(cp) == 0 {
		return Command{}, Command{}, fmt.Errorf("ffmpeg: no rung to copy")
	}
	if len(enc) > 0 {
		args, err := ladderArgs(input, p, enc, false, true, false)
		if err != nil {
			return Command{}, Command{}, err
		}
		encode = Command{Args: args, Dir: outDir, Duration: p.Duration}
	}
	args, err := ladderArgs(input, p, cp, p.HasAudio(), true, AudioCopy(p))
	if err != nil {
		return Command{}, Command{}, err
	}
	return encode, Command{Args: args, Dir: outDir, Duration: p.Duration}, nil
}

// TranscodeArgs builds the one ffmpeg command that decodes input once and
// encodes every rung of the ladder plus the audio rendition as HLS with fMP4
// segments. Output paths are relative: run it in the output directory.
func TranscodeArgs(input string, p *ProbeResult, rungs []Rung) ([]string, error) {
	return ladderArgs(input, p, rungs, p.HasAudio(), slices.ContainsFunc(rungs, func(r Rung) bool { return r.Copy }), false)
}

// ladderArgs is TranscodeArgs for some of the rungs, with the audio
// rendition or without it; sourceKeys puts the encoded rungs' keyframes on
// the source's (a rung is copied, here or in another process); copyAudio
// copies the source's sound as the audio rendition (see AudioCopy).
func ladderArgs(input string, p *ProbeResult, rungs []Rung, withAudio, sourceKeys, copyAudio bool) ([]string, error) {
	if len(rungs) == 0 {
		return nil, fmt.Errorf("ffmpeg: no rungs to encode")
	}
	in, err := inputURL(input)
	if err != nil {
		return nil, err
	}
	fps := outputFrameRate(p)
	gop := strconv.Itoa(int(math.Ceil(fps * KeyframeSeconds)))

	args := []string{
		// A worker has no terminal; never wait on stdin.
		"-nostdin",
		// Only errors on stderr: Run keeps its tail for the failure message.
		"-hide_banner", "-v", "error",
		// Machine-readable progress blocks on stdout for Run, and no
		// human-readable status line on stderr.
		"-progress", "pipe:1", "-nostats",
		// Overwrite: a retried job reuses its output directory.
		"-y",
		// No single allocation over maxAlloc: a stream that switches to a
		// huge frame size mid-way fails to allocate that frame instead of
		// taking gigabytes (the rlimit bounds the total; see Run).
		"-max_alloc", strconv.Itoa(maxAlloc),
	}
	// Only local files and only real video containers (see inputOptions).
	args = append(args, inputOptions()...)
	args = append(args, "-i", in)

	// Decode once, optionally cap the frame rate, then scale down rung by
	// rung: each encoded rung is scaled from the one above it (1080p →
	// 720p → 480p → 360p) rather than every one from the source, so only
	// the first scaler reads full-size frames. setsar=1 makes anamorphic
	// sources square-pixel, which RESOLUTION in the master playlist assumes.
	// The decoder applies the display matrix first (autorotate), so sizes
	// are as displayed. A copied rung (the fast path) takes the source's
	// packets and needs no filter. See scaleFlags for the scaler.
	var encoded []int
	for i, r := range rungs {
		if !r.Copy {
			encoded = append(encoded, i)
		}
	}
	if len(encoded) > 0 {
		var g strings.Builder
		fmt.Fprintf(&g, "[0:%d]", p.VideoStream)
		if p.FrameRate > maxFrameRate {
			fmt.Fprintf(&g, "fps=%d,", maxFrameRate)
		}
		for k, i := range encoded {
			r := rungs[i]
			if k > 0 {
				fmt.Fprintf(&g, ";[c%d]", encoded[k-1])
			}
			fmt.Fprintf(&g, "scale=%d:%d:flags=%s,setsar=1", r.Width, r.Height, scaleFlags)
			if k < len(encoded)-1 {
				fmt.Fprintf(&g, ",split=2[v%d][c%d]", i, i)
			} else {
				fmt.Fprintf(&g, "[v%d]", i)
			}
		}
		args = append(args, "-filter_complex", g.String())
	}
	for i, r := range rungs {
		// Output video stream i is rung i.
		if r.Copy {
			args = append(args, "-map", fmt.Sprintf("0:%d", p.VideoStream))
		} else {
			args = append(args, "-map", fmt.Sprintf("[v%d]", i))
		}
	}
	if withAudio {
		// One audio stream, shared by every rung as its own rendition.
		args = append(args, "-map", fmt.Sprintf("0:%d", p.AudioStream))
	}
	args = append(args,
		// Drop the source's metadata and chapters: phone videos carry GPS
		// location and device names that students need not see.
		"-map_metadata", "-1", "-map_chapters", "-1",
	)
	// Keyframes every KeyframeSeconds by timestamp, identical in every
	// rung because they see the same frames: segments cut at the same
	// times and the player can switch rungs at any segment. Beside a copied
	// rung they go where the source has its keyframes instead, so the
	// encoded rungs' segments start where the copied rung's do.
	forceKeys := fmt.Sprintf("expr:gte(t,n_forced*%d)", KeyframeSeconds)
	if sourceKeys {
		forceKeys = keyframeList(p)
		// x264 must not add keyframes of its own between the source's,
		// which are at most a segment apart.
		gop = strconv.Itoa(int(math.Ceil(fps*SegmentSeconds)) + 1)
	}
	for i, r := range rungs {
		v := fmt.Sprintf(":v:%d", i)
		if r.Copy {
			args = append(args, "-c"+v, "copy")
			continue
		}
		args = append(args,
			// H.264 plays everywhere hls.js and Safari do.
			"-c"+v, "libx264",
			// veryfast: about twice the speed of the default "medium" for
			// some 10-15% more bits at equal quality; on 2 cores speed wins.
			"-preset"+v, "veryfast",
			// 8-bit 4:2:0 is what every hardware decoder takes (10-bit and
			// 4:2:2 sources are converted).
			"-pix_fmt"+v, "yuv420p",
			"-force_key_frames"+v, forceKeys,
			// No extra keyframes on scene cuts: they would not be in the
			// other rungs' GOP structure and cost bits for nothing here.
			"-sc_threshold"+v, "0",
			// x264's own GOP limit matches the forced interval, so it never
			// adds one of its own in between (and if it did, on frame count,
			// it would do so in every rung alike).
			"-g"+v, gop, "-keyint_min"+v, gop,
			// Quality-targeted encode...
			"-crf"+v, strconv.Itoa(r.CRF),
			// ...capped so a segment never needs much more than the rung's
			// bandwidth; a buffer of two seconds at maxrate.
			"-maxrate"+v, fmt.Sprintf("%dk", r.MaxrateK),
			"-bufsize"+v, fmt.Sprintf("%dk", r.BufsizeK),
			// Profile per rung (high for HD, main below); the level is left
			// to x264 and read back from the init segment for CODECS.
			"-profile"+v, r.Profile,
		)
	}
	variants := make([]string, 0, len(rungs)+1)
	var vsm []string
	for i, r := range rungs {
		variants = append(variants, r.Name)
		entry := fmt.Sprintf("v:%d,name:%s", i, r.Name)
		if withAudio {
			entry += ",agroup:" + AudioGroup
		}
		vsm = append(vsm, entry)
	}
	if withAudio {
		if copyAudio {
			// Already the rendition's format.
			args = append(args, "-c:a", "copy")
		} else {
			args = append(args,
				// AAC-LC: the one audio codec every HLS client decodes.
				"-c:a", "aac",
				"-b:a", fmt.Sprintf("%dk", audioBitrateK),
				// Stereo at 48 kHz whatever the source (mono is duplicated,
				// 5.1 downmixed): one predictable CODECS/CHANNELS value.
				"-ac", "2", "-ar", "48000",
			)
		}
		variants = append(variants, AudioName)
		// Audio is its own rendition in the rungs' group; default:yes makes
		// it the group's default, and being in a group keeps ffmpeg from
		// treating it as an audio-only variant a player could pick.
		vsm = append(vsm, fmt.Sprintf("a:0,name:%s,agroup:%s,default:yes", AudioName, AudioGroup))
	}
	args = append(args,
		"-f", "hls",
		"-hls_time", strconv.Itoa(SegmentSeconds),
		// Complete playlists with EXT-X-ENDLIST, every segment kept.
		"-hls_playlist_type", "vod",
		// Every segment starts with a keyframe; says so to the player
		// (EXT-X-INDEPENDENT-SEGMENTS) so it can start at any one.
		"-hls_flags", "independent_segments",
		// CMAF-style fMP4 segments rather than MPEG-TS: smaller, and what
		// MSE (hls.js) consumes without transmuxing.
		"-hls_segment_type", "fmp4",
		"-hls_fmp4_init_filename", initFilename(variants),
		// Segments in each variant's directory, numbered from 0.
		"-hls_segment_filename", "%v/seg_%05d.m4s",
		// Which output streams make up each variant, and their names
		// (which replace %v in the paths).
		"-var_stream_map", strings.Join(vsm, " "),
		// Media playlists; the master is written by WriteMasterPlaylist
		// from measured sizes, so ffmpeg's (-master_pl_name) is not asked for.
		"%v/"+MediaPlaylistName,
	)
	return args, nil
}
