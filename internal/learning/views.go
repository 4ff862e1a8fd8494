package learning

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/markdown"
	"github.com/lectern/lectern/internal/store"
)

// LectureContent is what a lecture says, for those the policy entitles.
type LectureContent struct {
	Lecture  *store.Lecture
	BodyHTML string
	Grant    access.Grant
}

// Content gives an entitled viewer (anyone, for a preview of a public
// course) a lecture's content: an article's sanitised HTML.
func (s *Service) Content(ctx context.Context, u *store.User, lectureID int64) (*LectureContent, error) {
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
	g, err := s.Access.Lecture(ctx, u, c, l)
	if err != nil {
		return nil, err
	}
	return &LectureContent{Lecture: l, BodyHTML: markdown.ToHTML(l.BodyMD), Grant: g}, nil
}

// ReviewPage is one page of a course's reviews with its rating summary.
type ReviewPage struct {
	Items     []*store.Review
	Next      *store.ReviewCursor
	Summary   *ReviewSummary // nil for moderation lists
	Moderator bool           // the caller may see moderation details
}

// ReviewSummary is a course's rating: average, count and stars histogram.
type ReviewSummary struct {
	Average   float64
	Count     int
	Histogram map[int]int
}

// CourseReviews lists the visible reviews of a course u may see.
func (s *Service) CourseReviews(ctx context.Context, u *store.User, courseID int64, sort string, after *store.ReviewCursor, limit int) (*ReviewPage, error) {
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCourse
	}
	if err != nil {
		return nil, err
	}
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return nil, err
	}
	page, err := s.reviews(ctx, u, store.ReviewQuery{CourseID: courseID, Status: store.ReviewVisible, Sort: sort, After: after, Limit: limit})
	if err != nil {
		return nil, err
	}
	h, err := s.DB.RatingHistogram(ctx, courseID)
	if err != nil {
		return nil, err
	}
	page.Summary = &ReviewSummary{Average: c.RatingAvg, Count: c.RatingCount, Histogram: h}
	return page, nil
}

// ModerationQueue lists reviews by status for admins.
func (s *Service) ModerationQueue(ctx context.Context, u *store.User, status, sort string, after *store.ReviewCursor, limit int) (*ReviewPage, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	return s.reviews(ctx, u, store.ReviewQuery{Status: status, Sort: sort, After: after, Limit: limit})
}

func (s *Service) reviews(ctx context.Context, u *store.User, q store.ReviewQuery) (*ReviewPage, error) {
	if q.Sort != "" && q.Sort != "recent" && q.Sort != "rating" {
		return nil, apperr.Fields{{Field: "sort", Message: "must be recent or rating"}}.Err()
	}
	if q.After != nil && q.After.Sort != q.Sort {
		return nil, apperr.Fields{{Field: "cursor", Message: "is not a cursor this server gave out for this sort"}}.Err()
	}
	items, next, err := s.DB.Reviews(ctx, q)
	if err != nil {
		return nil, err
	}
	return &ReviewPage{Items: items, Next: next, Moderator: access.IsAdmin(u)}, nil
}

// MyReview is u's review of a course.
func (s *Service) MyReview(ctx context.Context, u *store.User, courseID int64) (*store.Review, error) {
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCourse
	}
	if err != nil {
		return nil, err
	}
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return nil, err
	}
	r, err := s.DB.ReviewOf(ctx, courseID, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.New(apperr.NotFound, "not_found", "You have not reviewed this course.")
	}
	return r, err
}

// MyCourse is one of u's courses in My learning: how far they got, and
// their certificate once they finished.
type MyCourse struct {
	store.EnrolledCourse
	Percent       int
	Completed     int
	Lectures      int
	LastActiveAt  *time.Time
	CertificateID string
}

// Enrollments lists u's current enrollments with their progress, the
// course last worked on first, then the newest enrollments.
func (s *Service) Enrollments(ctx context.Context, u *store.User) ([]MyCourse, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	list, err := s.DB.Enrollments(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	act, err := s.DB.LearningActivity(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	certs, err := s.DB.UserCertificates(ctx, u.ID, 0)
	if err != nil {
		return nil, err
	}
	certOf := map[int64]string{}
	for _, c := range certs {
		certOf[c.CourseID] = c.ID
	}
	out := make([]MyCourse, 0, len(list))
	for _, e := range list {
		a := act[e.Course.ID]
		m := MyCourse{EnrolledCourse: e, Completed: a.Completed, Lectures: a.Lectures, LastActiveAt: a.LastAt, CertificateID: certOf[e.Course.ID]}
		m.Percent = PercentComplete(a.Completed, a.Lectures)
		out = append(out, m)
	}
	// Stable: enrollments arrive newest first, and keep that order among
	// courses not started.
	slices.SortStableFunc(out, func(a, b MyCourse) int {
		switch {
		case a.LastActiveAt == nil && b.LastActiveAt == nil:
			return 0
		case a.LastActiveAt == nil:
			return 1
		case b.LastActiveAt == nil:
			return -1
		}
		return b.LastActiveAt.Compare(*a.LastActiveAt)
	})
	return out, nil
}
