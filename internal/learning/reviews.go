package learning

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

const maxComment = 5000

var (
	errNoReview = apperr.New(apperr.NotFound, "not_found", "No such review.")
	errNoCourse = apperr.New(apperr.NotFound, "not_found", "No such course.")
)

// Review creates or updates u's review of a course. Only students with a
// current enrollment may review, never the course's instructor. The
// course's rating changes in the same transaction.
func (s *Service) Review(ctx context.Context, u *store.User, courseID int64, rating int, comment string) (*store.Review, bool, error) {
	var fe apperr.Fields
	if rating < 1 || rating > 5 {
		fe.Add("rating", "must be a whole number from 1 to 5")
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > maxComment {
		fe.Add("comment", fmt.Sprintf("must be at most %d characters", maxComment))
	}
	if !utf8.ValidString(comment) || strings.ContainsRune(comment, 0) {
		fe.Add("comment", "contains characters that are not text")
	}
	if err := fe.Err(); err != nil {
		return nil, false, err
	}
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, errNoCourse
	}
	if err != nil {
		return nil, false, err
	}
	if err := s.Access.Review(ctx, u, c); err != nil {
		return nil, false, err
	}
	status, reason := s.moderate(comment)
	var r *store.Review
	var created bool
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockCourse(ctx, courseID); err != nil {
			return err
		}
		if r, created, err = tx.UpsertReview(ctx, courseID, u.ID, rating, comment, status, reason); err != nil {
			return err
		}
		return tx.RecountRating(ctx, courseID)
	})
	if err != nil {
		return nil, false, err
	}
	s.changed(courseID)
	return r, created, nil
}

func (s *Service) changed(courseID int64) {
	if s.Invalidate != nil {
		s.Invalidate(courseID)
	}
}

// DeleteOwn removes u's review of a course.
func (s *Service) DeleteOwn(ctx context.Context, u *store.User, courseID int64) error {
	r, err := s.DB.ReviewOf(ctx, courseID, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return errNoReview
	}
	if err != nil {
		return err
	}
	return s.remove(ctx, r, nil, "")
}

// remove deletes a review and recounts; by is the admin when it is one.
func (s *Service) remove(ctx context.Context, r *store.Review, by *store.User, reason string) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockCourse(ctx, r.CourseID); err != nil {
			return err
		}
		if err := tx.DeleteReview(ctx, r.ID); err != nil {
			return err
		}
		if err := tx.RecountRating(ctx, r.CourseID); err != nil {
			return err
		}
		if by != nil {
			return tx.Audit(ctx, by.ID, "review.delete", "review:"+strconv.FormatInt(r.ID, 10), auditDetail(r, reason))
		}
		return nil
	})
	if err == nil {
		s.changed(r.CourseID)
	}
	return err
}

func auditDetail(r *store.Review, reason string) string {
	d := fmt.Sprintf("course %d, %d stars by user %d", r.CourseID, r.Rating, r.UserID)
	if reason != "" {
		d += "; " + reason
	}
	return d
}

// Report records that u finds a review inappropriate, once per user. With
// enough reports the review is flagged: hidden until an admin decides.
func (s *Service) Report(ctx context.Context, u *store.User, reviewID int64, reason string) (*store.Review, error) {
	reason, err := reportReason(reason)
	if err != nil {
		return nil, err
	}
	r, err := s.visibleReview(ctx, u, reviewID, false)
	if err != nil {
		return nil, err
	}
	if access.Owns(u, r.UserID) {
		return nil, errOwnReport
	}
	var fresh bool
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockCourse(ctx, r.CourseID); err != nil {
			return err
		}
		count, isNew, err := tx.AddReport(ctx, reviewID, u.ID, reason)
		if err != nil {
			return err
		}
		fresh = isNew
		cur, err := tx.ReviewByID(ctx, reviewID)
		if err != nil {
			return err
		}
		if s.flagsNow(count, isNew, cur.Status) {
			first, err := tx.FirstReportReason(ctx, reviewID)
			if err != nil {
				return err
			}
			if err := tx.SetReviewStatus(ctx, reviewID, store.ReviewFlagged, reportedReason(count, first)); err != nil {
				return err
			}
			return tx.RecountRating(ctx, r.CourseID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !fresh {
		return nil, errAlreadyReports
	}
	s.changed(r.CourseID)
	return s.DB.ReviewByID(ctx, reviewID)
}

// Reply sets the course instructor's reply to a review (empty removes it).
func (s *Service) Reply(ctx context.Context, u *store.User, reviewID int64, body string) (*store.Review, error) {
	body = strings.TrimSpace(body)
	if utf8.RuneCountInString(body) > maxComment {
		return nil, apperr.Fields{{Field: "body", Message: fmt.Sprintf("must be at most %d characters", maxComment)}}.Err()
	}
	r, err := s.visibleReview(ctx, u, reviewID, true) // instructors answer flagged reviews too
	if err != nil {
		return nil, err
	}
	c, err := s.DB.CourseByID(ctx, r.CourseID)
	if err != nil {
		return nil, err
	}
	if !access.IsOwner(u, c) {
		return nil, apperr.New(apperr.Forbidden, "forbidden", "Only the course's instructor may reply.")
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.SetReply(ctx, reviewID, body) }); err != nil {
		return nil, err
	}
	s.changed(r.CourseID)
	return s.DB.ReviewByID(ctx, reviewID)
}

// Moderate is an admin's decision on a review: hide it, restore it
// (visible) or delete it, with a reason for the audit log.
func (s *Service) Moderate(ctx context.Context, admin *store.User, reviewID int64, status, reason string) (*store.Review, error) {
	if err := access.RequireAdmin(admin); err != nil {
		return nil, err
	}
	r, err := s.DB.ReviewByID(ctx, reviewID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoReview
	}
	if err != nil {
		return nil, err
	}
	action, err := moderationDecision(status, reason)
	if err != nil {
		return nil, err
	}
	if status == moderationDelete {
		return nil, s.remove(ctx, r, admin, reason)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockCourse(ctx, r.CourseID); err != nil {
			return err
		}
		if err := tx.SetReviewStatus(ctx, reviewID, status, reason); err != nil {
			return err
		}
		if err := tx.RecountRating(ctx, r.CourseID); err != nil {
			return err
		}
		return tx.Audit(ctx, admin.ID, "review."+action,
			"review:"+strconv.FormatInt(reviewID, 10), auditDetail(r, reason))
	})
	if err != nil {
		return nil, err
	}
	s.changed(r.CourseID)
	return s.DB.ReviewByID(ctx, reviewID)
}

// AdminDelete removes any review (admins).
func (s *Service) AdminDelete(ctx context.Context, admin *store.User, reviewID int64, reason string) error {
	_, err := s.Moderate(ctx, admin, reviewID, moderationDelete, reason)
	return err
}

// visibleReview loads a review u may act on: one on a course u may see,
// and visible to the public unless it is u's own or u is an admin.
func (s *Service) visibleReview(ctx context.Context, u *store.User, reviewID int64, anyStatus bool) (*store.Review, error) {
	r, err := s.DB.ReviewByID(ctx, reviewID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoReview
	}
	if err != nil {
		return nil, err
	}
	if !anyStatus && r.Status != store.ReviewVisible && !access.OwnsOrAdmin(u, r.UserID) {
		return nil, errNoReview
	}
	c, err := s.DB.CourseByID(ctx, r.CourseID)
	if err != nil {
		return nil, err
	}
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return nil, errNoReview
	}
	return r, nil
}
