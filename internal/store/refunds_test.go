package store_test

import (
	"slices"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

// A refund of chosen courses takes only from them; the enrollments of the
// courses refunded in full are revoked and the others kept; a request key
// is remembered.
func TestPartialRefundOfCourses(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		buyer := mkUser(t, db, "b@x.io")
		c1 := mkCourse(t, db, ins.ID, "One", 3000, store.CoursePublished)
		c2 := mkCourse(t, db, ins.ID, "Two", 2000, store.CoursePublished)
		o := mkPaidOrder(t, db, buyer.ID, "pay_1", c1, c2)
		by := ins.ID
		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.RecordPartialRefund(ctx, o.ID, store.RefundRequest{Courses: []int64{c1.ID}, Reason: "one", Key: "k1", By: &by})
			if err != nil || got.Status != store.OrderPartiallyRefunded || got.RefundedCents != 3000 {
				t.Errorf("RecordPartialRefund of one course = %+v, %v", got, err)
			}
			courses, err := tx.RevokeRefundedItems(ctx, o.ID)
			if err != nil || !slices.Equal(courses, []int64{c1.ID}) {
				t.Errorf("RevokeRefundedItems = %v, %v", courses, err)
			}
			// The same course again: nothing is left of it.
			if got, err = tx.RecordPartialRefund(ctx, o.ID, store.RefundRequest{Courses: []int64{c1.ID}, Reason: "again"}); err != nil || got.RefundedCents != 3000 {
				t.Errorf("refunding a refunded course = %+v, %v", got, err)
			}
			// Part of the other course: kept.
			if got, err = tx.RecordPartialRefund(ctx, o.ID, store.RefundRequest{AmountCents: 500, Courses: []int64{c2.ID}}); err != nil || got.RefundedCents != 3500 {
				t.Errorf("part of the second course = %+v, %v", got, err)
			}
			if courses, err := tx.RevokeRefundedItems(ctx, o.ID); err != nil || len(courses) != 0 {
				t.Errorf("RevokeRefundedItems after part of a course = %v, %v", courses, err)
			}
			return nil
		})
		items, err := db.OrderItemRefunds(ctx, o.ID)
		if err != nil || items[c1.ID] != (store.ItemRefund{RefundedCents: 3000, Revoked: true}) || items[c2.ID] != (store.ItemRefund{RefundedCents: 500}) {
			t.Errorf("OrderItemRefunds = %+v, %v", items, err)
		}
		if used, err := db.RefundKeyUsed(ctx, o.ID, "k1"); err != nil || !used {
			t.Errorf("RefundKeyUsed(k1) = %v, %v", used, err)
		}
		if used, err := db.RefundKeyUsed(ctx, o.ID, "k2"); err != nil || used {
			t.Errorf("RefundKeyUsed(k2) = %v, %v", used, err)
		}
		if c, _ := db.CourseByID(ctx, c2.ID); c.EnrollmentCount != 1 {
			t.Errorf("the kept course's enrollment count = %d", c.EnrollmentCount)
		}
		rs, err := db.OrderRefunds(ctx, o.ID)
		if err != nil || len(rs) != 2 || rs[0].CreatedByName != ins.Name {
			t.Errorf("OrderRefunds = %+v, %v", rs, err)
		}
		list, err := db.Orders(ctx, store.OrderQuery{Q: "two", Limit: 10})
		if err != nil || len(list) != 1 || list[0].ID != o.ID || list[0].RefundReason != "" {
			t.Errorf("orders found by course title = %+v, %v", list, err)
		}
	})
}
