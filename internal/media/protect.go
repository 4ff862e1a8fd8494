package media

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"gocloud.dev/blob"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/media/pack"
	"github.com/lectern/lectern/internal/store"
)

// Packaging is how ready videos are packaged now: HLS and DASH over one
// set of CMAF segments encrypted with Common Encryption (cbcs) under the
// video's own key. Videos packaged at a lower version (clear HLS, from
// before) are brought up to it by a PackageArgs job, without encoding.
const Packaging = 1

// KeySystem is the EME key system players use to get a video's key.
const KeySystem = "org.w3.clearkey"

// Sealer encrypts small secrets with a key derived from the master secret
// (auth.Sealer). Video keys are stored sealed, in the database, never in
// storage beside the segments.
type Sealer interface {
	Seal(purpose string, plaintext []byte) []byte
	Open(purpose string, sealed []byte) ([]byte, error)
}

// keyPurpose binds a sealed key to its video: a sealed key copied to
// another video's row does not open.
func keyPurpose(videoID int64) string { return fmt.Sprintf("video key v1 %d", videoID) }

// contentKey returns the video's key, making and storing one the first
// time. The IV is fresh for every packaging (it travels in the init
// segments; only the key is secret).
func (p *Pipeline) contentKey(ctx context.Context, videoID int64) (pack.Key, error) {
	if len(p.Sealers) == 0 {
		return pack.Key{}, errors.New("media: no key sealer")
	}
	fresh, err := pack.NewKey()
	if err != nil {
		return pack.Key{}, err
	}
	sk, err := p.DB.VideoKey(ctx, videoID)
	if errors.Is(err, store.ErrNotFound) {
		sk, err = p.DB.AddVideoKey(ctx, videoID, hex.EncodeToString(fresh.ID[:]), p.Sealers[0].Seal(keyPurpose(videoID), fresh.Key[:]))
	}
	if err != nil {
		return pack.Key{}, err
	}
	id, key, err := p.openKey(sk)
	if err != nil {
		return pack.Key{}, err
	}
	return pack.Key{ID: id, Key: key, IV: fresh.IV}, nil
}

// openKey unseals a stored key with the current or a previous master
// secret.
func (p *Pipeline) openKey(sk *store.VideoKey) (id, key [16]byte, err error) {
	kid, err := hex.DecodeString(sk.KeyID)
	if err != nil || len(kid) != 16 {
		return id, key, fmt.Errorf("media: video %d: bad key id", sk.VideoID)
	}
	for _, s := range p.Sealers {
		if k, err := s.Open(keyPurpose(sk.VideoID), sk.Sealed); err == nil && len(k) == 16 {
			return [16]byte(kid), [16]byte(k), nil
		}
	}
	return id, key, fmt.Errorf("media: video %d: its key does not open with the master secret (was LECTERN_SECRET_KEY changed without keeping the old one?)", sk.VideoID)
}

// packageDir encrypts a transcoded ladder in dir in place and writes its
// DASH manifest beside the HLS master playlist.
func (p *Pipeline) packageDir(ctx context.Context, videoID int64, dir string) error {
	set, err := pack.ReadHLS(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))) })
	if err != nil {
		return err
	}
	k, err := p.contentKey(ctx, videoID)
	if err != nil {
		return err
	}
	if err := pack.EncryptDir(dir, set, k); err != nil {
		return err
	}
	mpd, err := pack.MPD(set, &k.ID)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, pack.Manifest), mpd, 0o644)
}

// PackageArgs is the job of bringing one ready video's output up to the
// current Packaging: its segments are downloaded, encrypted, given a DASH
// manifest and published under a new prefix in one step. Nothing is
// encoded again.
type PackageArgs struct {
	VideoID int64 `json:"video_id"`
}

// Kind names the job in the queue.
func (PackageArgs) Kind() string { return "package_video" }

// InsertOpts keeps at most one live job per video.
func (PackageArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// PackageWorker works PackageArgs jobs.
type PackageWorker struct {
	river.WorkerDefaults[PackageArgs]
	P *Pipeline
}

// Timeout: a long video's segments take a while to copy.
func (w *PackageWorker) Timeout(*river.Job[PackageArgs]) time.Duration { return time.Hour }

// Work repackages one video.
func (w *PackageWorker) Work(ctx context.Context, job *river.Job[PackageArgs]) error {
	return w.P.Repackage(ctx, job.Args.VideoID)
}

// EnqueuePackaging queues a PackageArgs job for every ready video packaged
// below the current version (run at start; duplicates are not queued).
func (p *Pipeline) EnqueuePackaging(ctx context.Context) (int, error) {
	if p.Jobs == nil {
		return 0, errors.New("media: no job queue")
	}
	ids, err := p.DB.VideosToPackage(ctx, Packaging, 100000)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := p.Jobs.Insert(ctx, PackageArgs{VideoID: id}, nil); err != nil {
			return 0, err
		}
	}
	if len(ids) > 0 {
		p.Log.Info("queued ready videos for DASH and encryption", "videos", len(ids))
	}
	return len(ids), nil
}

