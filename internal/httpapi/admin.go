package httpapi

import (
	"net/http"
	"strconv"
	"time"

	adminsvc "github.com/lectern/lectern/internal/admin"
	"github.com/lectern/lectern/internal/apperr"
)

type auditEntryJSON struct {
	ID      string     `json:"id"`
	Actor   personJSON `json:"actor"`
	Action  string     `json:"action"`
	Subject string     `json:"subject"`
	// SubjectName names what the entry is about (a user, a course, a
	// review's course) when it still exists.
	SubjectName string    `json:"subject_name"`
	Detail      string    `json:"detail"`
	At          time.Time `json:"at"`
}

type auditList struct {
	Items      []auditEntryJSON `json:"items"`
	NextCursor *string          `json:"next_cursor"`
}

func toAuditJSON(list []adminsvc.AuditEntry) []auditEntryJSON {
	out := []auditEntryJSON{}
	for _, e := range list {
		out = append(out, auditEntryJSON{ID: id(e.ID), Actor: personJSON{ID: id(e.ActorID), Name: e.ActorName}, Action: e.Action,
			Subject: e.Subject, SubjectName: e.SubjectName, Detail: e.Detail, At: e.At.UTC()})
	}
	return out
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	p, err := readPage(r)
	if err != nil {
		return err
	}
	q := adminsvc.AuditQuery{BeforeID: p.afterID, Limit: p.limit, Action: r.URL.Query().Get("action")}
	if a := r.URL.Query().Get("actor"); a != "" {
		if q.ActorID, err = strconv.ParseInt(a, 10, 64); err != nil || q.ActorID <= 0 {
			return apperr.Fields{{Field: "actor", Message: "is not a user id"}}.Err()
		}
	}
	entries, err := s.Admin.AuditLog(r.Context(), currentUser(r), q)
	if err != nil {
		return err
	}
	out := auditList{Items: toAuditJSON(entries)}
	if len(entries) == p.limit {
		out.NextCursor = encodeCursor(entries[len(entries)-1].ID)
	}
	return writeJSON(w, http.StatusOK, out)
}

type enrolledJSON struct {
	Course    courseJSON `json:"course"`
	Source    string     `json:"source"`
	CreatedAt time.Time  `json:"created_at"`
}

// adminUserDetailJSON is one user's admin page.
type adminUserDetailJSON struct {
	User        userJSON         `json:"user"`
	Orders      []orderJSON      `json:"orders"`
	Enrollments []enrolledJSON   `json:"enrollments"`
	Teaches     []courseJSON     `json:"teaches"`
	Audit       []auditEntryJSON `json:"audit"`
}

