package ffmpeg

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

const (
	PosterName        = "poster.jpg"
	ThumbnailsVTTName = "thumbnails.vtt"

	thumbEvery  = 4 // seconds of video per seek thumbnail
	thumbWidth  = 160
	thumbHeight = 90
	tileCols    = 10
	tileRows    = 10
)

// Thumbnails are the files MakeThumbnails wrote, relative to the output
// directory.
type Thumbnails struct {
	Poster  string   // poster.jpg
	Sprites []string // sprite.jpg, or sprite_1.jpg, sprite_2.jpg ... when more than one sheet
	VTT     string   // thumbnails.vtt
}

// ThumbnailSource picks the rendition to take thumbnails from: 480p, else the
// smallest rung of at least 360p, else the only one. A small rendition
// decodes fastest and is still sharper than a 160x90 tile or a poster needs.
func ThumbnailSource(rungs []Rung) Rung {
	best := -1
	for i, r := range rungs {
		if r.shortSide() == 480 {
			return r
		}
		if r.shortSide() >= 360 && (best < 0 || r.shortSide() < rungs[best].shortSide()) {
			best = i
		}
	}
	if best < 0 {
		best = 0
	}
	return rungs[best]
}

// posterTime is about 10% in, moved to a keyframe time (the thumbnail pass
// decodes keyframes only) that exists, minus a little so timestamp rounding
// cannot skip it.
func posterTime(d time.Duration) time.Duration {
	last := math.Max(0, math.Ceil(d.Seconds()/KeyframeSeconds)-1)
	k := math.Min(math.Round(d.Seconds()/10/KeyframeSeconds), last)
	return max(0, time.Duration(k*KeyframeSeconds*float64(time.Second))-10*time.Millisecond)
}

// ThumbnailArgs builds the second, fast ffmpeg pass over one rendition's own
// HLS output (playlist relative to the output directory, where it runs): the
// poster and the seek-preview sprite sheets sprite_1.jpg, sprite_2.jpg ...
// It is separate from the ladder command because a tile output there breaks
// -progress reporting (FIELD-NOTES), and at one decoded keyframe per 2 s it
// takes well under a second per minute of video.
func ThumbnailArgs(playlist string, duration time.Duration) []string {
	in := []string{
		// The playlist is our own output; its segments are local files.
		"-protocol_whitelist", "file",
		// Only the playlist and the fMP4 inside it (the hls demuxer passes
		// the whitelist on to the segments' demuxer).
		"-format_whitelist", "hls,mov",
		// Decode keyframes only: one every KeyframeSeconds, which is all a
		// thumbnail every 4 s and the poster need, at a fraction of the cost.
		"-skip_frame", "nokey",
		// Reading an HLS playlist is allowed here because it is ours; an
		// upload never gets this demuxer (see inputOptions).
		"-f", "hls",
		"-i", playlist,
	}
	return thumbnailArgs(in, "[0:v:0]", "", duration)
}

// SourceThumbnailArgs is ThumbnailArgs over the upload itself, for the fast
// path: the copied rung is the source, so its keyframes are the ladder's
// (every encoded rung has its keyframes forced to the same times) and the
// pass picks the same frames it would from a rendition; it can run while
// the other rungs are being encoded instead of after them. The poster is
// scaled to size (the rendition ThumbnailSource picks). input is an upload,
// opened like the ladder opens it (inputOptions, -max_alloc).
func SourceThumbnailArgs(input string, p *ProbeResult, size Rung, duration time.Duration) ([]string, error) {
	u, err := inputURL(input)
	if err != nil {
		return nil, err
	}
	in := []string{"-max_alloc", strconv.Itoa(maxAlloc)}
	in = append(in, inputOptions()...)
	in = append(in, "-skip_frame", "nokey", "-i", u)
	return thumbnailArgs(in, fmt.Sprintf("[0:%d]", p.VideoStream),
		fmt.Sprintf("scale=%d:%d:flags=%s,setsar=1", size.Width, size.Height, scaleFlags), duration), nil
}

