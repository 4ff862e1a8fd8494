package learning

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/riverqueue/river"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/notify"
	"github.com/lectern/lectern/internal/store"
)

// Announcement is what the HTTP layer shows of an announcement.
type Announcement = store.Announcement

// AnnouncementPage is how many students one transaction of the delivery
// job emails: big enough that 50,000 students take 100 short transactions,
// small enough that none of them holds the (SQLite) writer for long.
const AnnouncementPage = 500

// announcementPagesPerRun: after this many pages a delivery job makes way
// for other jobs (video transcodes share the queue) and comes back.
const announcementPagesPerRun = 20

const (
	maxAnnouncementTitle = 200
	maxAnnouncementBody  = 20000
)

// AnnouncementInput is what an instructor writes.
type AnnouncementInput struct {
	Title  string
	BodyMD string
}

// PostAnnouncement stores an announcement to everyone enrolled in a course
// and queues its emails; only the course's instructor and admins may.
func (s *Service) PostAnnouncement(ctx context.Context, u *store.User, courseID int64, in AnnouncementInput) (*Announcement, error) {
	c, err := s.courseByID(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		return nil, err
	}
	in.Title, in.BodyMD = strings.TrimSpace(in.Title), strings.TrimSpace(in.BodyMD)
	var fe apperr.Fields
	switch {
	case in.Title == "":
		fe.Add("title", "is required")
	case utf8.RuneCountInString(in.Title) > maxAnnouncementTitle || !utf8.ValidString(in.Title) || strings.ContainsRune(in.Title, 0):
		fe.Add("title", fmt.Sprintf("must be text of at most %d characters", maxAnnouncementTitle))
	}
	switch {
	case in.BodyMD == "":
		fe.Add("body_md", "is required")
	case utf8.RuneCountInString(in.BodyMD) > maxAnnouncementBody || !utf8.ValidString(in.BodyMD) || strings.ContainsRune(in.BodyMD, 0):
		fe.Add("body_md", fmt.Sprintf("must be text of at most %d characters", maxAnnouncementBody))
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var out *Announcement
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.CreateAnnouncement(ctx, c.ID, u.ID, in.Title, in.BodyMD)
		if err != nil {
			return err
		}
		out = a
		if s.Jobs == nil {
			return nil // no queue (tools and tests): DeliverAnnouncement is called directly
		}
		_, err = s.Jobs.InsertTx(ctx, tx.SQL(), AnnouncementArgs{AnnouncementID: a.ID}, nil)
		return err
	})
	return out, err
}

// Announcements lists a course's announcements, newest first, for whoever
// may learn from it (enrolled students, subscribers, its instructor, admins).
func (s *Service) Announcements(ctx context.Context, u *store.User, courseID, beforeID int64, limit int) ([]*Announcement, error) {
	c, err := s.courseByID(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Access.Course(ctx, u, c); err != nil {
		return nil, err
	}
	return s.DB.CourseAnnouncements(ctx, c.ID, beforeID, limit)
}

func (s *Service) courseByID(ctx context.Context, id int64) (*store.Course, error) {
	c, err := s.DB.CourseByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, access.ErrCourseNotFound
	}
	return c, err
}

// DeliverAnnouncement tells every student enrolled in its course who has
// not had it yet about an announcement (a notification in the app and,
// as their settings say, an email), a page of AnnouncementPage students
// per transaction: each student's delivery row, notification and outbox
// email commit together, so a run that crashes, is retried or runs twice (even at the
// same time as another) emails nobody twice and misses nobody. It stops
// after maxPages pages (0: no limit) and says whether everyone has it.
func (s *Service) DeliverAnnouncement(ctx context.Context, id int64, maxPages int) (done bool, err error) {
	a, err := s.DB.AnnouncementByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return true, nil // the course (and its announcements) was deleted
	}
	if err != nil {
		return false, err
	}
	c, err := s.DB.CourseByID(ctx, a.CourseID)
	if errors.Is(err, store.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	// Through the notifier: the bell for everyone, an email unless the
	// student turned announcements off in their settings.
	notice := notify.Notice{
		Title: c.Title + ": " + a.Title,
		Body:  fmt.Sprintf("%s posted an announcement in %s.\n\n%s\n\n%s", a.AuthorName, c.Title, a.Title, a.BodyMD),
		Link:  fmt.Sprintf("/learn/%s?announcements=1", c.Slug),
	}
	var after int64
	for page := 0; maxPages <= 0 || page < maxPages; page++ {
		var n int
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			list, err := tx.UndeliveredRecipients(ctx, a.ID, a.CourseID, after, AnnouncementPage)
			if err != nil {
				return err
			}
			n = len(list)
			var claimed []int64
			for _, r := range list {
				after = r.UserID
				ok, err := tx.RecordDelivery(ctx, a.ID, r.UserID)
				if err != nil {
					return err
				}
				if ok { // else another run got there first
					claimed = append(claimed, r.UserID)
				}
			}
			return s.notify(ctx, tx, claimed, NoticeAnnouncement, notice)
		})
		if err != nil {
			return false, err
		}
		if n < AnnouncementPage {
			return true, s.DB.MarkAnnouncementEmailed(ctx, a.ID)
		}
	}
	return false, nil
}

// NoticeAnnouncement is the notification kind of course announcements.
const NoticeAnnouncement = "course.announcement"

func init() {
	notify.Register(notify.Kind{Name: NoticeAnnouncement, Label: "Announcements in my courses", Email: true})
}

// AnnouncementArgs is the job of emailing one announcement.
type AnnouncementArgs struct {
	AnnouncementID int64 `json:"announcement_id"`
}

// Kind names the job in the queue.
func (AnnouncementArgs) Kind() string { return "announcement_emails" }

// InsertOpts keeps one live job per announcement.
func (AnnouncementArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// AnnouncementWorker works AnnouncementArgs jobs.
type AnnouncementWorker struct {
	river.WorkerDefaults[AnnouncementArgs]
	S *Service
}

// Timeout: a run is at most announcementPagesPerRun short transactions.
func (w *AnnouncementWorker) Timeout(*river.Job[AnnouncementArgs]) time.Duration {
	return 10 * time.Minute
}

// Work emails the next pages of students; when more are left the job
// snoozes for a moment, letting other jobs run, and carries on.
func (w *AnnouncementWorker) Work(ctx context.Context, job *river.Job[AnnouncementArgs]) error {
	done, err := w.S.DeliverAnnouncement(ctx, job.Args.AnnouncementID, announcementPagesPerRun)
	if err != nil || done {
		return err
	}
	return river.JobSnooze(time.Second)
}
