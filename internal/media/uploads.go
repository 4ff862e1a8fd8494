package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tus/tusd/v2/pkg/filelocker"
	"github.com/tus/tusd/v2/pkg/filestore"
	"github.com/tus/tusd/v2/pkg/handler"
	xslog "golang.org/x/exp/slog" // tusd's logger type

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Uploads serves resumable uploads with the tus 1.0 protocol (tusd's
// handler and file store). Upload state lives in a directory of this node:
// in a multi-node setup uploads need sticky sessions (see README).
type Uploads struct {
	P       *Pipeline
	Dir     string
	MaxSize int64
	// Expiry: an upload not finished this long after its last byte is
	// deleted.
	Expiry time.Duration
	// User returns the authenticated caller of a request context.
	User func(context.Context) *store.User
	// Problem encodes an error as the API's problem document (with the
	// request's id), so upload errors read like every other error.
	Problem ProblemFunc

	// Limits bound what one instructor may upload and keep the disk from
	// filling up.
	Limits UploadLimits

	tus   *handler.UnroutedHandler
	store filestore.FileStore
	base  string
}

// UploadLimits are checked when an upload is created, before its first
// byte: so an instructor learns at once, not after hours of sending.
type UploadLimits struct {
	// Quota bounds the bytes of an instructor's kept sources, finished or
	// arriving (0: none).
	Quota int64
	// MaxOpen bounds an instructor's unfinished uploads (0: none).
	MaxOpen int
	// Disk refuses an upload the upload directory has no room for (nil:
	// never).
	Disk *Disk
}

// NewUploads builds the tus handler mounted at basePath ("/api/v1/uploads/").
// ProblemFunc encodes a problem document for a request context.
type ProblemFunc func(ctx context.Context, status int, code, detail string, fields []apperr.FieldError) []byte

func NewUploads(p *Pipeline, dir, basePath string, maxSize int64, expiry time.Duration, user func(context.Context) *store.User, problem ProblemFunc, limits UploadLimits) (*Uploads, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	u := &Uploads{P: p, Dir: dir, MaxSize: maxSize, Expiry: expiry, User: user, Problem: problem, Limits: limits, base: basePath}
	u.store = filestore.New(dir)
	composer := handler.NewStoreComposer()
	u.store.UseIn(composer)
	filelocker.New(dir).UseIn(composer)
	tus, err := handler.NewUnroutedHandler(handler.Config{
		BasePath:                  basePath,
		StoreComposer:             composer,
		MaxSize:                   maxSize,
		DisableDownload:           true,
		DisableConcatenation:      true,
		Cors:                      &handler.CorsConfig{Disable: true},
		PreUploadCreateCallback:   u.beforeCreate,
		PreFinishResponseCallback: u.beforeFinish,
		Logger:                    xslog.New(xslog.NewTextHandler(io.Discard, nil)), // our own log records what matters
	})
	if err != nil {
		return nil, err
	}
	u.tus = tus
	return u, nil
}

// Create answers POST: a new upload.
func (u *Uploads) Create() http.Handler {
	return u.problems(u.tus.Middleware(http.HandlerFunc(u.tus.PostFile)))
}

// problems turns tusd's plain-text error answers (a missing Tus-Resumable
// header, a wrong offset, a size over the limit) into problem documents,
// like every other error of the API. Answers that already are problem
// documents (from our hooks) and successes pass through untouched.
func (u *Uploads) problems(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pw := &problemWriter{ResponseWriter: w, head: r.Method == http.MethodHead, u: u, ctx: r.Context()}
		h.ServeHTTP(pw, r)
		pw.finish()
	})
}

type problemWriter struct {
	http.ResponseWriter
	head       bool
	converting bool
	status     int
	detail     []byte
	wrote      bool
	u          *Uploads
	ctx        context.Context
}

