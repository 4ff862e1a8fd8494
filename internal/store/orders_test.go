package store_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestOrderPaymentAndRefund(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		buyer := mkUser(t, db, "b@x.io")
		c1 := mkCourse(t, db, ins.ID, "One", 1000, store.CoursePublished)
		c2 := mkCourse(t, db, ins.ID, "Two", 3000, store.CoursePublished)

		var o *store.Order
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			o, err = tx.CreateOrder(ctx, store.NewOrder{UserID: buyer.ID, Currency: "USD", Provider: "stripe", SubtotalCents: 4000, DiscountCents: 0, TotalCents: 4000,
				Items: []store.OrderItem{
					{CourseID: c1.ID, ListPriceCents: 1000, PriceCents: 1000, InstructorID: ins.ID},
					{CourseID: c2.ID, ListPriceCents: 3000, PriceCents: 3000, InstructorID: ins.ID},
				}})
			if err != nil {
				return err
			}
			if err := tx.SetCheckout(ctx, o.ID, "cs_1", "https://pay.example/cs_1"); err != nil {
				return err
			}
			if err := tx.SetCheckout(ctx, 999999, "cs_x", ""); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetCheckout of a missing order: %v", err)
			}
			return nil
		})
		if o.Status != store.OrderPending || o.TotalCents != 4000 || len(o.Items) != 2 || o.Items[1].CourseTitle != "Two" || o.Items[1].CourseSlug != c2.Slug || o.PaidAt != nil {
			t.Fatalf("CreateOrder = %+v", o)
		}
		byRef, err := db.OrderByProviderRef(ctx, "stripe", "cs_1")
		if err != nil || byRef.ID != o.ID || byRef.CheckoutURL != "https://pay.example/cs_1" || len(byRef.Items) != 2 {
			t.Errorf("OrderByProviderRef = %+v, %v", byRef, err)
		}
		if _, err := db.OrderByProviderRef(ctx, "other", "cs_1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another provider's ref: %v", err)
		}
		if got, err := db.PendingOrderCourses(ctx, buyer.ID); err != nil || !maps.Equal(got, map[int64]int64{c1.ID: o.ID, c2.ID: o.ID}) {
			t.Errorf("PendingOrderCourses = %v, %v", got, err)
		}
		if got, err := db.StalePendingOrders(ctx, time.Now().Add(time.Hour)); err != nil || !slices.Equal(got, []int64{o.ID}) {
			t.Errorf("StalePendingOrders(an hour from now) = %v, %v", got, err)
		}
		if got, err := db.StalePendingOrders(ctx, time.Now().Add(-time.Hour)); err != nil || len(got) != 0 {
			t.Errorf("StalePendingOrders(an hour ago) = %v, %v", got, err)
		}

		inTx(t, db, func(tx *store.Tx) error {
			if ok, err := tx.RecordWebhookEvent(ctx, "stripe", "evt_1", "checkout.session.completed"); err != nil || !ok {
				t.Errorf("first RecordWebhookEvent = %v, %v", ok, err)
			}
			if ok, err := tx.RecordWebhookEvent(ctx, "stripe", "evt_1", "checkout.session.completed"); err != nil || ok {
				t.Errorf("repeated RecordWebhookEvent = %v, %v", ok, err)
			}
			if ok, err := tx.RecordWebhookEvent(ctx, "other", "evt_1", "x"); err != nil || !ok {
				t.Errorf("same id from another provider = %v, %v", ok, err)
			}
			if ok, err := tx.MarkOrderPaid(ctx, o.ID, "pi_1"); err != nil || !ok {
				t.Errorf("MarkOrderPaid = %v, %v", ok, err)
			}
			if ok, err := tx.MarkOrderPaid(ctx, o.ID, "pi_other"); err != nil || ok {
				t.Errorf("MarkOrderPaid twice = %v, %v", ok, err)
			}
			if ok, err := tx.MarkOrderFailed(ctx, o.ID); err != nil || ok {
				t.Errorf("MarkOrderFailed of a paid order = %v, %v", ok, err)
			}
			if err := tx.SetItemShares(ctx, o.ID, c2.ID, 2100, 900); err != nil {
				return err
			}
			if err := tx.SetItemShares(ctx, o.ID, 999999, 1, 1); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetItemShares of a course not in the order: %v", err)
			}
			got, err := tx.OrderByPaymentRef(ctx, "stripe", "pi_1")
			if err != nil || got.ID != o.ID || got.Status != store.OrderPaid || got.PaidAt == nil || got.Items[1].InstructorCents != 2100 || got.Items[1].PlatformCents != 900 {
				t.Errorf("OrderByPaymentRef = %+v, %v", got, err)
			}
			if _, err := tx.OrderByPaymentRef(ctx, "stripe", ""); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("empty payment ref matched: %v", err)
			}
			for _, c := range []int64{c1.ID, c2.ID} {
				if _, err := tx.Enroll(ctx, buyer.ID, c, store.EnrollPurchase, &o.ID); err != nil {
					return err
				}
			}
			return nil
		})
		if got, _ := db.PendingOrderCourses(ctx, buyer.ID); len(got) != 0 {
			t.Errorf("a paid order is still pending: %v", got)
		}

		by := ins.ID
		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.RecordRefund(ctx, o.ID, 1000, "re_1", "first course", &by)
			if err != nil || got.Status != store.OrderPartiallyRefunded || got.RefundedCents != 1000 || got.RefundedAt == nil {
				t.Errorf("partial RecordRefund = %+v, %v", got, err)
			}
			// Asking for more than is left refunds what is left.
			got, err = tx.RecordRefund(ctx, o.ID, 99999, "re_2", "the rest", nil)
			if err != nil || got.Status != store.OrderRefunded || got.RefundedCents != 4000 {
				t.Errorf("second RecordRefund = %+v, %v", got, err)
			}
			courses, err := tx.RevokeOrderEnrollments(ctx, o.ID)
			slices.Sort(courses)
			if err != nil || !slices.Equal(courses, []int64{c1.ID, c2.ID}) {
				t.Errorf("RevokeOrderEnrollments = %v, %v", courses, err)
			}
			if again, err := tx.RevokeOrderEnrollments(ctx, o.ID); err != nil || len(again) != 0 {
				t.Errorf("RevokeOrderEnrollments twice = %v, %v", again, err)
			}
			return nil
		})
		got, err := db.OrderByID(ctx, o.ID)
		if err != nil || got.Status != store.OrderRefunded || len(got.Items) != 2 {
			t.Errorf("OrderByID = %+v, %v", got, err)
		}
		if c, _ := db.CourseByID(ctx, c1.ID); c.EnrollmentCount != 0 {
			t.Errorf("enrollment count after revoking = %d", c.EnrollmentCount)
		}
		var refunds int
		if err := db.WritePool().QueryRowContext(ctx, `SELECT COUNT(*) FROM refunds WHERE order_id = $1`, o.ID).Scan(&refunds); err != nil || refunds != 2 {
			t.Errorf("refund rows = %d, %v", refunds, err)
		}
		if _, err := db.OrderByID(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing order: %v", err)
		}
	})
}

