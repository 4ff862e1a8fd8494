package store_test

import (
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestEnrollments(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		free := mkCourse(t, db, ins.ID, "Free", 0, store.CoursePublished)
		paid := mkCourse(t, db, ins.ID, "Paid", 1000, store.CoursePublished)

		if ok, err := db.IsEnrolled(ctx, stu.ID, free.ID); err != nil || ok {
			t.Fatalf("IsEnrolled before enrolling = %v, %v", ok, err)
		}
		if st, err := db.EnrollmentState(ctx, stu.ID, free.ID); err != nil || st != (store.EnrollmentState{}) {
			t.Errorf("EnrollmentState with no enrollment = %+v, %v", st, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			if ok, err := tx.Enroll(ctx, stu.ID, free.ID, store.EnrollFree, nil); err != nil || !ok {
				t.Errorf("Enroll = %v, %v", ok, err)
			}
			if ok, err := tx.Enroll(ctx, stu.ID, free.ID, store.EnrollAdmin, nil); err != nil || ok {
				t.Errorf("Enroll again = %v, %v; want false", ok, err)
			}
			return nil
		})
		if ok, err := db.IsEnrolled(ctx, stu.ID, free.ID); err != nil || !ok {
			t.Errorf("IsEnrolled = %v, %v", ok, err)
		}
		if st, _ := db.EnrollmentState(ctx, stu.ID, free.ID); st != (store.EnrollmentState{Active: true}) {
			t.Errorf("EnrollmentState = %+v, want active", st)
		}
		if c, _ := db.CourseByID(ctx, free.ID); c.EnrollmentCount != 1 {
			t.Errorf("enrollment count = %d after a repeated enroll, want 1", c.EnrollmentCount)
		}

		order := mkPaidOrder(t, db, stu.ID, "pi_1", paid)
		list, err := db.Enrollments(ctx, stu.ID)
		if err != nil || len(list) != 2 || list[0].Course.ID != paid.ID || list[0].Enrollment.Source != store.EnrollPurchase ||
			list[0].Enrollment.OrderID == nil || *list[0].Enrollment.OrderID != order.ID || list[1].Enrollment.Source != store.EnrollFree {
			t.Fatalf("Enrollments = %+v, %v", list, err)
		}

		// Refunded: revoked, and the policy can tell why.
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.RecordRefund(ctx, order.ID, 0, "re_1", "asked", nil); err != nil {
				return err
			}
			_, err := tx.RevokeOrderEnrollments(ctx, order.ID)
			return err
		})
		if st, _ := db.EnrollmentState(ctx, stu.ID, paid.ID); st != (store.EnrollmentState{Revoked: true, Refunded: true}) {
			t.Errorf("EnrollmentState after a refund = %+v", st)
		}
		if ok, _ := db.IsEnrolled(ctx, stu.ID, paid.ID); ok {
			t.Error("still enrolled after a refund")
		}
		if list, _ := db.Enrollments(ctx, stu.ID); len(list) != 1 {
			t.Errorf("Enrollments lists a revoked enrollment: %d", len(list))
		}
		// An admin grant restores it with the new source.
		inTx(t, db, func(tx *store.Tx) error {
			if ok, err := tx.Enroll(ctx, stu.ID, paid.ID, store.EnrollAdmin, nil); err != nil || !ok {
				t.Errorf("re-Enroll after revoke = %v, %v", ok, err)
			}
			return nil
		})
		if st, _ := db.EnrollmentState(ctx, stu.ID, paid.ID); st != (store.EnrollmentState{Active: true}) {
			t.Errorf("EnrollmentState after re-enrolling = %+v", st)
		}
		if c, _ := db.CourseByID(ctx, paid.ID); c.EnrollmentCount != 1 {
			t.Errorf("enrollment count after revoke and re-enroll = %d, want 1", c.EnrollmentCount)
		}
	})
}

// A revoked enrollment whose order was not refunded is revoked, not refunded.
func TestEnrollmentStateRevokedWithoutRefund(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "Paid", 1000, store.CoursePublished)
		order := mkPaidOrder(t, db, stu.ID, "pi_1", c)
		inTx(t, db, func(tx *store.Tx) error {
			_, err := tx.RevokeOrderEnrollments(ctx, order.ID)
			return err
		})
		if st, err := db.EnrollmentState(ctx, stu.ID, c.ID); err != nil || st != (store.EnrollmentState{Revoked: true}) {
			t.Errorf("EnrollmentState = %+v, %v; want revoked only", st, err)
		}
	})
}

// The admin list pages every enrollment with its student and course,
// newest first, filtered by course and by the student's name or email.
func TestAdminEnrollments(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		a, b := mkUser(t, db, "ann@x.io"), mkUser(t, db, "ben@x.io")
		c1 := mkCourse(t, db, ins.ID, "One", 0, store.CoursePublished)
		c2 := mkCourse(t, db, ins.ID, "Two", 0, store.CoursePublished)
		inTx(t, db, func(tx *store.Tx) error {
			for _, u := range []*store.User{a, b} {
				for _, c := range []*store.Course{c1, c2} {
					if _, err := tx.Enroll(ctx, u.ID, c.ID, store.EnrollFree, nil); err != nil {
						return err
					}
				}
			}
			return nil
		})
		seen := map[[2]int64]bool{}
		var after *store.EnrollmentCursor
		for page := 0; page < 4; page++ {
			list, err := db.AdminEnrollments(ctx, store.AdminEnrollmentQuery{After: after, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				key := [2]int64{e.UserID, e.CourseID}
				if seen[key] || e.UserEmail == "" || e.CourseTitle == "" {
					t.Errorf("row %+v (seen before: %v)", e, seen[key])
				}
				seen[key] = true
			}
			if len(list) < 3 {
				break
			}
			last := list[len(list)-1]
			after = &store.EnrollmentCursor{CreatedAt: last.CreatedAt, UserID: last.UserID, CourseID: last.CourseID}
		}
		if len(seen) != 4 {
			t.Errorf("%d enrollments across pages, want 4", len(seen))
		}
		list, err := db.AdminEnrollments(ctx, store.AdminEnrollmentQuery{CourseID: c2.ID, Q: "BEN@", Limit: 10})
		if err != nil || len(list) != 1 || list[0].UserID != b.ID || list[0].CourseID != c2.ID {
			t.Errorf("filtered = %+v, %v", list, err)
		}
	})
}
