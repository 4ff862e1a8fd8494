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
	"sync"
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
	limits := job.Limits.withDefaults()
	budget := limits.cpuBudget(p.Duration)
	var thumbs *Thumbnails
	if copied == "" {
		cmd, err := TranscodeCommand(job.Input, job.OutDir, p, rungs)
		if err != nil {
			return nil, err
		}
		cmd.Memory, cmd.CPUSeconds = limits.Memory, budget
		if err := Run(ctx, ffmpegPath, cmd, job.OnProgress); err != nil {
			return nil, ladderError(err)
		}
	} else if thumbs, err = fastPath(ctx, ffmpegPath, job, p, rungs, limits.Memory, budget); err != nil {
		return nil, err
	}
	renditions, err := WriteMasterPlaylist(job.OutDir, rungs, p)
	if err != nil {
		return nil, fmt.Errorf("master playlist: %w", err)
	}
	if thumbs == nil {
		if thumbs, err = MakeThumbnails(ctx, ffmpegPath, job.OutDir, ThumbnailSource(rungs), p.Duration); err != nil {
			return nil, fmt.Errorf("thumbnails: %w", err)
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

// fastPath runs the fast path's three ffmpeg processes at once, in
// job.OutDir: the encode of the other rungs (which reports progress), the
// repackaging of the copied rung with the audio rendition, and the
// thumbnail pass over the source (see FastPathCommands and
// SourceThumbnailArgs). Each has the memory limit and the video's CPU-time
// budget; the first to fail stops the others, and its error is returned.
func fastPath(ctx context.Context, ffmpegPath string, job Job, p *ProbeResult, rungs []Rung, memory, cpuSeconds uint64) (*Thumbnails, error) {
	encode, repackage, err := FastPathCommands(job.Input, job.OutDir, p, rungs)
	if err != nil {
		return nil, err
	}
	thumbArgs, err := SourceThumbnailArgs(job.Input, p, ThumbnailSource(rungs), p.Duration)
	if err != nil {
		return nil, err
	}
	thumbCmd := Command{Args: thumbArgs, Dir: job.OutDir}
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var (
		mu       sync.Mutex
		firstErr error
		thumbs   *Thumbnails
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			stop(err)
		}
	}
	run := func(c Command, onProgress func(Progress), wrap func(error) error) {
		defer wg.Done()
		c.Memory, c.CPUSeconds = memory, cpuSeconds
		if err := Run(runCtx, ffmpegPath, c, onProgress); err != nil {
			fail(wrap(err))
		}
	}
	wg.Add(2)
	if encode.Args != nil {
		wg.Add(1)
		go run(encode, job.OnProgress, ladderError)
		go run(repackage, nil, ladderError)
	} else {
		// Nothing to encode: the repackaging is what progress follows.
		go run(repackage, job.OnProgress, ladderError)
	}
	go func() {
		defer wg.Done()
		thumbCmd.Memory, thumbCmd.CPUSeconds = memory, cpuSeconds
		t, err := runThumbnails(runCtx, ffmpegPath, thumbCmd, p.Duration)
		if err != nil {
			fail(thumbnailsError(err))
			return
		}
		thumbs = t
	}()
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("transcode: %w", context.Cause(ctx))
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return thumbs, nil
}

// ladderError is what a failed encode returns: a *RejectError as it is
// (the video costs too much), anything else marked as the transcode's.
func ladderError(err error) error {
	var rej *RejectError
	if errors.As(err, &rej) {
		return rej
	}
	return fmt.Errorf("transcode: %w", err)
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
