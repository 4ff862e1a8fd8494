package mediakit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/store"
)

// VideoLecture builds, in-process in a, a course owned by u with one
// section and one video lecture, renders a clip (seconds long, at size, 30
// fps) in dir, imports it and runs a's workers until the video is
// transcoded. It returns the course, the lecture and the ready video; a
// video that failed or took over ten minutes is an error.
func VideoLecture(ctx context.Context, a *app.App, u *store.User, course catalog.CourseInput, dir string, seconds int, size string) (*store.Course, *store.Lecture, *store.Video, error) {
	c, err := a.Catalog.Create(ctx, u, course)
	if err != nil {
		return nil, nil, nil, err
	}
	sec, err := a.Catalog.AddSection(ctx, u, c.ID, "Section")
	if err != nil {
		return nil, nil, nil, err
	}
	title, kind := "Lecture", store.LectureVideo
	l, err := a.Catalog.AddLecture(ctx, u, sec.ID, catalog.LectureInput{Title: &title, Kind: &kind})
	if err != nil {
		return nil, nil, nil, err
	}
	clip := filepath.Join(dir, "bench-clip.mp4")
	if err := MakeClip(clip, seconds, size, 30); err != nil {
		return nil, nil, nil, err
	}
	defer os.Remove(clip)
	v, err := a.Media.ImportFile(ctx, u.ID, l.ID, clip, "clip.mp4")
	if err != nil {
		return nil, nil, nil, err
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { a.RunWorkers(wctx); close(done) }()
	defer func() { stop(); <-done }()
	deadline := time.Now().Add(10 * time.Minute)
	for {
		if v, err = a.DB.VideoByID(ctx, v.ID); err != nil {
			return nil, nil, nil, err
		}
		if v.Status == store.VideoReady {
			return c, l, v, nil
		}
		if v.Status == store.VideoFailed || time.Now().After(deadline) {
			return nil, nil, nil, fmt.Errorf("video %d: %s %s", v.ID, v.Status, v.Error)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