func (p *problemWriter) WriteHeader(code int) {
	if p.wrote {
		return
	}
	p.wrote = true
	if code >= 400 && !strings.HasPrefix(p.Header().Get("Content-Type"), "application/problem+json") && !p.head {
		p.converting, p.status = true, code
		return // the problem document is written by finish
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *problemWriter) Write(b []byte) (int, error) {
	if !p.wrote {
		p.WriteHeader(http.StatusOK)
	}
	if p.converting {
		p.detail = append(p.detail, b...)
		if len(p.detail) > 1024 {
			p.detail = p.detail[:1024]
		}
		return len(b), nil
	}
	return p.ResponseWriter.Write(b)
}

// finish writes the problem document once the error text is known.
func (p *problemWriter) finish() {
	if !p.converting {
		return
	}
	p.converting = false
	detail := strings.TrimSpace(string(p.detail))
	if _, msg, ok := strings.Cut(detail, ": "); ok && strings.HasPrefix(detail, "ERR_") {
		detail = msg
	}
	if detail == "" {
		detail = http.StatusText(p.status)
	}
	p.Header().Del("Content-Length")
	code := "upload_error"
	if p.status >= 500 {
		// tusd's own server errors carry the cause, paths included: the
		// log gets it, the client a sentence.
		p.u.P.Log.ErrorContext(p.ctx, "upload failed", "status", p.status, "err", detail)
		code, detail = "internal", "Something went wrong on our side; it has been logged. Resume the upload in a moment."
		if strings.Contains(strings.ToLower(string(p.detail)), "no space left on device") {
			p.status, code, detail = http.StatusInsufficientStorage, "insufficient_storage", errNoRoomDetail
		}
	}
	p.u.writeProblem(p.ctx, p.ResponseWriter, p.status, code, detail)
}

const errNoRoomDetail = "The server has no room for this file right now. Try again later, or ask an administrator to free disk space."

func (p *problemWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// Resume answers HEAD (the offset to resume from), PATCH (more bytes) and
// DELETE (abandon) for an upload the caller owns.
func (u *Uploads) Resume() http.Handler {
	h := u.tus.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodHead:
			u.tus.HeadFile(w, r)
		case http.MethodPatch:
			u.tus.PatchFile(w, r)
		case http.MethodDelete:
			u.tus.DelFile(w, r)
		}
	}))
	return http.StripPrefix(strings.TrimSuffix(u.base, "/"), u.problems(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.Trim(r.URL.Path, "/")
		v, err := u.P.DB.VideoByUploadID(r.Context(), id)
		caller := u.User(r.Context())
		if err != nil || !access.OwnsOrAdmin(caller, v.OwnerID) || v.Status != store.VideoUploading {
			// Someone else's upload, or one that is already finished,
			// looks like no upload at all.
			u.writeProblem(r.Context(), w, http.StatusNotFound, "not_found", "No such upload.")
			return
		}
		switch r.Method {
		case http.MethodPatch:
			_ = u.P.DB.TouchUpload(r.Context(), v.ID)
		case http.MethodDelete:
			u.abandon(w, r, v, id)
			return
		}
		h.ServeHTTP(w, r)
	})))
}

// abandon deletes an unfinished upload for its owner. It does not go
// through tusd, whose termination first writes a lock file: on a full disk
// that fails, and abandoning uploads is how an instructor frees the space.
// The files go first (freeing space), then the row.
func (u *Uploads) abandon(w http.ResponseWriter, r *http.Request, v *store.Video, id string) {
	if r.Header.Get("Tus-Resumable") == "" {
		u.writeProblem(r.Context(), w, http.StatusPreconditionFailed, "upload_error", "Send Tus-Resumable: 1.0.0.")
		return
	}
	if err := u.removeFiles(id); err != nil {
		u.P.Log.ErrorContext(r.Context(), "deleting an upload's files", "upload", id, "err", err)
		u.writeProblem(r.Context(), w, http.StatusInternalServerError, "internal", "Something went wrong on our side; it has been logged.")
		return
	}
	if err := u.P.DB.DeleteVideo(context.WithoutCancel(r.Context()), v.ID); err != nil {
		// The files are gone; the janitor deletes the row once it expires.
		u.P.Log.ErrorContext(r.Context(), "deleting an abandoned upload's video", "video", v.ID, "err", err)
	}
	u.P.Log.InfoContext(r.Context(), "upload abandoned by its owner", "upload", id, "video", v.ID)
	w.Header().Set("Tus-Resumable", "1.0.0")
	w.WriteHeader(http.StatusNoContent)
}

