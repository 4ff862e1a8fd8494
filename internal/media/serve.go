package media

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

var errNoVideo = apperr.New(apperr.NotFound, "no_video", "No video has been uploaded for this lecture yet.")

// ReadyPrefix is where a ready video's files are in storage; not found for
// a video that is not ready.
func (p *Pipeline) ReadyPrefix(ctx context.Context, videoID int64) (string, error) {
	if prefix, ok := p.prefixes.Get(videoID); ok {
		return prefix, nil
	}
	v, err := p.DB.VideoByID(ctx, videoID)
	if err != nil {
		return "", err
	}
	if v.Status != store.VideoReady || v.OutputPrefix == "" {
		return "", store.ErrNotFound
	}
	p.prefixes.Add(videoID, v.OutputPrefix)
	return v.OutputPrefix, nil
}

// LectureVideo is the newest video of a lecture, for those who may edit
// its course.
func (p *Pipeline) LectureVideo(ctx context.Context, u *store.User, lectureID int64) (*store.Video, error) {
	l, err := p.DB.LectureByID(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoLecture
	}
	if err != nil {
		return nil, err
	}
	c, err := p.DB.CourseByID(ctx, l.CourseID)
	if err != nil {
		return nil, err
	}
	if err := p.Access.EditCourse(ctx, u, c); err != nil {
		if apperr.Is(err, "not_found") {
			return nil, errNoLecture
		}
		return nil, err
	}
	v, err := p.DB.LatestVideoForLecture(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoVideo
	}
	return v, err
}

// VideoCounts counts videos by status for the admin status page.
func (p *Pipeline) VideoCounts(ctx context.Context) map[string]int {
	out := map[string]int{}
	for _, st := range []string{store.VideoUploading, store.VideoQueued, store.VideoProcessing, store.VideoFailed} {
		if n, err := p.DB.CountVideos(ctx, st); err == nil {
			out[st] = n
		}
	}
	return out
}

// OrphanAge is how old a video with no lecture must be before it counts as
// an orphan: younger ones may still be on their way to a lecture.
const OrphanAge = 24 * time.Hour

// OrphanCount counts videos that belong to no lecture and are older than
// OrphanAge.
func (p *Pipeline) OrphanCount(ctx context.Context) (int, error) {
	return p.DB.CountOrphanVideos(ctx, time.Now().Add(-OrphanAge))
}

// CleanOrphans deletes the files and rows of videos that belong to no
// lecture and were created before cutoff, and returns how many went. A
// video a lecture takes meanwhile is kept (its row is deleted only while it
// is still an orphan, and its files only after that).
func (p *Pipeline) CleanOrphans(ctx context.Context, cutoff time.Time) (int, error) {
	list, err := p.DB.OrphanVideos(ctx, cutoff)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, v := range list {
		gone, err := p.DB.DeleteOrphanVideo(ctx, v.ID, cutoff)
		if err != nil {
			return n, err
		}
		if !gone {
			continue
		}
		n++
		for _, prefix := range []string{fmt.Sprintf("videos/%d/", v.ID), fmt.Sprintf("sources/%d/", v.ID)} {
			if err := p.Files.DeletePrefix(ctx, prefix); err != nil {
				// The row is gone; files left behind cost space, not
				// correctness. Say so and go on.
				p.Log.Warn("deleting an orphan video's files", "video", v.ID, "prefix", prefix, "err", err)
			}
		}
		p.prefixes.Remove(v.ID)
	}
	return n, nil
}
