package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestProgress(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "Progress", 0, store.CoursePublished)
		_, l1 := mkLecture(t, db, c.ID, store.LectureVideo, false)
		_, l2 := mkLecture(t, db, c.ID, store.LectureArticle, false)
		done := time.Now().UTC().Truncate(time.Second)
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.ProgressFor(ctx, stu.ID, l1.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("ProgressFor before any progress: %v", err)
			}
			if err := tx.SaveProgress(ctx, stu.ID, store.Progress{LectureID: l1.ID, CourseID: c.ID, PositionS: 30, WatchedS: 25}); err != nil {
				return err
			}
			if err := tx.SaveProgress(ctx, stu.ID, store.Progress{LectureID: l1.ID, CourseID: c.ID, PositionS: 90.5, WatchedS: 80}); err != nil {
				return err
			}
			if err := tx.SaveProgress(ctx, stu.ID, store.Progress{LectureID: l2.ID, CourseID: c.ID, CompletedAt: &done}); err != nil {
				return err
			}
			p, err := tx.ProgressFor(ctx, stu.ID, l1.ID)
			if err != nil || p.PositionS != 90.5 || p.WatchedS != 80 || p.CompletedAt != nil || p.CourseID != c.ID || p.UpdatedAt.IsZero() {
				t.Errorf("ProgressFor after two saves = %+v, %v", p, err)
			}
			return nil
		})
		got, err := db.CourseProgress(ctx, stu.ID, c.ID)
		if err != nil || len(got) != 2 || got[l1.ID].PositionS != 90.5 || got[l2.ID].CompletedAt == nil || !got[l2.ID].CompletedAt.Equal(done) {
			t.Errorf("CourseProgress = %+v, %v", got, err)
		}
		if other, err := db.CourseProgress(ctx, ins.ID, c.ID); err != nil || len(other) != 0 {
			t.Errorf("another user's progress = %+v, %v", other, err)
		}
		// Progress counts in My learning only while enrolled.
		if act, err := db.LearningActivity(ctx, stu.ID); err != nil || len(act) != 0 {
			t.Errorf("LearningActivity before enrolling = %+v, %v", act, err)
		}
		other := mkCourse(t, db, ins.ID, "Other", 0, store.CoursePublished)
		mkLecture(t, db, other.ID, store.LectureVideo, false)
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.Enroll(ctx, stu.ID, c.ID, "free", nil); err != nil {
				return err
			}
			_, err := tx.Enroll(ctx, stu.ID, other.ID, "free", nil)
			return err
		})
		act, err := db.LearningActivity(ctx, stu.ID)
		if a := act[c.ID]; err != nil || a.Lectures != 2 || a.Completed != 1 || a.LastAt == nil || len(act) != 2 {
			t.Errorf("LearningActivity = %+v, %v", act, err)
		}
		if a := act[other.ID]; a.Lectures != 1 || a.Completed != 0 || a.LastAt != nil {
			t.Errorf("LearningActivity of an untouched course = %+v", a)
		}
	})
}
