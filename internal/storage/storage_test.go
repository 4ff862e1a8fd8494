package storage_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/storage"
	"github.com/lectern/lectern/internal/testdb"
)

func TestStorage(t *testing.T) {
	for name, url := range map[string]string{"file": "file://" + t.TempDir(), "s3": testdb.S3(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, err := storage.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.Put(ctx, "videos/1/abc/360p/seg_00000.m4s", "video/iso.segment", strings.NewReader("0123456789")); err != nil {
				t.Fatal(err)
			}
			r, err := s.Open(ctx, "videos/1/abc/360p/seg_00000.m4s")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Seek(3, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r)
			r.Close()
			if string(b) != "3456789" {
				t.Errorf("read after seek = %q", b)
			}
			if _, err := s.Open(ctx, "nope"); !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("missing key: %v", err)
			}
			_, local := s.LocalPath("videos/1/abc/360p/seg_00000.m4s")
			if local != (name == "file") {
				t.Errorf("LocalPath ok = %v", local)
			}
		})
	}
}

func TestCleanKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"videos/1/a.m3u8": true, "../secret": false, "a/../../b": false, "/etc/passwd": false, "a//b": false,
		"a/./b": false, "": false, `a\b`: false, "a\x00b": false, "public/courses/1/thumb.jpg": true,
	} {
		if _, got := storage.CleanKey(key); got != ok {
			t.Errorf("CleanKey(%q) ok = %v, want %v", key, got, ok)
		}
	}
}

// A stalled bucket fails a write after its deadline instead of hanging.
func TestStalledBucketTimesOut(t *testing.T) {
	release := make(chan struct{})
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer stall.Close()
	defer close(release)
	s, err := storage.Open(context.Background(), "s3://stalled?region=us-east-1&use_path_style=true&disable_https=true&anonymous=true&endpoint="+url.QueryEscape(stall.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	err = s.PutWithin(context.Background(), 300*time.Millisecond, "k", "text/plain", strings.NewReader("x"))
	if !storage.IsUnavailable(err) {
		t.Errorf("err = %v, want unavailable", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the write waited %v", d)
	}
}
