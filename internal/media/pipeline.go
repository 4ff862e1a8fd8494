// Package media runs Lectern's video pipeline around the ffmpeg package:
// finished uploads become queued jobs, workers transcode them and publish
// the result to storage in one step, instructors hear about progress, and
// viewers get signed playback URLs.
package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"gocloud.dev/blob"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/events"
	"github.com/lectern/lectern/internal/jobs"
	"github.com/lectern/lectern/internal/media/ffmpeg"
	"github.com/lectern/lectern/internal/metrics"
	"github.com/lectern/lectern/internal/storage"
	"github.com/lectern/lectern/internal/store"
)

// heartbeatEvery is how often a running transcode proves it is alive.
const heartbeatEvery = time.Second

// Pipeline holds what the upload hooks, the transcode worker and the
// sweeper share.
type PipelineDeps struct {
	DB      *store.DB
	Access  *access.Policy
	Files   *storage.Storage
	Log     *slog.Logger
	Events  *Broker
	FFmpeg  string
	FFprobe string
	Limits  ffmpeg.Limits
	Limiter *ffmpeg.Limiter
	WorkDir string // scratch space for transcodes (under the data dir)
	// StuckAfter: a transcode without a heartbeat for this long is taken
	// for dead (its worker killed) and its video handed to a new job.
	StuckAfter time.Duration
	// Jobs inserts transcode jobs.
	Jobs *jobs.Client
	// Bus carries progress to the node holding the owner's event stream.
	Bus *events.Bus
	// Metrics counts transcodes; may be nil.
	Metrics *metrics.M
	// Sealers seal video keys: the first seals, any opens (keys made
	// with a previous master secret).
	Sealers []Sealer
}

// Pipeline turns uploads into ready videos and answers for them: who may
// watch, where a ready video's files are.
type Pipeline struct {
	PipelineDeps

	// prefixes maps a ready video to where its files are, briefly, so that
	// segment requests do not each cost a database query.
	prefixes *expirable.LRU[int64, string]
}

// NewPipeline makes the pipeline from all of its dependencies.
func NewPipeline(d PipelineDeps) *Pipeline {
	if d.Access == nil {
		d.Access = access.New(d.DB, nil)
	}
	return &Pipeline{PipelineDeps: d, prefixes: expirable.NewLRU[int64, string](10000, nil, 30*time.Second)}
}

// TranscodeArgs is the job of processing one video. Generation guards
// against a job that was given up for dead coming back later.
type TranscodeArgs struct {
	VideoID    int64 `json:"video_id"`
	Generation int   `json:"generation"`
}

// Kind names the job in the queue.
func (TranscodeArgs) Kind() string { return "transcode" }

