package store_test

import (
	"errors"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestReviews(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Reviewed", 0, store.CoursePublished)
		ann, bob, cat := mkUser(t, db, "ann@x.io"), mkUser(t, db, "bob@x.io"), mkUser(t, db, "cat@x.io")
		upsert := func(u *store.User, rating int, comment, status string) (*store.Review, bool) {
			t.Helper()
			var r *store.Review
			var created bool
			inTx(t, db, func(tx *store.Tx) error {
				if err := tx.LockCourse(ctx, c.ID); err != nil {
					return err
				}
				var err error
				if r, created, err = tx.UpsertReview(ctx, c.ID, u.ID, rating, comment, status, ""); err != nil {
					return err
				}
				return tx.RecountRating(ctx, c.ID)
			})
			return r, created
		}
		ra, created := upsert(ann, 5, "great", store.ReviewVisible)
		if !created || ra.Rating != 5 || ra.UserName != ann.Name || ra.CourseTitle != "Reviewed" || ra.CourseSlug != c.Slug {
			t.Fatalf("UpsertReview = %+v, created %v", ra, created)
		}
		if again, created := upsert(ann, 4, "good", store.ReviewVisible); created || again.ID != ra.ID || again.Rating != 4 || again.Comment != "good" {
			t.Errorf("editing a review = %+v, created %v", again, created)
		}
		rb, _ := upsert(bob, 2, "meh", store.ReviewVisible)
		rc, _ := upsert(cat, 1, "spam spam", store.ReviewFlagged)
		if got, _ := db.CourseByID(ctx, c.ID); got.RatingCount != 2 || got.RatingAvg != 3 {
			t.Errorf("rating = %v over %d, want 3 over 2 visible reviews", got.RatingAvg, got.RatingCount)
		}
		if h, err := db.RatingHistogram(ctx, c.ID); err != nil || !maps.Equal(h, map[int]int{1: 0, 2: 1, 3: 0, 4: 1, 5: 0}) {
			t.Errorf("RatingHistogram = %v, %v", h, err)
		}
		if got, err := db.ReviewOf(ctx, c.ID, bob.ID); err != nil || got.ID != rb.ID {
			t.Errorf("ReviewOf = %+v, %v", got, err)
		}
		if _, err := db.ReviewOf(ctx, c.ID, ins.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ReviewOf a non-reviewer: %v", err)
		}

		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.SetReviewStatus(ctx, rb.ID, store.ReviewHidden, "rude"); err != nil {
				return err
			}
			if err := tx.SetReviewStatus(ctx, 999999, store.ReviewHidden, ""); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetReviewStatus of a missing review: %v", err)
			}
			if err := tx.SetReply(ctx, ra.ID, "Thanks!"); err != nil {
				return err
			}
			got, err := tx.ReviewByID(ctx, ra.ID)
			if err != nil || got.InstructorReply != "Thanks!" || got.RepliedAt == nil {
				t.Errorf("after SetReply: %+v, %v", got, err)
			}
			for _, r := range []struct {
				by    int64
				n     int
				isNew bool
			}{{ann.ID, 1, true}, {ann.ID, 1, false}, {ins.ID, 2, true}} {
				n, isNew, err := tx.AddReport(ctx, rc.ID, r.by, "spam")
				if err != nil || n != r.n || isNew != r.isNew {
					t.Errorf("AddReport by %d = %d, %v, %v; want %d, %v", r.by, n, isNew, err, r.n, r.isNew)
				}
			}
			return tx.RecountRating(ctx, c.ID)
		})
		// A hidden review stays hidden when its author edits it.
		if got, _ := upsert(bob, 3, "edited", store.ReviewVisible); got.Status != store.ReviewHidden || got.FlagReason != "rude" {
			t.Errorf("an edit un-hid a review: %+v", got)
		}
		if got, err := db.ReviewByID(ctx, rc.ID); err != nil || got.ReportCount != 2 || got.Status != store.ReviewFlagged {
			t.Errorf("ReviewByID = %+v, %v", got, err)
		}
		if got, _ := db.CourseByID(ctx, c.ID); got.RatingCount != 1 || got.RatingAvg != 4 {
			t.Errorf("rating after hiding = %v over %d, want 4 over 1", got.RatingAvg, got.RatingCount)
		}
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.SetReply(ctx, ra.ID, ""); err != nil {
				return err
			}
			if err := tx.DeleteReview(ctx, rc.ID); err != nil {
				return err
			}
			if err := tx.DeleteReview(ctx, rc.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second DeleteReview: %v", err)
			}
			return nil
		})
		if got, _ := db.ReviewByID(ctx, ra.ID); got.InstructorReply != "" || got.RepliedAt != nil {
			t.Errorf("an empty reply is kept: %+v", got)
		}
		if _, err := db.ReviewByID(ctx, rc.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted review: %v", err)
		}
	})
}

