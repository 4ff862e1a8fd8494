package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

type auditEntryJSON struct {
	ID      string     `json:"id"`
	Actor   personJSON `json:"actor"`
	Action  string     `json:"action"`
	Subject string     `json:"subject"`
	Detail  string     `json:"detail"`
	At      time.Time  `json:"at"`
}

type auditList struct {
	Items      []auditEntryJSON `json:"items"`
	NextCursor *string          `json:"next_cursor"`
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageLimit(r)
	if err != nil {
		return err
	}
	var before int64
	if c := r.URL.Query().Get("cursor"); c != "" {
		if err := decodeCursor(c, &before); err != nil {
			return err
		}
	}
	entries, err := s.DB.AuditPage(r.Context(), before, limit)
	if err != nil {
		return err
	}
	out := auditList{Items: []auditEntryJSON{}}
	for _, e := range entries {
		out.Items = append(out.Items, auditEntryJSON{ID: id(e.ID), Actor: personJSON{ID: id(e.ActorID), Name: e.ActorName}, Action: e.Action,
			Subject: e.Subject, Detail: e.Detail, At: e.At.UTC()})
	}
	if len(entries) == limit {
		out.NextCursor = encodeCursor(entries[len(entries)-1].ID)
	}
	return writeJSON(w, http.StatusOK, out)
}

type statusJSON struct {
	Database  string         `json:"database"`
	Storage   string         `json:"storage"`
	Jobs      map[string]int `json:"jobs"`
	Videos    map[string]int `json:"videos"`
	FFmpeg    ffmpegStatus   `json:"ffmpeg"`
	Version   string         `json:"version"`
	CheckedAt time.Time      `json:"checked_at"`
}

type ffmpegStatus struct {
	Found   bool   `json:"found"`
	Version string `json:"version"`
	Error   string `json:"error,omitempty"`
}

// adminStatus says what an admin needs to know at a glance: are the
// database and storage answering, how deep is the job queue and how many
// jobs failed, and can videos be processed at all.
func (s *Server) adminStatus(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	out := statusJSON{Database: "ok", Storage: "ok", Jobs: map[string]int{}, Videos: map[string]int{}, Version: "1", CheckedAt: time.Now().UTC()}
	if err := s.DB.Ping(ctx); err != nil {
		out.Database = "unavailable: " + err.Error()
	}
	if err := s.Files.Ping(ctx); err != nil {
		out.Storage = "unavailable: " + err.Error()
	}
	if jobs, err := s.DB.JobCounts(ctx); err == nil {
		out.Jobs = jobs
	}
	for _, st := range []string{store.VideoUploading, store.VideoQueued, store.VideoProcessing, store.VideoFailed} {
		if n, err := s.DB.CountVideos(ctx, st); err == nil {
			out.Videos[st] = n
		}
	}
	if v, err := s.Media.Tools(); err != nil {
		out.FFmpeg = ffmpegStatus{Error: err.Error() + " — uploads are kept queued until it is installed"}
	} else {
		out.FFmpeg = ffmpegStatus{Found: true, Version: v}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) adminCourses(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageLimit(r)
	if err != nil {
		return err
	}
	list, err := s.DB.AdminCourses(r.Context(), r.URL.Query().Get("status"), r.URL.Query().Get("q"), limit)
	if err != nil {
		return err
	}
	out := courseList{Items: []courseJSON{}}
	for _, c := range list {
		out.Items = append(out.Items, toCourseJSON(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

type adminCoursePatch struct {
	Featured *bool `json:"featured,omitempty"`
}

func (s *Server) adminPatchCourse(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	var in adminCoursePatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Featured == nil {
		return apperr.Fields{{Field: "featured", Message: "is required"}}.Err()
	}
	err = s.DB.InTx(r.Context(), func(tx *store.Tx) error {
		if err := tx.SetCourseFeatured(r.Context(), cid, *in.Featured); err != nil {
			return err
		}
		return tx.Audit(r.Context(), currentUser(r).ID, map[bool]string{true: "course.feature", false: "course.unfeature"}[*in.Featured],
			"course:"+strconv.FormatInt(cid, 10), "")
	})
	if err != nil {
		return err
	}
	s.Catalog.Invalidate(cid)
	c, err := s.DB.CourseByID(r.Context(), cid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toCourseJSON(c))
}