// removeFiles deletes an upload's data, its info and its lock, if present.
func (u *Uploads) removeFiles(id string) error {
	var errs []error
	for _, name := range []string{id, id + ".info", id + ".lock"} {
		if err := os.Remove(filepath.Join(u.Dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (u *Uploads) writeProblem(ctx context.Context, w http.ResponseWriter, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Tus-Resumable", "1.0.0")
	w.WriteHeader(status)
	_, _ = w.Write(u.Problem(ctx, status, code, detail, nil))
}

// refuse makes a tusd error whose body is a problem document.
func (u *Uploads) refuse(ctx context.Context, status int, code, detail, field string) error {
	e := handler.NewError(code, detail, status)
	var fields []apperr.FieldError
	if field != "" {
		fields = []apperr.FieldError{{Field: field, Message: detail}}
	}
	e.HTTPResponse.Body = string(u.Problem(ctx, status, code, detail, fields))
	e.HTTPResponse.Header = handler.HTTPHeader{"Content-Type": "application/problem+json"}
	return e
}

// beforeCreate checks who uploads what: only the instructor of the
// lecture's course (or an admin), a known lecture, a declared size. It
// records the video, so the upload is known before its first byte.
func (u *Uploads) beforeCreate(hook handler.HookEvent) (handler.HTTPResponse, handler.FileInfoChanges, error) {
	ctx := hook.Context
	caller := u.User(ctx)
	if caller == nil {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.refuse(ctx, http.StatusUnauthorized, "login_required", "Log in to upload.", "")
	}
	meta := hook.Upload.MetaData
	lectureID, err := strconv.ParseInt(meta["lecture_id"], 10, 64)
	if err != nil {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.refuse(ctx, http.StatusUnprocessableEntity, "validation_failed", "Upload-Metadata must name the lecture (lecture_id).", "lecture_id")
	}
	l, err := u.P.DB.LectureByID(ctx, lectureID)
	if err == nil {
		var c *store.Course
		if c, err = u.P.DB.CourseByID(ctx, l.CourseID); err == nil {
			if aerr := u.P.Access.EditCourse(ctx, caller, c); apperr.Is(aerr, "not_found") {
				err = store.ErrNotFound
			} else if aerr != nil {
				return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.refuse(ctx, http.StatusForbidden, "forbidden", "Only the course's instructor may upload its videos.", "")
			}
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.refuse(ctx, http.StatusNotFound, "not_found", "No such lecture.", "lecture_id")
	}
	if err != nil {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, err
	}
	if hook.Upload.SizeIsDeferred || hook.Upload.Size <= 0 {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.refuse(ctx, http.StatusBadRequest, "size_required", "Send Upload-Length: the file's size must be known.", "")
	}
	if ft := meta["filetype"]; ft != "" && !strings.HasPrefix(ft, "video/") && ft != "application/octet-stream" {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.refuse(ctx, http.StatusUnprocessableEntity, "validation_failed", "Only video files can be uploaded.", "filetype")
	}
	size := hook.Upload.Size
	if free, ok := u.Limits.Disk.Room(u.Dir, size); !ok {
		u.P.Log.WarnContext(ctx, "upload refused: low disk space", "size", size, "free", free, "reserve", u.Limits.Disk.Reserve)
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, u.refuse(ctx, http.StatusInsufficientStorage, "insufficient_storage",
			fmt.Sprintf("The server has no room for a %s file right now. Try again later, or ask an administrator to free disk space.", FormatBytes(size)), "")
	}
	id := randomHex(16)
	name := cleanFilename(meta["filename"])
	var refused error
	err = u.P.DB.InTx(ctx, func(tx *store.Tx) error {
		used, open, err := tx.UploadUsage(ctx, caller.ID)
		if err != nil {
			return err
		}
		if refused = u.checkLimits(ctx, used, open, size); refused != nil {
			return nil
		}
		_, err = tx.CreateUpload(ctx, caller.ID, lectureID, id, name, size)
		return err
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return handler.HTTPResponse{}, handler.FileInfoChanges{}, err
	}
	return handler.HTTPResponse{}, handler.FileInfoChanges{ID: id, MetaData: handler.MetaData{"lecture_id": meta["lecture_id"], "filename": name}}, nil
}

// checkLimits refuses an upload past the caller's quota or open-upload limit.
func (u *Uploads) checkLimits(ctx context.Context, used int64, open int, size int64) error {
	if max := u.Limits.MaxOpen; max > 0 && open >= max {
		return u.refuse(ctx, http.StatusTooManyRequests, "too_many_uploads",
			fmt.Sprintf("You have %d unfinished uploads, the most at once. Finish or cancel one of them first.", open), "")
	}
	if q := u.Limits.Quota; q > 0 && used+size > q {
		return u.refuse(ctx, http.StatusRequestEntityTooLarge, "storage_quota_exceeded",
			fmt.Sprintf("This %s file would take you over your storage quota: your videos use %s of %s. Delete videos you no longer need, or ask an administrator for more space.",
				FormatBytes(size), FormatBytes(used), FormatBytes(q)), "")
	}
	return nil
}

func cleanFilename(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == '\\' {
			return -1
		}
		return r
	}, s)
	if len([]rune(s)) > 200 {
		s = string([]rune(s)[:200])
	}
	return s
}

// beforeFinish runs once the last byte arrived, before the final PATCH is
// answered: the file moves into storage and the transcode is queued.
func (u *Uploads) beforeFinish(hook handler.HookEvent) (handler.HTTPResponse, error) {
	if err := u.Finish(hook.Context, hook.Upload.ID); err != nil {
		u.P.Log.ErrorContext(hook.Context, "finishing upload", "upload", hook.Upload.ID, "err", err)
		return handler.HTTPResponse{}, err
	}
	return handler.HTTPResponse{}, nil
}

// Finish turns a complete upload into a queued video. It is idempotent:
// the janitor calls it again for uploads whose finishing was interrupted.
func (u *Uploads) Finish(ctx context.Context, uploadID string) error {
	ctx = context.WithoutCancel(ctx) // the client hanging up must not leave it half done
	v, err := u.P.DB.VideoByUploadID(ctx, uploadID)
	if err != nil {
		return err
	}
	if v.Status != store.VideoUploading {
		return nil // finished before
	}
	file := filepath.Join(u.Dir, uploadID)
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	if st.Size() != v.SizeBytes {
		return fmt.Errorf("upload %s has %d bytes, %d were announced", uploadID, st.Size(), v.SizeBytes)
	}
	key := fmt.Sprintf("sources/%d/%s", v.ID, uploadID)
	if err := u.moveIntoStorage(ctx, file, key); err != nil {
		return err
	}
	err = u.P.DB.InTx(ctx, func(tx *store.Tx) error {
		nv, err := tx.MarkUploaded(ctx, v.ID, key)
		if err != nil {
			return err
		}
		return u.P.Enqueue(ctx, tx, nv)
	})
	if err != nil {
		return err
	}
	_ = os.Remove(file + ".info")
	u.P.publish(ctx, v.ID)
	return nil
}

// moveIntoStorage renames the file into local storage (no copy of a large
// video), or streams it to a remote bucket.
func (u *Uploads) moveIntoStorage(ctx context.Context, file, key string) error {
	if dst, ok := u.P.Files.LocalPath(key); ok {
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return err
		}
		if err := os.Rename(file, dst); err == nil {
			return nil
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := u.P.Files.PutWithin(ctx, 30*time.Minute, key, "application/octet-stream", f); err != nil {
		return err
	}
	return os.Remove(file)
}

// Janitor finishes uploads whose last byte arrived but whose finishing was
// interrupted, and deletes uploads abandoned for longer than Expiry.
func (u *Uploads) Janitor(ctx context.Context) error {
	old, err := u.P.DB.AbandonedUploads(ctx, time.Now().Add(-time.Minute))
	if err != nil {
		return err
	}
	for _, v := range old {
		st, statErr := os.Stat(filepath.Join(u.Dir, v.UploadID))
		switch {
		case statErr == nil && st.Size() == v.SizeBytes:
			if err := u.Finish(ctx, v.UploadID); err != nil {
				u.P.Log.Warn("finishing an interrupted upload", "upload", v.UploadID, "err", err)
			}
		case time.Since(v.UpdatedAt) > u.Expiry:
			if up, err := u.store.GetUpload(ctx, v.UploadID); err == nil {
				_ = u.store.AsTerminatableUpload(up).Terminate(ctx)
			}
			if err := u.P.DB.DeleteVideo(ctx, v.ID); err != nil {
				return err
			}
			u.P.Log.Info("deleted an abandoned upload", "upload", v.UploadID, "video", v.ID)
		}
	}
	return nil
}

// RunJanitor runs Janitor every minute until ctx ends.
func (u *Uploads) RunJanitor(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if err := u.Janitor(ctx); err != nil && ctx.Err() == nil {
			u.P.Log.Warn("upload janitor", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
