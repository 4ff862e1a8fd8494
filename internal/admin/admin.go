// Package admin answers the operator's questions that belong to no single
// domain: the audit log and the system status page.
package admin

import (
	"context"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/store"
)

// Deps is what the admin service reads.
type Deps struct {
	DB *store.DB
	// Storage pings the object storage.
	Storage func(context.Context) error
	// Videos counts videos by status.
	Videos func(context.Context) map[string]int
	// FFmpeg reports the transcoder's version, or why it is missing.
	FFmpeg func() (string, error)
	// Disk reports this node's free space; DiskWarnings what is low. Both
	// may be nil.
	Disk         func() []media.DiskSpace
	DiskWarnings func() []string
}

// Service carries out admin reads.
type Service struct {
	Deps
}

// NewService makes the admin service.
func NewService(d Deps) *Service { return &Service{Deps: d} }

// AuditLog lists admin actions, newest first, before the cursor id.
func (s *Service) AuditLog(ctx context.Context, u *store.User, beforeID int64, limit int) ([]store.AuditEntry, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	return s.DB.AuditPage(ctx, beforeID, limit)
}

// Status is what an admin needs to know at a glance.
type Status struct {
	Database      string
	Storage       string
	Jobs          map[string]int
	Videos        map[string]int
	FFmpegFound   bool
	FFmpegVersion string
	FFmpegError   string
	Disk          []media.DiskSpace
	Warnings      []string
	CheckedAt     time.Time
}

// Status checks the database, storage, job queue and transcoder within
// three seconds.
func (s *Service) Status(ctx context.Context, u *store.User) (*Status, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	out := &Status{Database: "ok", Storage: "ok", Jobs: map[string]int{}, Videos: map[string]int{}, CheckedAt: time.Now().UTC()}
	if err := s.DB.Ping(ctx); err != nil {
		out.Database = "unavailable: " + err.Error()
	}
	if err := s.Storage(ctx); err != nil {
		out.Storage = "unavailable: " + err.Error()
	}
	if jobs, err := s.DB.JobCounts(ctx); err == nil {
		out.Jobs = jobs
	}
	out.Videos = s.Videos(ctx)
	if v, err := s.FFmpeg(); err != nil {
		out.FFmpegError = err.Error() + " — uploads are kept queued until it is installed"
	} else {
		out.FFmpegFound, out.FFmpegVersion = true, v
	}
	if s.Disk != nil {
		out.Disk = s.Disk()
	}
	if s.DiskWarnings != nil {
		out.Warnings = s.DiskWarnings()
	}
	return out, nil
}