// InsertOpts keeps at most one live job per video and generation.
func (TranscodeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 4, Queue: jobs.TranscodeQueue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Tools reports whether ffmpeg and ffprobe can be run, and why not.
func (p *Pipeline) Tools() (version string, err error) {
	for _, tool := range []string{p.FFmpeg, p.FFprobe} {
		if _, err := exec.LookPath(tool); err != nil {
			return "", fmt.Errorf("%s not found: install ffmpeg (apt-get install ffmpeg) or set LECTERN_FFMPEG/LECTERN_FFPROBE", tool)
		}
	}
	out, err := exec.Command(p.FFmpeg, "-version").Output()
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(first), nil
}

// Enqueue queues the transcode of v inside tx.
func (p *Pipeline) Enqueue(ctx context.Context, tx *store.Tx, v *store.Video) error {
	if p.Jobs == nil {
		return errors.New("media: no job queue")
	}
	// An owner's first queued video goes first in line, the second second
	// and so on (River's priorities 1–4), so a newcomer's upload is not
	// behind someone else's whole backlog; the limiter then takes turns
	// between the owners of the jobs a node has fetched.
	ahead, err := tx.QueuedVideosOf(ctx, v.OwnerID, v.ID)
	if err != nil {
		return err
	}
	_, err = p.Jobs.InsertTx(ctx, tx.SQL(), TranscodeArgs{VideoID: v.ID, Generation: v.Generation}, &river.InsertOpts{Priority: 1 + min(ahead, 3)})
	return err
}

// TranscodeWorker works transcode jobs.
type TranscodeWorker struct {
	river.WorkerDefaults[TranscodeArgs]
	P *Pipeline
}

// Timeout: none from River; a transcode runs as long as it heartbeats, and
// the sweeper replaces one that stops.
func (w *TranscodeWorker) Timeout(*river.Job[TranscodeArgs]) time.Duration { return -1 }

// Work processes one video: probe, encode, upload, publish.
func (w *TranscodeWorker) Work(ctx context.Context, job *river.Job[TranscodeArgs]) error {
	p, a := w.P, job.Args
	log := p.Log.With("video", a.VideoID, "generation", a.Generation, "attempt", job.Attempt)
	if _, err := p.Tools(); err != nil {
		// Nothing is lost: the job waits until ffmpeg is installed.
		log.Warn("cannot transcode yet", "err", err)
		return river.JobSnooze(time.Minute)
	}
	v, err := p.DB.VideoByID(ctx, a.VideoID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		return err
	}
	if v.Generation != a.Generation || v.Status == store.VideoReady {
		log.Info("transcode job superseded; nothing to do")
		return nil
	}
	// Wait for this instructor's turn (the limiter shares transcode slots
	// fairly between owners) while the video still shows as queued.
	release, err := p.Limiter.AcquireFor(ctx, v.OwnerID)
	if err != nil {
		return river.JobSnooze(time.Second) // shutting down; not a failed attempt
	}
	defer release()
	ok, err := p.DB.StartProcessing(ctx, v.ID, a.Generation)
	if err != nil || !ok {
		return err
	}
	p.publish(ctx, v.ID)

	err = p.transcode(ctx, log, v, a.Generation)
	var rej *ffmpeg.RejectError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &rej):
		p.count("rejected")
		log.Info("video rejected", "reason", rej.Reason, "cause", rej.Cause)
		_ = p.DB.FailVideo(ctx, v.ID, a.Generation, rej.Reason)
		p.publish(ctx, v.ID)
		return nil // retrying cannot help
	case errors.Is(err, errSuperseded):
		log.Info("transcode superseded by a newer job")
		return nil
	default:
		p.count("failed")
		log.Error("transcode failed", "err", err)
		msg := "Processing failed; it will be retried automatically."
		if job.Attempt >= job.MaxAttempts {
			msg = "Processing failed after several attempts. Upload the file again, or ask an admin to look at the logs."
		}
		if IsNoSpace(err) {
			p.count("no_space")
			msg = "Processing stopped because the server ran out of disk space; it will be retried automatically. If it keeps failing, ask an administrator to free disk space."
			if job.Attempt >= job.MaxAttempts {
				msg = "Processing failed because the server ran out of disk space. Ask an administrator to free disk space, then upload the file again."
			}
		}
		_ = p.DB.FailVideo(context.WithoutCancel(ctx), v.ID, a.Generation, msg)
		p.publish(ctx, v.ID)
		return err
	}
}

var errSuperseded = errors.New("superseded")