// Repackage brings a ready video's output up to the current Packaging;
// a video that is not ready or already packaged is left alone.
func (p *Pipeline) Repackage(ctx context.Context, videoID int64) error {
	v, err := p.DB.VideoByID(ctx, videoID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	pk, err := p.DB.VideoPackaging(ctx, videoID)
	if err != nil || v.Status != store.VideoReady || pk >= Packaging || v.OutputPrefix == "" {
		return err
	}
	log := p.Log.With("video", videoID, "from", v.OutputPrefix)
	if err := os.MkdirAll(p.WorkDir, 0o700); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(p.WorkDir, fmt.Sprintf("video-%d-package-", videoID))
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := p.downloadDir(ctx, v.OutputPrefix, dir); err != nil {
		return err
	}
	if err := p.packageDir(ctx, videoID, dir); err != nil {
		return err
	}
	prefix := fmt.Sprintf("videos/%d/%s", videoID, randomHex(6))
	if err := p.uploadDir(ctx, dir, prefix); err != nil {
		_ = p.deletePrefix(context.WithoutCancel(ctx), prefix)
		return err
	}
	var moved bool
	err = p.DB.InTx(ctx, func(tx *store.Tx) error {
		moved, err = tx.Repackaged(ctx, videoID, v.OutputPrefix, prefix, Packaging)
		return err
	})
	if err != nil || !moved {
		_ = p.deletePrefix(context.WithoutCancel(ctx), prefix)
		if err == nil {
			log.Info("video changed while it was repackaged; left as it is")
		}
		return err
	}
	p.prefixes.Remove(videoID)
	if err := p.deletePrefix(ctx, v.OutputPrefix); err != nil {
		log.Warn("deleting the clear output", "err", err)
	}
	log.Info("video repackaged: DASH and encrypted segments", "prefix", prefix, slog.Int("packaging", Packaging))
	return nil
}

// downloadDir copies every object under prefix/ into dir.
func (p *Pipeline) downloadDir(ctx context.Context, prefix, dir string) error {
	it := p.Files.List(&blob.ListOptions{Prefix: prefix + "/"})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(obj.Key, prefix+"/")
		if obj.IsDir || rel == "" || strings.HasPrefix(path.Clean(rel), "..") {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(path.Clean(rel)))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := p.copyOut(ctx, obj.Key, dst); err != nil {
			return err
		}
	}
}

func (p *Pipeline) copyOut(ctx context.Context, key, dst string) error {
	r, err := p.Files.Open(ctx, key)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// License is a video's key as the key endpoint hands it out.
type License struct {
	KeyID [16]byte
	Key   [16]byte
}

var errNoKey = apperr.New(apperr.NotFound, "no_video_key", "This video has no key.")

// ContentKey hands the key of a video to u if the access policy lets u
// watch the video's lecture right now. It is asked on every key request:
// a refund, an ended enrollment or a disabled account stops the next one,
// whatever playlists the viewer already holds.
func (p *Pipeline) ContentKey(ctx context.Context, u *store.User, videoID int64) (*License, error) {
	v, err := p.DB.VideoByID(ctx, videoID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && v.LectureID == nil) {
		return nil, errNoKey
	}
	if err != nil {
		return nil, err
	}
	l, err := p.DB.LectureByID(ctx, *v.LectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoKey
	}
	if err != nil {
		return nil, err
	}
	c, err := p.DB.CourseByID(ctx, l.CourseID)
	if err != nil {
		return nil, err
	}
	if _, err := p.Access.Lecture(ctx, u, c, l); err != nil {
		return nil, err
	}
	sk, err := p.DB.VideoKey(ctx, videoID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoKey
	}
	if err != nil {
		return nil, err
	}
	id, key, err := p.openKey(sk)
	if err != nil {
		return nil, err
	}
	return &License{KeyID: id, Key: key}, nil
}