func TestReviewsPaginate(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Many", 0, store.CoursePublished)
		other := mkCourse(t, db, ins.ID, "Other", 0, store.CoursePublished)
		ratings := []int{3, 5, 1, 5, 4}
		var ids []int64
		inTx(t, db, func(tx *store.Tx) error {
			for i, r := range ratings {
				u, err := tx.CreateUser(ctx, store.NewUser{Email: string(rune('a'+i)) + "@x.io", Name: "U", PasswordHash: "h"})
				if err != nil {
					return err
				}
				rv, _, err := tx.UpsertReview(ctx, c.ID, u.ID, r, "", store.ReviewVisible, "")
				if err != nil {
					return err
				}
				ids = append(ids, rv.ID)
				if i == 0 {
					if _, _, err := tx.UpsertReview(ctx, other.ID, u.ID, 2, "", store.ReviewVisible, ""); err != nil {
						return err
					}
					if _, _, err := tx.UpsertReview(ctx, other.ID, ins.ID, 2, "", store.ReviewFlagged, "link"); err != nil {
						return err
					}
				}
			}
			return nil
		})
		walk := func(q store.ReviewQuery) []int {
			t.Helper()
			var out []int
			for range 10 {
				page, next, err := db.Reviews(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page {
					out = append(out, r.Rating)
				}
				if next == nil {
					return out
				}
				q.After = next
			}
			t.Fatal("pagination did not end")
			return nil
		}
		if got := walk(store.ReviewQuery{CourseID: c.ID, Status: store.ReviewVisible, Sort: "rating", Limit: 2}); !equalInts(got, []int{5, 5, 4, 3, 1}) {
			t.Errorf("by rating = %v", got)
		}
		if got := walk(store.ReviewQuery{CourseID: c.ID, Status: store.ReviewVisible, Sort: "recent", Limit: 2}); !equalInts(got, []int{4, 5, 1, 5, 3}) {
			t.Errorf("most recent first = %v", got)
		}
		if got := walk(store.ReviewQuery{Status: store.ReviewFlagged, Limit: 5}); !equalInts(got, []int{2}) {
			t.Errorf("flagged across courses = %v", got)
		}
		if got := walk(store.ReviewQuery{Limit: 3}); len(got) != 7 {
			t.Errorf("every review = %v", got)
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// LockCourse serialises review changes to one course: a second
// transaction's lock waits for the first to commit.
func TestLockCourseSerialises(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Locked", 0, store.CoursePublished)
		locked := make(chan struct{})
		var committed, secondGotLock time.Time
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-locked
			_ = db.InTx(ctx, func(tx *store.Tx) error {
				err := tx.LockCourse(ctx, c.ID)
				secondGotLock = time.Now()
				return err
			})
		}()
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.LockCourse(ctx, c.ID); err != nil {
				return err
			}
			close(locked)
			time.Sleep(300 * time.Millisecond)
			committed = time.Now()
			return nil
		})
		wg.Wait()
		if secondGotLock.Before(committed) {
			t.Errorf("the second transaction locked the course %v before the first committed", committed.Sub(secondGotLock))
		}
	})
}