func TestOrdersList(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		ann, bob := mkUser(t, db, "ann@x.io"), mkUser(t, db, "bob@x.io")
		c := mkCourse(t, db, ins.ID, "Course", 1000, store.CoursePublished)
		paid := mkPaidOrder(t, db, ann.ID, "pi_a", c)
		var failed *store.Order
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			failed, err = tx.CreateOrder(ctx, store.NewOrder{UserID: bob.ID, Currency: "USD", Provider: "fake", SubtotalCents: 1000, TotalCents: 1000,
				Items: []store.OrderItem{{CourseID: c.ID, ListPriceCents: 1000, PriceCents: 1000, InstructorID: ins.ID}}})
			if err != nil {
				return err
			}
			if ok, err := tx.MarkOrderFailed(ctx, failed.ID); err != nil || !ok {
				t.Errorf("MarkOrderFailed = %v, %v", ok, err)
			}
			return nil
		})
		all, err := db.Orders(ctx, store.OrderQuery{Limit: 10})
		if err != nil || len(all) != 2 || all[0].ID != failed.ID || all[0].Status != store.OrderFailed || len(all[1].Items) != 1 ||
			all[0].BuyerEmail != "bob@x.io" || all[1].BuyerName != ann.Name || all[1].Items[0].CourseTitle != "Course" {
			t.Errorf("Orders(all) = %+v, %v", all, err)
		}
		ids := func(os []*store.Order) []int64 {
			var out []int64
			for _, o := range os {
				out = append(out, o.ID)
			}
			return out
		}
		for name, c := range map[string]struct {
			q    store.OrderQuery
			want []int64
		}{
			"one buyer":            {store.OrderQuery{UserID: ann.ID}, []int64{paid.ID}},
			"status":               {store.OrderQuery{Status: store.OrderPaid}, []int64{paid.ID}},
			"buyer and status":     {store.OrderQuery{UserID: bob.ID, Status: store.OrderPaid}, nil},
			"buyer's email":        {store.OrderQuery{Q: "BOB@"}, []int64{failed.ID}},
			"buyer's name":         {store.OrderQuery{Q: "of ann"}, []int64{paid.ID}},
			"order number":         {store.OrderQuery{Q: fmt.Sprintf("#%d", paid.ID)}, []int64{paid.ID}},
			"like is literal":      {store.OrderQuery{Q: "_"}, nil},
			"after the newest":     {store.OrderQuery{AfterID: failed.ID}, []int64{paid.ID}},
			"limit":                {store.OrderQuery{Limit: 1}, []int64{failed.ID}},
			"someone else's order": {store.OrderQuery{UserID: bob.ID, Q: fmt.Sprint(paid.ID)}, nil},
		} {
			if c.q.Limit == 0 {
				c.q.Limit = 10
			}
			got, err := db.Orders(ctx, c.q)
			if err != nil || !slices.Equal(ids(got), c.want) {
				t.Errorf("%s: Orders = %v, %v; want %v", name, ids(got), err, c.want)
			}
		}
	})
}
