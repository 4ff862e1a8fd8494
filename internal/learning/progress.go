// Package learning holds what happens after enrollment: progress through
// lectures, reviews and ratings, and their moderation.
package learning

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/jobs"
	"github.com/lectern/lectern/internal/store"
)

// CompleteShare is how much of a video must really have been played for
// the lecture to count as complete: 90%, so skipping the closing credits is
// fine but seeking to the end is not.
const CompleteShare = 0.9

// Deps is everything the learning service needs; NewService takes all of it.
type Deps struct {
	DB     *store.DB
	Access *access.Policy
	// Invalidate is told when a course's public data (rating) changed.
	Invalidate func(courseID int64)
	// ReportsToFlag: a review with this many reports is hidden until an
	// admin decides.
	ReportsToFlag int
	// BannedWords flag a review that contains one (case-insensitive).
	BannedWords []string
	// PublicURL is where Lectern is reached; certificates link to it.
	PublicURL string
	// Certified is told, after commit, of each certificate issued.
	Certified func(store.Certificate)
	// Now names the month subscriber watch time is counted in (nil: the
	// wall clock); it is the subscriptions' clock, so a test clock moves both.
	Now func() time.Time
	// Notifier tells users of answers and questions (nil: nobody is told).
	Notifier Notifier
	// Jobs queues announcement emails (nil: they are delivered by calling
	// DeliverAnnouncement).
	Jobs *jobs.Client
}

// Service carries out the learning rules.
type Service struct {
	Deps
}

// NewService makes the learning service.
func NewService(d Deps) *Service {
	if d.Access == nil {
		d.Access = access.New(d.DB, nil)
	}
	return &Service{Deps: d}
}

var errNoLecture = access.ErrLectureNotFound

// ProgressInput is what the player reports.
type ProgressInput struct {
	PositionS float64
	// WatchedS is how many seconds were played since the last report; the
	// server caps it by the time that really passed.
	WatchedS  float64
	Completed bool // articles: "mark as done"
}

// ReportProgress records where u is in a lecture. Only entitled users may.
func (s *Service) ReportProgress(ctx context.Context, u *store.User, lectureID int64, in ProgressInput) (*store.Progress, error) {
	var fe apperr.Fields
	if in.PositionS < 0 || math.IsNaN(in.PositionS) || in.PositionS > 24*3600 {
		fe.Add("position_s", "must be a number of seconds from 0")
	}
	if in.WatchedS < 0 || math.IsNaN(in.WatchedS) || in.WatchedS > 24*3600 {
		fe.Add("watched_s", "must be a number of seconds from 0")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	l, err := s.DB.LectureByID(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoLecture
	}
	if err != nil {
		return nil, err
	}
	c, err := s.DB.CourseByID(ctx, l.CourseID)
	if err != nil {
		return nil, err
	}
	grant, err := s.Access.Lecture(ctx, u, c, l)
	if err != nil {
		return nil, err
	}
	if grant == access.GrantPreview {
		return nil, apperr.New(apperr.Forbidden, "not_enrolled", "Enroll in the course to track your progress.")
	}
	var out *store.Progress
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		p, err := tx.ProgressFor(ctx, u.ID, lectureID)
		if errors.Is(err, store.ErrNotFound) {
			p = &store.Progress{LectureID: lectureID, CourseID: l.CourseID, UpdatedAt: time.Now().Add(-time.Hour)}
		} else if err != nil {
			return err
		}
		// Nobody watches faster than 2x, so a report cannot claim more than
		// twice the wall time since the previous one (plus a little slack).
		before := p.WatchedS
		since := time.Since(p.UpdatedAt).Seconds()
		watched := math.Min(in.WatchedS, 2*since+2)
		p.WatchedS = math.Min(p.WatchedS+watched, float64(max(l.DurationS, 1))*2)
		p.PositionS = in.PositionS
		if l.DurationS > 0 && p.PositionS > float64(l.DurationS) {
			p.PositionS = float64(l.DurationS)
		}
		if l.Kind == store.LectureVideo && l.DurationS > 0 {
			// The stretch this report played, for the drop-off curve.
			p.WatchedRanges = AddWatched(p.WatchedRanges, p.PositionS, watched, l.DurationS)
		}
		newly := false
		if p.CompletedAt == nil {
			switch l.Kind {
			case store.LectureArticle:
				newly = in.Completed
			case store.LectureQuiz:
				// A quiz is complete when it is passed (SubmitQuiz).
			default:
				newly = l.DurationS > 0 && p.WatchedS >= CompleteShare*float64(l.DurationS)
			}
			if newly {
				t := time.Now().UTC()
				p.CompletedAt = &t
			}
		}
		out = p
		if grant == access.GrantSubscription {
			// Seconds watched through the subscription are what its revenue
			// is shared by: only the seconds this report really added.
			if added := p.WatchedS - before; added > 0 {
				now := time.Now
				if s.Now != nil {
					now = s.Now
				}
				if err := tx.AddWatchTime(ctx, u.ID, l.CourseID, now().UTC().Format("2006-01"), added); err != nil {
					return err
				}
			}
		}
		if err := tx.SaveProgress(ctx, u.ID, *p); err != nil {
			return err
		}
		if newly && grant != access.GrantOwner && grant != access.GrantAdmin {
			_, err := s.certify(ctx, tx, u, c)
			return err
		}
		return nil
	})
	return out, err
}

