package store_test

import (
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

// TestInstructorDashboardFigures: the dashboard's sums, by hand. Two
// instructors share a buyer; a refunded sale's enrollment is revoked; one
// review is hidden and one question is; "since" falls between two groups
// of sales and enrollments.
func TestInstructorDashboardFigures(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		rival := mkUser(t, db, "r@x.io", store.RoleInstructor)
		a := mkCourse(t, db, ins.ID, "A", 1000, store.CoursePublished)
		b := mkCourse(t, db, ins.ID, "B", 3000, store.CoursePublished)
		d := mkCourse(t, db, ins.ID, "D", 0, store.CourseDraft)
		z := mkCourse(t, db, rival.ID, "Z", 5000, store.CoursePublished)
		s1, s2, s3 := mkUser(t, db, "s1@x.io"), mkUser(t, db, "s2@x.io"), mkUser(t, db, "s3@x.io")
		s4, s6 := mkUser(t, db, "s4@x.io"), mkUser(t, db, "s6@x.io")

		// Before since: s1 buys A, B and the rival's Z; s2 buys B.
		mkPaidOrder(t, db, s1.ID, "pi_1", a, b, z)
		mkPaidOrder(t, db, s2.ID, "pi_2", b)
		since := time.Now()
		time.Sleep(2 * time.Millisecond) // stored times are truncated to the microsecond
		// After: s3 buys B and gets a full refund; s4 buys A; s2 also
		// enrolls in A (not a new student: their first enrollment is older);
		// s6 buys only the rival's course.
		refunded := mkPaidOrder(t, db, s3.ID, "pi_3", b)
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.RecordRefund(ctx, refunded.ID, 0, "re_3", "", nil); err != nil {
				return err
			}
			_, err := tx.RevokeOrderEnrollments(ctx, refunded.ID)
			return err
		})
		mkPaidOrder(t, db, s4.ID, "pi_4", a)
		mkPaidOrder(t, db, s6.ID, "pi_6", z)
		inTx(t, db, func(tx *store.Tx) error {
			_, err := tx.Enroll(ctx, s2.ID, a.ID, store.EnrollFree, nil)
			return err
		})

		// Reviews: one hidden; the rival's not counted.
		inTx(t, db, func(tx *store.Tx) error {
			for _, r := range []struct {
				course, user int64
				rating       int
				status       string
			}{{a.ID, s1.ID, 5, store.ReviewVisible}, {a.ID, s4.ID, 2, store.ReviewVisible}, {b.ID, s1.ID, 4, store.ReviewVisible},
				{b.ID, s2.ID, 1, store.ReviewHidden}, {z.ID, s1.ID, 3, store.ReviewVisible}} {
				if _, _, err := tx.UpsertReview(ctx, r.course, r.user, r.rating, "text", r.status, ""); err != nil {
					return err
				}
			}
			return nil
		})

		// Questions: one open, one the instructor answered, one hidden, one
		// in the rival's course.
		_, la := mkLecture(t, db, a.ID, store.LectureArticle, false)
		_, lz := mkLecture(t, db, z.ID, store.LectureArticle, false)
		inTx(t, db, func(tx *store.Tx) error {
			for _, p := range []store.Post{
				{CourseID: a.ID, LectureID: la.ID, UserID: s1.ID, Title: "Open", Status: store.ReviewVisible},
				{CourseID: a.ID, LectureID: la.ID, UserID: s2.ID, Title: "Answered", Status: store.ReviewVisible},
				{CourseID: a.ID, LectureID: la.ID, UserID: s1.ID, Title: "Hidden", Status: store.ReviewHidden},
				{CourseID: z.ID, LectureID: lz.ID, UserID: s1.ID, Title: "Rival's", Status: store.ReviewVisible},
			} {
				id, err := tx.AddPost(ctx, p)
				if err != nil {
					return err
				}
				if p.Title == "Answered" {
					if _, err := tx.AddPost(ctx, store.Post{CourseID: a.ID, LectureID: la.ID, QuestionID: id, UserID: ins.ID, Body: "Yes", ByInstructor: true, Status: store.ReviewVisible}); err != nil {
						return err
					}
				}
			}
			return nil
		})

		// Students: s1, s2, s4 (s3 was refunded); new since: s4 only.
		counts, err := db.InstructorCounts(ctx, ins.ID, since)
		if want := (store.InstructorCounts{Students: 3, NewStudents: 1, UnansweredQuestions: 1}); err != nil || counts != want {
			t.Errorf("counts = %+v, %v; want %+v", counts, err, want)
		}
		// The rival: s1 (old) and s6 (new); their open question.
		counts, err = db.InstructorCounts(ctx, rival.ID, since)
		if want := (store.InstructorCounts{Students: 2, NewStudents: 1, UnansweredQuestions: 1}); err != nil || counts != want {
			t.Errorf("rival's counts = %+v, %v; want %+v", counts, err, want)
		}

		stats, err := db.InstructorCourseStats(ctx, ins.ID)
		wantStats := []store.InstructorCourseStat{
			{CourseID: d.ID, Title: "D", Slug: "d", Status: store.CourseDraft},
			{CourseID: b.ID, Title: "B", Slug: "b", Status: store.CoursePublished, Students: 2, RatingCount: 1, RatingSum: 4},
			{CourseID: a.ID, Title: "A", Slug: "a", Status: store.CoursePublished, Students: 3, RatingCount: 2, RatingSum: 7},
		}
		if err != nil || len(stats) != len(wantStats) {
			t.Fatalf("course stats = %+v, %v", stats, err)
		}
		for i := range wantStats {
			if stats[i] != wantStats[i] {
				t.Errorf("course stat %d = %+v, want %+v", i, stats[i], wantStats[i])
			}
		}

		// Sales at 70%: A 700 + 700 (one recent); B 2100 × 3, one of them
		// recent and refunded in full (2100 of the instructor's share).
		sales, err := db.InstructorSales(ctx, ins.ID, since)
		wantSales := []store.InstructorCourseSales{
			{CourseID: a.ID, Currency: "USD", Sales: 2, EarningsCents: 1400, RecentSales: 1, RecentEarningsCents: 700},
			{CourseID: b.ID, Currency: "USD", Sales: 3, EarningsCents: 6300, RefundedShare: 2100, RecentSales: 1, RecentEarningsCents: 2100, RecentRefundedShare: 2100},
		}
		if err != nil || len(sales) != 2 || sales[0] != wantSales[0] || sales[1] != wantSales[1] {
			t.Errorf("sales = %+v, %v; want %+v", sales, err, wantSales)
		}

		reviews, err := db.RecentInstructorReviews(ctx, ins.ID, 2)
		if err != nil || len(reviews) != 2 {
			t.Fatalf("recent reviews = %+v, %v", reviews, err)
		}
		if r := reviews[0]; r.CourseID != b.ID || r.UserID != s1.ID || r.Rating != 4 || r.CourseTitle != "B" || r.UserName != "Name of s1@x.io" {
			t.Errorf("newest review = %+v", r)
		}
		if r := reviews[1]; r.CourseID != a.ID || r.UserID != s4.ID || r.Rating != 2 {
			t.Errorf("second review = %+v", r)
		}
		if all, err := db.RecentInstructorReviews(ctx, ins.ID, 10); err != nil || len(all) != 3 {
			t.Errorf("all visible reviews = %d, %v; want 3 (the hidden one left out)", len(all), err)
		}

		// An instructor with nothing yet.
		none := mkUser(t, db, "n@x.io", store.RoleInstructor)
		if c, err := db.InstructorCounts(ctx, none.ID, since); err != nil || c != (store.InstructorCounts{}) {
			t.Errorf("empty counts = %+v, %v", c, err)
		}
		if s, err := db.InstructorSales(ctx, none.ID, since); err != nil || len(s) != 0 {
			t.Errorf("empty sales = %+v, %v", s, err)
		}
	})
}
