package media

import (
	"context"
	"errors"

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