// thumbnailArgs is the thumbnail pass reading input (options and -i) and
// taking the video stream video; posterScale, if not "", is a filter chain
// that sizes the poster.
func thumbnailArgs(input []string, video, posterScale string, duration time.Duration) []string {
	args := []string{
		"-nostdin", "-hide_banner", "-v", "error",
		// Overwrite a retried job's files.
		"-y",
	}
	args = append(args, input...)
	poster := ""
	if posterScale != "" {
		poster = ";[p]" + posterScale + "[poster]"
	}
	return append(args,
		// One frame every thumbEvery seconds — the first one, then each at
		// least thumbEvery after the previous (select, not fps: fps=1/4 emits
		// nothing for a video shorter than 4 s) — fitted into 160x90 (padded,
		// so a portrait video is not squashed), 100 to a sheet; the last
		// sheet is written part-filled. The other branch feeds the poster.
		"-filter_complex", fmt.Sprintf(
			`%ssplit=2[t][p];[t]select=isnan(prev_selected_t)+gte(t-prev_selected_t\,%d),scale=%d:%d:force_original_aspect_ratio=decrease,pad=%d:%d:(ow-iw)/2:(oh-ih)/2,tile=%dx%d[sprite]%s`,
			video, thumbEvery, thumbWidth, thumbHeight, thumbWidth, thumbHeight, tileCols, tileRows, poster),
		"-map", "[sprite]",
		// Keep the selected frames as they are: no duplicates to fill gaps.
		"-fps_mode", "vfr",
		// JPEG quality: small sheets, thumbnails are a hint.
		"-q:v", "5",
		"-f", "image2", "sprite_%d.jpg",
		"-map", posterLabel(posterScale),
		// The poster: the first keyframe at posterTime, about 10% in, at
		// the rendition's size.
		"-ss", fmt.Sprintf("%.3f", posterTime(duration).Seconds()),
		"-frames:v", "1",
		"-q:v", "3",
		PosterName,
	)
}

func posterLabel(posterScale string) string {
	if posterScale != "" {
		return "[poster]"
	}
	return "[p]"
}

// MakeThumbnails runs ThumbnailArgs on src's rendition in dir, then names the
// sprite sheets (sprite.jpg when there is one) and writes thumbnails.vtt.
func MakeThumbnails(ctx context.Context, ffmpegPath, dir string, src Rung, duration time.Duration) (*Thumbnails, error) {
	c := Command{Args: ThumbnailArgs(src.Name+"/"+MediaPlaylistName, duration), Dir: dir}
	return runThumbnails(ctx, ffmpegPath, c, duration)
}

// runThumbnails runs a thumbnail pass c (in c.Dir), then names the sprite
// sheets and writes thumbnails.vtt.
func runThumbnails(ctx context.Context, ffmpegPath string, c Command, duration time.Duration) (*Thumbnails, error) {
	dir := c.Dir
	if err := Run(ctx, ffmpegPath, c, nil); err != nil {
		return nil, err
	}
	var sheets []string
	for i := 1; ; i++ {
		name := fmt.Sprintf("sprite_%d.jpg", i)
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			break
		}
		sheets = append(sheets, name)
	}
	if len(sheets) == 0 {
		return nil, fmt.Errorf("ffmpeg: thumbnail pass wrote no sprite sheet")
	}
	if _, err := os.Stat(filepath.Join(dir, PosterName)); err != nil {
		return nil, fmt.Errorf("ffmpeg: thumbnail pass wrote no poster: %w", err)
	}
	if len(sheets) == 1 {
		if err := os.Rename(filepath.Join(dir, sheets[0]), filepath.Join(dir, "sprite.jpg")); err != nil {
			return nil, err
		}
		sheets[0] = "sprite.jpg"
	}
	vtt := thumbnailsVTT(sheets, duration)
	if err := os.WriteFile(filepath.Join(dir, ThumbnailsVTTName), []byte(vtt), 0o644); err != nil {
		return nil, err
	}
	return &Thumbnails{Poster: PosterName, Sprites: sheets, VTT: ThumbnailsVTTName}, nil
}

// thumbnailsVTT writes one cue per thumbEvery seconds pointing at its tile:
// sheet i/100, column i%10, row i/10%10 (the media fragment syntax players
// such as Video.js, Plyr and hls.js-based UIs read).
func thumbnailsVTT(sheets []string, duration time.Duration) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	perSheet := tileCols * tileRows
	n := min(int(math.Ceil(duration.Seconds()/thumbEvery)), len(sheets)*perSheet)
	for i := range n {
		start := time.Duration(i*thumbEvery) * time.Second
		end := min(start+thumbEvery*time.Second, duration)
		cell := i % perSheet
		fmt.Fprintf(&b, "\n%s --> %s\n%s#xywh=%d,%d,%d,%d\n",
			vttTime(start), vttTime(end), sheets[i/perSheet],
			cell%tileCols*thumbWidth, cell/tileCols*thumbHeight, thumbWidth, thumbHeight)
	}
	return b.String()
}

func vttTime(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