func (p *Pipeline) transcode(ctx context.Context, log *slog.Logger, v *store.Video, gen int) (err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	src, cleanupSrc, err := p.localSource(ctx, v.SourceKey)
	if err != nil {
		return err
	}
	defer cleanupSrc()
	if err := os.MkdirAll(p.WorkDir, 0o700); err != nil {
		return err
	}
	out, err := os.MkdirTemp(p.WorkDir, fmt.Sprintf("video-%d-", v.ID))
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)
	defer func() {
		// ffmpeg's HLS muxer may ignore a failed write and exit 0 with
		// truncated segments, so a full disk shows up later as some other
		// error: judge by the space left while the output is still there.
		if err != nil && !errors.Is(err, errSuperseded) && !IsNoSpace(err) && scratchFull(out) {
			err = fmt.Errorf("%w (no space left on device in the transcode scratch directory)", err)
		}
	}()

	// Heartbeat: progress to the database and the instructor about once a
	// second; a superseded job stops its ffmpeg.
	var mu sync.Mutex
	progress := 0.0
	stop := make(chan struct{})
	var hb sync.WaitGroup
	hb.Add(1)
	go func() {
		defer hb.Done()
		t := time.NewTicker(heartbeatEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				mu.Lock()
				f := progress
				mu.Unlock()
				alive, err := p.DB.Heartbeat(ctx, v.ID, gen, f)
				if err == nil && !alive {
					cancel(errSuperseded)
					return
				}
				p.publish(ctx, v.ID)
			}
		}
	}()
	defer func() { close(stop); hb.Wait() }()

	start := time.Now()
	res, err := ffmpeg.Transcode(ctx, ffmpeg.Job{
		Input: src, OutDir: out, FFmpeg: p.FFmpeg, FFprobe: p.FFprobe, Limits: p.Limits, SlotHeld: true,
		OnProgress: func(pr ffmpeg.Progress) {
			mu.Lock()
			progress = 0.95 * pr.Fraction // the last 5% is thumbnails and upload
			mu.Unlock()
		},
	})
	if context.Cause(ctx) == errSuperseded {
		return errSuperseded
	}
	if err != nil {
		return err
	}
	took := time.Since(start)
	log.Info("transcoded", "took", took.Round(time.Millisecond), "video_seconds", res.Duration.Seconds(), "renditions", len(res.Renditions),
		"copied", res.Copied, "not_copied", res.NotCopied)
	if p.Metrics != nil && took > 0 {
		p.Metrics.VideoSeconds.Add(res.Duration.Seconds())
		p.Metrics.TranscodeSpeed.Observe(res.Duration.Seconds() / took.Seconds())
	}

	// DASH beside HLS over the same segments, encrypted with the
	// video's key; nothing is encoded again.
	if err := p.packageDir(ctx, v.ID, out); err != nil {
		return fmt.Errorf("packaging: %w", err)
	}

	// Upload under a prefix of its own: a half-finished upload (crash) is
	// never what viewers get, because the database points at a prefix only
	// once everything is there.
	prefix := fmt.Sprintf("videos/%d/%s", v.ID, randomHex(6))
	if err := p.uploadDir(ctx, out, prefix); err != nil {
		_ = p.deletePrefix(context.WithoutCancel(ctx), prefix)
		return err
	}
	renditions := make([]store.Rendition, 0, len(res.Renditions))
	for _, r := range res.Renditions {
		renditions = append(renditions, store.Rendition{Name: r.Name, Width: r.Width, Height: r.Height, Bandwidth: r.Bandwidth})
	}
	var published bool
	err = p.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		published, err = tx.PublishVideo(ctx, v.ID, gen, store.Published{
			Prefix: prefix, DurationS: res.Duration.Seconds(), Width: res.Width, Height: res.Height, Renditions: renditions,
			Copied: res.Copied, FastPathNote: res.NotCopied,
		})
		if err != nil || !published {
			return err
		}
		return tx.SetPackaging(ctx, v.ID, Packaging)
	})
	if err != nil || !published {
		_ = p.deletePrefix(context.WithoutCancel(ctx), prefix)
		if err == nil {
			return errSuperseded
		}
		return err
	}
	if v.OutputPrefix != "" && v.OutputPrefix != prefix {
		_ = p.deletePrefix(ctx, v.OutputPrefix)
	}
	p.publish(ctx, v.ID)
	p.count("ready")
	log.Info("video ready", "prefix", prefix)
	return nil
}

// localSource gives ffmpeg a local path to the source: the stored file
// itself on local storage, else a temporary download.
func (p *Pipeline) localSource(ctx context.Context, key string) (string, func(), error) {
	if lp, ok := p.Files.LocalPath(key); ok {
		return lp, func() {}, nil
	}
	if err := os.MkdirAll(p.WorkDir, 0o700); err != nil {
		return "", nil, err
	}
	f, err := os.CreateTemp(p.WorkDir, "source-*")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.Remove(f.Name()) }
	r, err := p.Files.Open(ctx, key)
	if err != nil {
		f.Close()
		cleanup()
		return "", nil, err
	}
	defer r.Close()
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		cleanup()
		return "", nil, err
	}
	return f.Name(), cleanup, f.Close()
}

