package store_test

import (
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestCourseAnalyticsQueries(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		a, b := mkUser(t, db, "a@x.io"), mkUser(t, db, "b@x.io")
		c := mkCourse(t, db, ins.ID, "Measured", 1000, store.CoursePublished)
		_, video := mkLecture(t, db, c.ID, store.LectureVideo, false)
		_, quiz := mkLecture(t, db, c.ID, store.LectureQuiz, false)
		inTx(t, db, func(tx *store.Tx) error {
			for _, u := range []*store.User{a, b} {
				if _, err := tx.Enroll(ctx, u.ID, c.ID, "free", nil); err != nil {
					return err
				}
			}
			o, err := tx.CreateOrder(ctx, store.NewOrder{UserID: a.ID, Currency: "USD", Provider: "local", SubtotalCents: 1000, TotalCents: 1000,
				Items: []store.OrderItem{{CourseID: c.ID, ListPriceCents: 1000, PriceCents: 1000, InstructorID: ins.ID}}})
			if err != nil {
				return err
			}
			if _, err := tx.MarkOrderPaid(ctx, o.ID, "pay_1"); err != nil {
				return err
			}
			done := time.Now().UTC().Truncate(time.Second)
			if err := tx.SaveProgress(ctx, a.ID, store.Progress{LectureID: video.ID, CourseID: c.ID, CompletedAt: &done, WatchedRanges: "0-10"}); err != nil {
				return err
			}
			if err := tx.SaveProgress(ctx, b.ID, store.Progress{LectureID: video.ID, CourseID: c.ID, WatchedRanges: "0-4,6-8"}); err != nil {
				return err
			}
			for _, at := range []struct {
				u     *store.User
				score int
			}{{a, 50}, {a, 100}, {b, 40}} {
				if _, err := tx.AddQuizAttempt(ctx, store.QuizAttempt{UserID: at.u.ID, LectureID: quiz.ID, CourseID: c.ID, ScorePercent: at.score, Passed: at.score >= 70}); err != nil {
					return err
				}
			}
			return nil
		})
		days, err := db.CourseEnrollmentDays(ctx, c.ID)
		if err != nil || len(days) != 1 || days[0].Count != 2 || len(days[0].Day) != 10 {
			t.Errorf("CourseEnrollmentDays = %+v, %v", days, err)
		}
		sales, err := db.CourseSalesDays(ctx, c.ID)
		if err != nil || len(sales) != 1 || sales[0].Sales != 1 || sales[0].GrossCents != 1000 || sales[0].Currency != "USD" || sales[0].RefundedCents != 0 {
			t.Errorf("CourseSalesDays = %+v, %v", sales, err)
		}
		done, enrolled, err := db.LectureCompletions(ctx, c.ID)
		if err != nil || enrolled != 2 || done[video.ID] != 1 || done[quiz.ID] != 0 {
			t.Errorf("LectureCompletions = %v, %d, %v", done, enrolled, err)
		}
		quizzes, err := db.CourseQuizScores(ctx, c.ID)
		if err != nil || len(quizzes) != 1 || quizzes[0].Students != 2 || quizzes[0].Attempts != 3 || quizzes[0].AvgBest != 70 || quizzes[0].Passed != 1 {
			t.Errorf("CourseQuizScores = %+v, %v", quizzes, err)
		}
		ranges, err := db.LectureWatchRanges(ctx, video.ID)
		if err != nil || len(ranges) != 2 {
			t.Errorf("LectureWatchRanges = %v, %v", ranges, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			p, err := tx.ProgressFor(ctx, b.ID, video.ID)
			if err != nil || p.WatchedRanges != "0-4,6-8" {
				t.Errorf("ProgressFor keeps the ranges: %+v, %v", p, err)
			}
			return err
		})
	})
}