// adminUser is one user with their orders, enrollments, courses taught and
// the audit entries by or about them.
func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) error {
	uid, err := pathID(r, "id", "user")
	if err != nil {
		return err
	}
	d, err := s.Admin.UserDetail(r.Context(), currentUser(r), uid)
	if err != nil {
		return err
	}
	out := adminUserDetailJSON{User: toUserJSON(d.User), Orders: []orderJSON{}, Enrollments: []enrolledJSON{}, Teaches: []courseJSON{},
		Audit: toAuditJSON(d.Audit)}
	for _, o := range d.Orders {
		oj := s.toOrderJSON(o, currentUser(r))
		oj.RefundReason = o.RefundReason
		out.Orders = append(out.Orders, oj)
	}
	for _, e := range d.Enrollments {
		out.Enrollments = append(out.Enrollments, enrolledJSON{Course: toCourseJSON(e.Course), Source: e.Enrollment.Source, CreatedAt: e.Enrollment.CreatedAt})
	}
	for _, c := range d.Teaches {
		out.Teaches = append(out.Teaches, toCourseJSON(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

type statusJSON struct {
	Database  string         `json:"database"`
	Storage   string         `json:"storage"`
	Jobs      map[string]int `json:"jobs"`
	Videos    map[string]int `json:"videos"`
	FFmpeg    ffmpegStatus   `json:"ffmpeg"`
	Disk      []diskJSON     `json:"disk"`
	Warnings  []string       `json:"warnings"`
	Version   string         `json:"version"`
	CheckedAt time.Time      `json:"checked_at"`
	// OrphanVideos counts videos that belong to no lecture, older than a
	// day (left out of videos; POST /admin/videos/orphans/clean deletes them).
	OrphanVideos int `json:"orphan_videos"`
}

// diskJSON is the free space of one place this node writes to, by what it
// holds (never its path).
type diskJSON struct {
	Name       string `json:"name"`
	FreeBytes  int64  `json:"free_bytes"`
	TotalBytes int64  `json:"total_bytes"`
	Low        bool   `json:"low"`
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
	st, err := s.Admin.Status(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	disk := make([]diskJSON, 0, len(st.Disk))
	for _, d := range st.Disk {
		disk = append(disk, diskJSON{Name: d.Name, FreeBytes: d.FreeBytes, TotalBytes: d.TotalBytes, Low: d.Low})
	}
	warnings := st.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	return writeJSON(w, http.StatusOK, statusJSON{Database: st.Database, Storage: st.Storage, Jobs: st.Jobs, Videos: st.Videos,
		FFmpeg: ffmpegStatus{Found: st.FFmpegFound, Version: st.FFmpegVersion, Error: st.FFmpegError}, Disk: disk, Warnings: warnings,
		Version: "1", CheckedAt: st.CheckedAt, OrphanVideos: st.OrphanVideos})
}

func (s *Server) adminCourses(w http.ResponseWriter, r *http.Request) error {
	p, err := readPage(r)
	if err != nil {
		return err
	}
	list, err := s.Catalog.AdminCourses(r.Context(), currentUser(r), r.URL.Query().Get("status"), r.URL.Query().Get("q"), p.afterID, p.limit)
	if err != nil {
		return err
	}
	out := courseList{Items: []courseJSON{}}
	for _, c := range list {
		out.Items = append(out.Items, toCourseJSON(c))
	}
	if len(list) == p.limit {
		out.NextCursor = encodeCursor(list[len(list)-1].ID)
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
	c, err := s.Catalog.Feature(r.Context(), currentUser(r), cid, *in.Featured)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toCourseJSON(c))
}

type salesJSON struct {
	Currency   string `json:"currency"`
	Orders     int    `json:"orders"`
	TotalCents int64  `json:"total_cents"`
}

type overviewJSON struct {
	SalesToday        []salesJSON    `json:"sales_today"`
	Sales30d          []salesJSON    `json:"sales_30d"`
	NewUsersToday     int            `json:"new_users_today"`
	NewUsers30d       int            `json:"new_users_30d"`
	Users             int            `json:"users"`
	PendingModeration int            `json:"pending_moderation"`
	ReportedReviews   int            `json:"reported_reviews"`
	FlaggedPosts      int            `json:"flagged_posts"`
	ReportedPosts     int            `json:"reported_posts"`
	PublishedCourses  int            `json:"published_courses"`
	DraftCourses      int            `json:"draft_courses"`
	Jobs              map[string]int `json:"jobs"`
	Disk              []diskJSON     `json:"disk"`
	Warnings          []string       `json:"warnings"`
	OrphanVideos      int            `json:"orphan_videos"`
	Today             time.Time      `json:"today"`
	Since30d          time.Time      `json:"since_30d"`
}

func toSalesJSON(list []adminsvc.Sales) []salesJSON {
	out := make([]salesJSON, 0, len(list))
	for _, s := range list {
		out = append(out, salesJSON{Currency: s.Currency, Orders: s.Orders, TotalCents: s.TotalCents})
	}
	return out
}

// adminOverview is the admin dashboard's figures.
func (s *Server) adminOverview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Admin.Overview(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	disk := make([]diskJSON, 0, len(o.Disk))
	for _, d := range o.Disk {
		disk = append(disk, diskJSON{Name: d.Name, FreeBytes: d.FreeBytes, TotalBytes: d.TotalBytes, Low: d.Low})
	}
	warnings := o.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	return writeJSON(w, http.StatusOK, overviewJSON{SalesToday: toSalesJSON(o.SalesToday), Sales30d: toSalesJSON(o.Sales30d),
		NewUsersToday: o.NewUsersToday, NewUsers30d: o.NewUsers30d, Users: o.Users, PendingModeration: o.PendingModeration,
		ReportedReviews: o.ReportedReviews, FlaggedPosts: o.FlaggedPosts, ReportedPosts: o.ReportedPosts, PublishedCourses: o.PublishedCourses, DraftCourses: o.DraftCourses, Jobs: o.Jobs,
		Disk: disk, Warnings: warnings, OrphanVideos: o.OrphanVideos, Today: o.Today, Since30d: o.Since30d})
}

type cleanedJSON struct {
	Deleted int `json:"deleted"`
}

// cleanOrphanVideos deletes videos that belong to no lecture, older than a day.
func (s *Server) cleanOrphanVideos(w http.ResponseWriter, r *http.Request) error {
	n, err := s.Admin.CleanOrphanVideos(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cleanedJSON{Deleted: n})
}
