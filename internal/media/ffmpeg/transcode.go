// Package ffmpeg turns an uploaded video into what the player streams: it
// probes and validates the upload, encodes an H.264/AAC HLS ladder with fMP4
// segments in one ffmpeg process, writes the master playlist from measured
// sizes and makes the poster and seek thumbnails. It runs ffprobe and ffmpeg
// and touches only local files; storage, queueing and HTTP are the caller's.
package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Job is one video to transcode.
type Job struct {
	Input   string // the uploaded source file; left as it is
	OutDir  string // an existing, empty directory (the caller's temp dir) that receives everything
	FFmpeg  string // path of ffmpeg; "" means "ffmpeg" from PATH
	FFprobe string // path of ffprobe; "" means "ffprobe" from PATH
	Limits  Limits
	// Limiter bounds concurrent encodes; nil means DefaultLimiter.
	Limiter *Limiter
	// SlotHeld says the caller already holds a Limiter slot for this job
	// (it waited for its owner's turn before starting).
	SlotHeld bool
	// Probe, when the upload was already probed, saves doing it again.
	Probe *ProbeResult
	// FullLadder encodes every rung even when the source could be copied
	// as the top one (see FastPath).
	FullLadder bool
	// OnProgress, if set, hears about the encode about once a second, from
	// another goroutine (never two calls at once).
	OnProgress func(Progress)
}

// Result describes a finished transcode; its paths are relative to OutDir.
type Result struct {
	Duration   time.Duration
	Width      int // source, as displayed
	Height     int
	HasAudio   bool
	Renditions []Rendition // in master playlist order
	Master     string      // master.m3u8
	Thumbnails Thumbnails
	// Copied names the rung repackaged from the source (the fast path);
	// "" when every rung was encoded, and then NotCopied says why.
	Copied    string
	NotCopied string
}

// Transcode probes job.Input (unless job.Probe is set), encodes the ladder
// into job.OutDir with one ffmpeg process, writes the master playlist and
// makes the thumbnails. It waits for a Limiter slot first. A *RejectError
// means the source cannot be used; any other error may be retried.
func Transcode(ctx context.Context, job Job) (*Result, error) {
	ffmpegPath, ffprobePath := orDefault(job.FFmpeg, "ffmpeg"), orDefault(job.FFprobe, "ffprobe")
	var err error
	if !job.SlotHeld {
		lim := job.Limiter
		if lim == nil {
			lim = DefaultLimiter
		}
		release, err := lim.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}

	p := job.Probe
	if p == nil {
		if p, err = Probe(ctx, ffprobePath, job.Input, job.Limits); err != nil {
			return nil, err
		}
	}
	rungs := Ladder(p)
	copied, notCopied := "", "full ladder asked for"
	if !job.FullLadder {
		var i int
		if i, notCopied = FastPath(p, rungs); i >= 0 {
			rungs[i].Copy, copied = true, rungs[i].Name
		}
	}
	cmd, err := TranscodeCommand(job.Input, job.OutDir, p, rungs)
	if err != nil {
		return nil, err
	}
	limits := job.Limits.withDefaults()
	cmd.Memory, cmd.CPUSeconds = limits.Memory, limits.cpuBudget(p.Duration)
	if err := Run(ctx, ffmpegPath, cmd, job.OnProgress); err != nil {
		var rej *RejectError
		if errors.As(err, &rej) {
			return nil, rej
		}
		return nil, fmt.Errorf("transcode: %w", err)
	}
	renditions, err := WriteMasterPlaylist(job.OutDir, rungs, p)
	if err != nil {
		return nil, fmt.Errorf("master playlist: %w", err)
	}
	thumbs, err := MakeThumbnails(ctx, ffmpegPath, job.OutDir, ThumbnailSource(rungs), p.Duration)
	if err != nil {
		return nil, fmt.Errorf("thumbnails: %w", err)
	}
	return &Result{
		Duration:   p.Duration,
		Width:      p.Width,
		Height:     p.Height,
		HasAudio:   p.HasAudio(),
		Renditions: renditions,
		Master:     MasterPlaylistName,
		Thumbnails: *thumbs,
		Copied:     copied,
		NotCopied:  notCopied,
	}, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
