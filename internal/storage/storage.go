// Package storage is where Lectern keeps files: thumbnails, uploaded
// sources and transcoded video. It is one gocloud.dev/blob bucket: a local
// directory by default (file://), any S3-compatible store with s3://.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/s3blob" // registers s3:// URLs
	"gocloud.dev/gcerrors"
)

// ErrNotFound is returned for a key that holds nothing.
var ErrNotFound = errors.New("storage: not found")

// Storage is the bucket plus what Lectern needs to know about it.
type Storage struct {
	*blob.Bucket
	dir string // root directory for file:// storage, else ""
}

// Open opens file:///path or s3://bucket?endpoint=…&region=… storage.
func Open(ctx context.Context, rawURL string) (*Storage, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "file" {
		dir := filepath.FromSlash(u.Path)
		b, err := fileblob.OpenBucket(dir, &fileblob.Options{
			CreateDir: true,
			// Temp files next to the target, so the final rename never
			// crosses file systems.
			NoTempDir: true,
			// Content types come from our own key names; no sidecar files.
			Metadata: fileblob.MetadataDontWrite,
		})
		if err != nil {
			return nil, fmt.Errorf("storage %s: %w", dir, err)
		}
		return &Storage{Bucket: b, dir: dir}, nil
	}
	b, err := blob.OpenBucket(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return &Storage{Bucket: b}, nil
}

// Timeouts bound how long a request waits for the bucket: a stalled store
// makes requests fail (503) instead of hanging. Reads get a deadline for
// the whole object (media files are a few MB); writes are given theirs by
// the caller, who knows the size.
const ReadTimeout = 20 * time.Second

// ErrUnavailable wraps storage errors caused by a deadline.
var ErrUnavailable = errors.New("storage: unavailable")

// IsUnavailable reports whether err means the bucket did not answer in time.
func IsUnavailable(err error) bool {
	return errors.Is(err, ErrUnavailable) || gcerrors.Code(err) == gcerrors.DeadlineExceeded || gcerrors.Code(err) == gcerrors.Unknown && errors.Is(err, context.DeadlineExceeded)
}

// CleanKey checks that key is a relative path with no "." or ".." parts,
// so nothing outside the bucket can be named.
func CleanKey(key string) (string, bool) {
	if key == "" || strings.HasPrefix(key, "/") || strings.ContainsAny(key, "\\\x00") {
		return "", false
	}
	for _, part := range strings.Split(key, "/") {
		if part == "" || part == "." || part == ".." {
			return "", false
		}
	}
	return path.Clean(key), true
}

// LocalPath is the file behind key when storage is a local directory, so
// media can be served with sendfile.
func (s *Storage) LocalPath(key string) (string, bool) {
	if s.dir == "" {
		return "", false
	}
	key, ok := CleanKey(key)
	if !ok {
		return "", false
	}
	return filepath.Join(s.dir, filepath.FromSlash(key)), true
}

// LocalDir is the directory of file:// storage; false for a bucket.
func (s *Storage) LocalDir() (string, bool) { return s.dir, s.dir != "" }

// Put writes r under key in one step: readers never see a partial object.
func (s *Storage) Put(ctx context.Context, key, contentType string, r io.Reader) error {
	w, err := s.NewWriter(ctx, key, &blob.WriterOptions{ContentType: contentType})
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		_ = w.Close()
		return err
	}
	return w.Close()
}

// Open reads key; ErrNotFound when it does not exist. The returned
// reader must be read within ReadTimeout; call the cancel function when done.
func (s *Storage) Open(ctx context.Context, key string) (*Reader, error) {
	ctx, cancel := context.WithTimeout(ctx, ReadTimeout)
	r, err := s.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		cancel()
		return nil, ErrNotFound
	}
	if err != nil {
		cancel()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		return nil, err
	}
	return &Reader{Reader: r, cancel: cancel}, nil
}

// Reader is an open stored object with its deadline.
type Reader struct {
	*blob.Reader
	cancel context.CancelFunc
}

// Close releases the object and its deadline.
func (r *Reader) Close() error {
	err := r.Reader.Close()
	r.cancel()
	return err
}

// PutWithin is Put with a deadline, so a stalled store fails the write.
func (s *Storage) PutWithin(ctx context.Context, d time.Duration, key, contentType string, r io.Reader) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	err := s.Put(ctx, key, contentType, r)
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return err
}

// Ping checks that the bucket answers; /readyz uses it.
func (s *Storage) Ping(ctx context.Context) error {
	if s.dir != "" {
		_, err := os.Stat(s.dir)
		return err
	}
	ok, err := s.IsAccessible(ctx)
	if err == nil && !ok {
		err = errors.New("bucket is not accessible")
	}
	return err
}

// DeletePrefix removes every object whose key starts with prefix (a
// video's folder); nothing there is not an error.
func (s *Storage) DeletePrefix(ctx context.Context, prefix string) error {
	it := s.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if obj.IsDir {
			continue
		}
		if err := s.Delete(ctx, obj.Key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
	}
}
