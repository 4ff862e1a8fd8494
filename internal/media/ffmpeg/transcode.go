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

	// On the fast path the thumbnails come from the source, made while
	// the other rungs encode (see SourceThumbnailArgs); otherwise from a
	// finished rendition afterwards. Either failing stops the other.
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	type thumbsResult struct {
		t   *Thumbnails
		err error
	}
	var early chan thumbsResult
	if copied != "" {
		args, err := SourceThumbnailArgs(job.Input, p, ThumbnailSource(rungs), p.Duration)
		if err != nil {
			return nil, err
		}
		tc := Command{Args: args, Dir: job.OutDir, Memory: limits.Memory, CPUSeconds: limits.cpuBudget(p.Duration)}
		early = make(chan thumbsResult, 1)
		go func() {
			t, err := runThumbnails(runCtx, ffmpegPath, tc, p.Duration)
			if err != nil {
				stop(err)
			}
			early <- thumbsResult{t, err}
		}()
	}
	err = Run(runCtx, ffmpegPath, cmd, job.OnProgress)
	var thumbs *Thumbnails
	if early != nil {
		if err != nil {
			stop(err)
		}
		r := <-early
		if r.err != nil && ctx.Err() == nil && (err == nil || context.Cause(runCtx) == r.err) {
			// The thumbnail pass failed first (and stopped the ladder).
			return nil, thumbnailsError(r.err)
		}
		thumbs = r.t
	}
	if err != nil {
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
	if thumbs == nil {
		if thumbs, err = MakeThumbnails(ctx, ffmpegPath, job.OutDir, ThumbnailSource(rungs), p.Duration); err != nil {
			return nil, thumbnailsError(err)
		}
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

func thumbnailsError(err error) error {
	var rej *RejectError
	if errors.As(err, &rej) {
		return rej
	}
	return fmt.Errorf("thumbnails: %w", err)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
