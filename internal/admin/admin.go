// Package admin answers the operator's questions that belong to no single
// domain: the audit log and the system status page.
package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
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
	// OrphanVideos counts videos that belong to no lecture (older than a
	// day); CleanOrphans deletes those created before a cutoff.
	OrphanVideos func(context.Context) (int, error)
	CleanOrphans func(ctx context.Context, cutoff time.Time) (int, error)
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Service carries out admin reads.
type Service struct {
	Deps
}

// NewService makes the admin service.
func NewService(d Deps) *Service { return &Service{Deps: d} }

// AuditLog lists admin actions, newest first, before the cursor id,
// optionally one action's or one admin's, with the names of who did each
// and what it is about.
func (s *Service) AuditLog(ctx context.Context, u *store.User, q store.AuditQuery) ([]store.AuditEntry, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	return s.DB.AuditFind(ctx, q)
}

// UserDetail is what an admin sees of one user: their orders, the courses
// they are enrolled in and teach, and the audit entries by or about them.
type UserDetail struct {
	User        *store.User
	Orders      []*store.Order
	Enrollments []store.EnrolledCourse
	Teaches     []*store.Course
	Audit       []store.AuditEntry
}

// UserDetail reads one user's page for admins.
func (s *Service) UserDetail(ctx context.Context, u *store.User, id int64) (*UserDetail, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	user, err := s.DB.UserByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.New(apperr.NotFound, "not_found", "No such user.")
	}
	if err != nil {
		return nil, err
	}
	out := &UserDetail{User: user}
	if out.Orders, err = s.DB.Orders(ctx, store.OrderQuery{UserID: id, Limit: 50}); err != nil {
		return nil, err
	}
	if out.Enrollments, err = s.DB.Enrollments(ctx, id); err != nil {
		return nil, err
	}
	if out.Teaches, err = s.DB.CoursesByInstructor(ctx, id); err != nil {
		return nil, err
	}
	if out.Audit, err = s.DB.AuditFind(ctx, store.AuditQuery{UserID: id, Limit: 20}); err != nil {
		return nil, err
	}
	return out, nil
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
	// OrphanVideos is how many videos belong to no lecture (older than a
	// day): Videos leaves them out, CleanOrphanVideos deletes them.
	OrphanVideos int
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
	if s.OrphanVideos != nil {
		if n, err := s.OrphanVideos(ctx); err == nil {
			out.OrphanVideos = n
		}
	}
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

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// CleanOrphanVideos deletes the storage and rows of videos that belong to
// no lecture and are older than media.OrphanAge, and records it in the
// audit log. It returns how many were deleted.
func (s *Service) CleanOrphanVideos(ctx context.Context, u *store.User) (int, error) {
	if err := access.RequireAdmin(u); err != nil {
		return 0, err
	}
	n, err := s.CleanOrphans(ctx, s.now().Add(-media.OrphanAge))
	if n > 0 || err == nil {
		if aerr := s.DB.InTx(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, u.ID, "videos.clean_orphans", "videos", fmt.Sprintf("deleted %d videos that belonged to no lecture", n))
		}); err == nil {
			err = aerr
		}
	}
	return n, err
}

// Sales is what paid orders brought in, in one currency.
type Sales = store.Sales

// Overview is the admin dashboard: sales, sign-ups, the moderation queue,
// and the job queue and disk at a glance.
type Overview struct {
	store.Overview
	Jobs         map[string]int
	Disk         []media.DiskSpace
	Warnings     []string
	OrphanVideos int
	Since30d     time.Time
	Today        time.Time
}

// Overview reads the dashboard's figures. "Today" starts at midnight UTC;
// the 30 days end now.
func (s *Service) Overview(ctx context.Context, u *store.User) (*Overview, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	month := now.Add(-30 * 24 * time.Hour)
	figures, err := s.DB.AdminOverview(ctx, today, month)
	if err != nil {
		return nil, err
	}
	out := &Overview{Overview: *figures, Jobs: map[string]int{}, Today: today, Since30d: month}
	if jobs, err := s.DB.JobCounts(ctx); err == nil {
		out.Jobs = jobs
	}
	if s.Disk != nil {
		out.Disk = s.Disk()
	}
	if s.DiskWarnings != nil {
		out.Warnings = s.DiskWarnings()
	}
	if s.OrphanVideos != nil {
		if n, err := s.OrphanVideos(ctx); err == nil {
			out.OrphanVideos = n
		}
	}
	return out, nil
}

// AuditQuery selects a page of the audit log; AuditEntry is one line.
type (
	AuditQuery = store.AuditQuery
	AuditEntry = store.AuditEntry
)