// PercentComplete is the one rule for a course's progress in whole percent:
// completed lectures over all lectures, rounded down (so 100 means every
// lecture is done), within 0..100. The web UI's percentComplete (lib/format.ts)
// is the same rule, for the update it shows before the server answers.
func PercentComplete(done, total int) int {
	if total <= 0 || done <= 0 {
		return 0
	}
	return min(100, done*100/total)
}

// CourseProgress is a user's progress through a course.
type CourseProgress struct {
	Percent     int
	NextLecture *int64
	Lectures    []*store.Lecture
	ByLecture   map[int64]store.Progress
	Certificate *store.Certificate // when the course is complete
}

// Progress reads u's progress in a course: per lecture, the share of
// lectures completed, and the lecture to continue with.
func (s *Service) Progress(ctx context.Context, u *store.User, courseID int64) (*CourseProgress, error) {
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, access.ErrCourseNotFound
	}
	if err != nil {
		return nil, err
	}
	// Anyone who may see the course has a progress (empty until enrolled);
	// a draft is not found.
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return nil, err
	}
	sections, err := s.DB.Curriculum(ctx, courseID)
	if err != nil {
		return nil, err
	}
	by, err := s.DB.CourseProgress(ctx, u.ID, courseID)
	if err != nil {
		return nil, err
	}
	out := &CourseProgress{ByLecture: by}
	certs, err := s.DB.UserCertificates(ctx, u.ID, courseID)
	if err != nil {
		return nil, err
	}
	if len(certs) > 0 {
		out.Certificate = &certs[0]
	}
	done := 0
	var lastTouched time.Time
	var resume *int64
	for _, sec := range sections {
		for _, l := range sec.Lectures {
			out.Lectures = append(out.Lectures, l)
			p, ok := by[l.ID]
			if ok && p.CompletedAt != nil {
				done++
			}
			if ok && p.UpdatedAt.After(lastTouched) && p.CompletedAt == nil {
				lastTouched, resume = p.UpdatedAt, &l.ID
			}
		}
	}
	out.Percent = PercentComplete(done, len(out.Lectures))
	// Continue the lecture last left unfinished, else the first not done.
	out.NextLecture = resume
	if out.NextLecture == nil {
		for _, l := range out.Lectures {
			if p, ok := by[l.ID]; !ok || p.CompletedAt == nil {
				id := l.ID
				out.NextLecture = &id
				break
			}
		}
	}
	return out, nil
}
