package store_test

import (
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestRevenue(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		rival := mkUser(t, db, "r@x.io", store.RoleInstructor)
		a := mkCourse(t, db, ins.ID, "A", 1000, store.CoursePublished)
		b := mkCourse(t, db, ins.ID, "B", 3000, store.CoursePublished)
		z := mkCourse(t, db, rival.ID, "Z", 5000, store.CoursePublished)
		s1, s2, s3 := mkUser(t, db, "s1@x.io"), mkUser(t, db, "s2@x.io"), mkUser(t, db, "s3@x.io")
		mkPaidOrder(t, db, s1.ID, "pi_1", a, b, z)
		mkPaidOrder(t, db, s2.ID, "pi_2", b)
		refunded := mkPaidOrder(t, db, s3.ID, "pi_3", b)
		inTx(t, db, func(tx *store.Tx) error {
			_, err := tx.RecordRefund(ctx, refunded.ID, 0, "re_3", "", nil)
			return err
		})
		// A pending order is no sale.
		inTx(t, db, func(tx *store.Tx) error {
			_, err := tx.CreateOrder(ctx, store.NewOrder{UserID: s1.ID, Currency: "USD", Provider: "fake", SubtotalCents: 1000, TotalCents: 1000,
				Items: []store.OrderItem{{CourseID: a.ID, ListPriceCents: 1000, PriceCents: 1000, InstructorID: ins.ID}}})
			return err
		})

		from, to := time.Now().Add(-24*time.Hour), time.Now().Add(24*time.Hour)
		days, courses, err := db.Revenue(ctx, ins.ID, from, to)
		if err != nil {
			t.Fatal(err)
		}
		today := time.Now().UTC().Format("2006-01-02")
		wantDay := store.RevenueDay{Day: today, Currency: "USD", Sales: 4, GrossCents: 10000, EarningsCents: 7000, RefundedCents: 3000, RefundedShare: 2100}
		if len(days) != 1 || days[0] != wantDay {
			t.Errorf("days = %+v, want [%+v] (unless the test ran across midnight UTC)", days, wantDay)
		}
		wantCourses := []store.RevenueCourse{
			{CourseID: b.ID, Title: "B", Currency: "USD", Sales: 3, GrossCents: 9000, EarningsCents: 6300, RefundedCents: 3000, RefundedShare: 2100},
			{CourseID: a.ID, Title: "A", Currency: "USD", Sales: 1, GrossCents: 1000, EarningsCents: 700},
		}
		if len(courses) != 2 || courses[0] != wantCourses[0] || courses[1] != wantCourses[1] {
			t.Errorf("courses = %+v, want %+v", courses, wantCourses)
		}
		days, courses, err = db.Revenue(ctx, ins.ID, to, to.Add(24*time.Hour))
		if err != nil || len(days) != 0 || len(courses) != 0 {
			t.Errorf("a period without sales = %+v, %+v, %v", days, courses, err)
		}
	})
}