func (p *Pipeline) uploadDir(ctx context.Context, dir, prefix string) error {
	return filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, file)
		if err != nil {
			return err
		}
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		return p.Files.PutWithin(ctx, 2*time.Minute, path.Join(prefix, filepath.ToSlash(rel)), ContentType(file), f)
	})
}

func (p *Pipeline) deletePrefix(ctx context.Context, prefix string) error {
	it := p.Files.List(&blob.ListOptions{Prefix: prefix + "/"})
	var errs []error
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := p.Files.Delete(ctx, obj.Key); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ContentType is the type media files are stored and served with.
func ContentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".m3u8":
		return "application/vnd.apple.mpegurl"
	case ".m4s":
		return "video/iso.segment"
	case ".mpd":
		return "application/dash+xml"
	case ".mp4":
		return "video/mp4"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".vtt":
		return "text/vtt; charset=utf-8"
	default:
		return "application/octet-stream"
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Sweep hands videos whose transcode stopped heartbeating (its worker was
// killed, its machine died) to a new job of the next generation. Any node
// may run it; a duplicate only queues a job that finds itself superseded.
func (p *Pipeline) Sweep(ctx context.Context) error {
	stuck, err := p.DB.StuckVideos(ctx, time.Now().Add(-p.StuckAfter))
	if err != nil {
		return err
	}
	for _, v := range stuck {
		err := p.DB.InTx(ctx, func(tx *store.Tx) error {
			nv, err := tx.Requeue(ctx, v.ID)
			if err != nil {
				return err
			}
			return p.Enqueue(ctx, tx, nv)
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		p.Log.Warn("transcode stopped sending heartbeats; queued it again", "video", v.ID, "last_heartbeat", v.HeartbeatAt)
		p.publish(ctx, v.ID)
	}
	return nil
}

// RunSweeper sweeps until ctx ends, a few times per StuckAfter.
func (p *Pipeline) RunSweeper(ctx context.Context) {
	p.cleanWorkDir()
	if n, err := p.ResealKeys(ctx); err != nil && ctx.Err() == nil {
		p.Log.Warn("resealing video keys with the current secret", "err", err)
	} else if n > 0 {
		p.Log.Info("video keys resealed with the current secret", "keys", n)
	}
	if _, err := p.EnqueuePackaging(ctx); err != nil && ctx.Err() == nil {
		p.Log.Warn("queueing ready videos for DASH and encryption", "err", err)
	}
	t := time.NewTicker(min(30*time.Second, p.StuckAfter/3))
	defer t.Stop()
	for {
		if err := p.Sweep(ctx); err != nil && ctx.Err() == nil {
			p.Log.Warn("sweeping stuck transcodes", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ImportFile queues a local video file for a lecture as if it had been
// uploaded (the demo content uses it). The file is copied into storage.
func (p *Pipeline) ImportFile(ctx context.Context, ownerID, lectureID int64, file, filename string) (*store.Video, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	var v *store.Video
	err = p.DB.InTx(ctx, func(tx *store.Tx) error {
		v, err = tx.CreateUpload(ctx, ownerID, lectureID, "import-"+randomHex(12), filename, st.Size())
		return err
	})
	if err != nil {
		return nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	key := fmt.Sprintf("sources/%d/%s", v.ID, v.UploadID)
	if err := p.Files.PutWithin(ctx, 30*time.Minute, key, "application/octet-stream", f); err != nil {
		return nil, err
	}
	err = p.DB.InTx(ctx, func(tx *store.Tx) error {
		v, err = tx.MarkUploaded(ctx, v.ID, key)
		if err != nil {
			return err
		}
		return p.Enqueue(ctx, tx, v)
	})
	return v, err
}

// cleanWorkDir removes scratch directories left by transcodes that died
// with their process long ago.
func (p *Pipeline) cleanWorkDir() {
	entries, err := os.ReadDir(p.WorkDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.IsDir() && strings.HasPrefix(e.Name(), "video-") && time.Since(info.ModTime()) > 6*time.Hour {
			_ = os.RemoveAll(filepath.Join(p.WorkDir, e.Name()))
		}
	}
}

func (p *Pipeline) count(outcome string) {
	if p.Metrics != nil {
		p.Metrics.Transcodes.WithLabelValues(outcome).Inc()
	}
}
