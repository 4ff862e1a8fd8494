package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestSubscriptionsStore(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		u := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "One", 1000, store.CoursePublished)

		var plan *store.Plan
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			if _, err = tx.UpsertPlan(ctx, store.Plan{Code: "all", Name: "All", Currency: "USD", MonthlyCents: 900, YearlyCents: 9000}); err != nil {
				return err
			}
			plan, err = tx.UpsertPlan(ctx, store.Plan{Code: "all", Name: "All access", Currency: "USD", MonthlyCents: 1000, YearlyCents: 10000})
			return err
		})
		if plans, err := db.Plans(ctx); err != nil || len(plans) != 1 || plans[0].MonthlyCents != 1000 || plans[0].Name != "All access" {
			t.Fatalf("Plans = %+v, %v", plans, err)
		}
		if p, err := db.PlanByCode(ctx, "all"); err != nil || p.ID != plan.ID {
			t.Errorf("PlanByCode = %+v, %v", p, err)
		}
		if _, err := db.PlanByCode(ctx, "none"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("PlanByCode(none) = %v", err)
		}

		inTx(t, db, func(tx *store.Tx) error { return tx.SetInSubscription(ctx, c.ID, true) })
		inTx(t, db, func(tx *store.Tx) error { return tx.SetInSubscription(ctx, c.ID, true) })
		if in, err := db.InSubscription(ctx, c.ID); err != nil || !in {
			t.Errorf("InSubscription after opting in = %v, %v", in, err)
		}
		draft := mkCourse(t, db, ins.ID, "Draft", 1000, store.CourseDraft)
		inTx(t, db, func(tx *store.Tx) error { return tx.SetInSubscription(ctx, draft.ID, true) })
		if ids, err := db.SubscriptionCourseIDs(ctx); err != nil || !slices.Equal(ids, []int64{c.ID}) {
			t.Errorf("SubscriptionCourseIDs = %v, %v (drafts left out)", ids, err)
		}

		now := time.Now().UTC().Truncate(time.Second)
		var sub *store.Subscription
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			sub, err = tx.CreateSubscription(ctx, store.Subscription{UserID: u.ID, PlanID: plan.ID, Interval: "month", Provider: "local",
				ProviderRef: "local_sub_1", Status: store.SubIncomplete, AmountCents: 1000, Currency: "USD"})
			if err != nil {
				return err
			}
			again, err := tx.CreateSubscription(ctx, store.Subscription{UserID: u.ID, PlanID: plan.ID, Interval: "year", Provider: "local", ProviderRef: "local_sub_1"})
			if err != nil || again.ID != sub.ID || again.Interval != "month" {
				t.Errorf("CreateSubscription twice = %+v, %v", again, err)
			}
			fresh, err := tx.RecordSubscriptionPayment(ctx, store.SubscriptionPayment{SubscriptionID: sub.ID, ProviderRef: "inv_1", Status: "paid",
				AmountCents: 1000, Currency: "USD", PeriodStart: &now, PeriodEnd: ptr(now.AddDate(0, 1, 0)), OccurredAt: now})
			if err != nil || !fresh {
				t.Errorf("RecordSubscriptionPayment = %v, %v", fresh, err)
			}
			if fresh, err := tx.RecordSubscriptionPayment(ctx, store.SubscriptionPayment{SubscriptionID: sub.ID, ProviderRef: "inv_1", Status: "paid",
				AmountCents: 1000, Currency: "USD", OccurredAt: now}); err != nil || fresh {
				t.Errorf("RecordSubscriptionPayment again = %v, %v", fresh, err)
			}
			sub.Status, sub.PaidThrough, sub.AccessUntil = store.SubActive, ptr(now.AddDate(0, 1, 0)), ptr(now.AddDate(0, 1, 0))
			return tx.SaveSubscription(ctx, sub)
		})
		if got, err := db.SubscriptionByID(ctx, sub.ID); err != nil || got.Status != store.SubActive || got.Version != 1 || got.PlanCode != "all" || !got.PaidThrough.Equal(now.AddDate(0, 1, 0)) {
			t.Errorf("SubscriptionByID = %+v, %v", got, err)
		}
		if got, err := db.UserSubscription(ctx, u.ID); err != nil || got.ID != sub.ID {
			t.Errorf("UserSubscription = %+v, %v", got, err)
		}
		if _, err := db.UserSubscription(ctx, ins.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("UserSubscription(none) = %v", err)
		}
		for at, want := range map[time.Time]bool{now: true, now.AddDate(0, 2, 0): false} {
			if ok, err := db.HasSubscriptionAccess(ctx, u.ID, at); err != nil || ok != want {
				t.Errorf("HasSubscriptionAccess(%v) = %v, %v; want %v", at, ok, err, want)
			}
		}
		if ids, err := db.DueLocalSubscriptions(ctx, now); err != nil || len(ids) != 0 {
			t.Errorf("DueLocalSubscriptions(now) = %v, %v", ids, err)
		}
		if ids, err := db.DueLocalSubscriptions(ctx, now.AddDate(0, 1, 1)); err != nil || !slices.Equal(ids, []int64{sub.ID}) {
			t.Errorf("DueLocalSubscriptions(next month) = %v, %v", ids, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			locked, err := tx.LockSubscription(ctx, sub.ID)
			if err != nil || locked.ID != sub.ID {
				t.Errorf("LockSubscription = %+v, %v", locked, err)
			}
			byRef, err := tx.SubscriptionByRef(ctx, "local", "local_sub_1")
			if err != nil || byRef.ID != sub.ID {
				t.Errorf("SubscriptionByRef = %+v, %v", byRef, err)
			}
			p, err := tx.LockSubscriptionPayment(ctx, paymentID(t, db, sub.ID))
			if err != nil {
				return err
			}
			if _, err := tx.AddSubscriptionRefund(ctx, store.SubscriptionRefund{PaymentID: p.ID, AmountCents: 400, Status: store.SubRefundDone}); err != nil {
				t.Errorf("AddSubscriptionRefund = %v", err)
			}
			return tx.AddWatchTime(ctx, u.ID, c.ID, now.Format("2006-01"), 90.5)
		})
		if ps, err := db.SubscriptionPayments(ctx, sub.ID); err != nil || len(ps) != 1 || ps[0].RefundedCents != 400 || ps[0].PeriodEnd == nil {
			t.Errorf("SubscriptionPayments = %+v, %v", ps, err)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.AddWatchTime(ctx, u.ID, c.ID, now.Format("2006-01"), 30) })
		month := now.Format("2006-01")
		if w, err := db.WatchSeconds(ctx, month); err != nil || len(w) != 1 || w[0].InstructorID != ins.ID || w[0].Seconds != 120.5 {
			t.Errorf("WatchSeconds = %+v, %v", w, err)
		}
		if s, err := db.InstructorWatchSeconds(ctx, ins.ID, month); err != nil || s != 120.5 {
			t.Errorf("InstructorWatchSeconds = %v, %v", s, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			if rev, err := tx.LockMonthRevenue(ctx, now.Add(-time.Hour), now.Add(time.Hour)); err != nil || rev["USD"] != 600 {
				t.Errorf("LockMonthRevenue = %v, %v", rev, err)
			}
			return nil
		})
		if first, err := db.FirstSubscriptionPayment(ctx); err != nil || first == nil || !first.Equal(now) {
			t.Errorf("FirstSubscriptionPayment = %v, %v", first, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			m := store.PoolMonth{Month: month, Currency: "USD", RevenueCents: 600, PlatformCents: 180, PoolCents: 420, Seconds: 120.5}
			closed, err := tx.ClosePoolMonth(ctx, m, []store.PoolShare{{InstructorID: ins.ID, Seconds: 120.5, AmountCents: 420}})
			if err != nil || !closed {
				t.Errorf("ClosePoolMonth = %v, %v", closed, err)
			}
			if closed, err := tx.ClosePoolMonth(ctx, m, nil); err != nil || closed {
				t.Errorf("ClosePoolMonth again = %v, %v", closed, err)
			}
			return nil
		})
		if ms, err := db.PoolMonths(ctx); err != nil || len(ms) != 1 || ms[0].PoolCents != 420 {
			t.Errorf("PoolMonths = %+v, %v", ms, err)
		}
		if sh, err := db.InstructorPoolShares(ctx, ins.ID); err != nil || len(sh) != 1 || sh[0].AmountCents != 420 || sh[0].Month != month {
			t.Errorf("InstructorPoolShares = %+v, %v", sh, err)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.SetInSubscription(ctx, c.ID, false) })
		if in, err := db.InSubscription(ctx, c.ID); err != nil || in {
			t.Errorf("InSubscription after opting out = %v, %v", in, err)
		}
	})
}

func paymentID(t *testing.T, db *store.DB, subID int64) int64 {
	t.Helper()
	ps, err := db.SubscriptionPayments(t.Context(), subID)
	if err != nil || len(ps) == 0 {
		t.Fatalf("SubscriptionPayments = %+v, %v", ps, err)
	}
	return ps[0].ID
}

// Refunds of subscription payments: reserved (pending) and done, taken
// back, never more than was paid, a request key once; the month's revenue
// counts done refunds only.
func TestSubscriptionRefundsStore(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mkUser(t, db, "s@x.io")
		admin := mkUser(t, db, "a@x.io", store.RoleAdmin)
		now := time.Now().UTC().Truncate(time.Second)
		var sub *store.Subscription
		inTx(t, db, func(tx *store.Tx) error {
			plan, err := tx.UpsertPlan(ctx, store.Plan{Code: "all", Name: "All", Currency: "USD", MonthlyCents: 1000, YearlyCents: 10000})
			if err != nil {
				return err
			}
			sub, err = tx.CreateSubscription(ctx, store.Subscription{UserID: u.ID, PlanID: plan.ID, Interval: "month", Provider: "stripe",
				ProviderRef: "sub_1", Status: store.SubActive, AmountCents: 1000, Currency: "USD"})
			if err != nil {
				return err
			}
			if _, err := tx.RecordSubscriptionPayment(ctx, store.SubscriptionPayment{SubscriptionID: sub.ID, ProviderRef: "in_1", Status: "paid",
				AmountCents: 1000, Currency: "USD", OccurredAt: now}); err != nil {
				return err
			}
			// The same invoice again, now with what paid it: the reference is kept.
			if fresh, err := tx.RecordSubscriptionPayment(ctx, store.SubscriptionPayment{SubscriptionID: sub.ID, ProviderRef: "in_1", PaymentRef: "pi_1",
				Status: "paid", AmountCents: 1000, Currency: "USD", OccurredAt: now}); err != nil || fresh {
				t.Errorf("RecordSubscriptionPayment again = %v, %v", fresh, err)
			}
			_, err = tx.RecordSubscriptionPayment(ctx, store.SubscriptionPayment{SubscriptionID: sub.ID, ProviderRef: "in_2", Status: "paid",
				AmountCents: 1000, Currency: "USD", OccurredAt: now.Add(time.Minute)})
			return err
		})
		pid := paymentID(t, db, sub.ID)
		inTx(t, db, func(tx *store.Tx) error {
			if ok, err := tx.SetSubscriptionPaymentRef(ctx, "stripe", "in_2", "pi_2"); err != nil || !ok {
				t.Errorf("SetSubscriptionPaymentRef = %v, %v", ok, err)
			}
			if ok, err := tx.SetSubscriptionPaymentRef(ctx, "stripe", "in_none", "pi_3"); err != nil || ok {
				t.Errorf("SetSubscriptionPaymentRef(unknown) = %v, %v", ok, err)
			}
			p, err := tx.SubscriptionPaymentByPaymentRef(ctx, "stripe", "pi_1")
			if err != nil || p.ID != pid || p.ProviderRef != "in_1" {
				t.Errorf("SubscriptionPaymentByPaymentRef = %+v, %v", p, err)
			}
			if _, err := tx.SubscriptionPaymentByPaymentRef(ctx, "local", "pi_1"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SubscriptionPaymentByPaymentRef(other provider) = %v", err)
			}
			if got, err := tx.SubscriptionPayment(ctx, pid); err != nil || got.ProviderRef != "in_1" {
				t.Errorf("SubscriptionPayment = %+v, %v", got, err)
			}
			if _, err := tx.LockSubscriptionPayment(ctx, pid); err != nil {
				return err
			}
			r, err := tx.AddSubscriptionRefund(ctx, store.SubscriptionRefund{PaymentID: pid, AmountCents: 300, Status: store.SubRefundPending,
				Reason: "late", Key: "k1", CreatedBy: &admin.ID})
			if err != nil || r.Status != store.SubRefundPending || r.Key != "k1" || *r.CreatedBy != admin.ID {
				t.Fatalf("AddSubscriptionRefund = %+v, %v", r, err)
			}
			if _, err := tx.AddSubscriptionRefund(ctx, store.SubscriptionRefund{PaymentID: pid, AmountCents: 701, Status: store.SubRefundDone}); !errors.Is(err, store.ErrConflict) {
				t.Errorf("AddSubscriptionRefund over the payment = %v", err)
			}
			if got, err := tx.SubscriptionRefundByKey(ctx, pid, "k1"); err != nil || got.ID != r.ID {
				t.Errorf("SubscriptionRefundByKey = %+v, %v", got, err)
			}
			if _, err := tx.SubscriptionRefundByKey(ctx, pid, "k2"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SubscriptionRefundByKey(none) = %v", err)
			}
			// Pending counts as revenue still; the payment's refunded amount holds it.
			if rev, err := tx.LockMonthRevenue(ctx, now.Add(-time.Hour), now.Add(time.Hour)); err != nil || rev["USD"] != 2000 {
				t.Errorf("LockMonthRevenue with a pending refund = %v, %v", rev, err)
			}
			if ok, err := tx.FinishSubscriptionRefund(ctx, r.ID, "re_1", false, true); err != nil || !ok {
				t.Errorf("FinishSubscriptionRefund = %v, %v", ok, err)
			}
			if ok, err := tx.FinishSubscriptionRefund(ctx, r.ID, "re_1", false, true); err != nil || ok {
				t.Errorf("FinishSubscriptionRefund again = %v, %v", ok, err)
			}
			if rev, err := tx.LockMonthRevenue(ctx, now.Add(-time.Hour), now.Add(time.Hour)); err != nil || rev["USD"] != 1700 {
				t.Errorf("LockMonthRevenue after the refund = %v, %v", rev, err)
			}
			r2, err := tx.AddSubscriptionRefund(ctx, store.SubscriptionRefund{PaymentID: pid, AmountCents: 200, Status: store.SubRefundPending})
			if err != nil {
				return err
			}
			if err := tx.CancelSubscriptionRefund(ctx, r2.ID); err != nil {
				return err
			}
			if closed, err := tx.PoolMonthClosed(ctx, now.Format("2006-01"), "USD"); err != nil || closed {
				t.Errorf("PoolMonthClosed = %v, %v", closed, err)
			}
			if _, err := tx.ClosePoolMonth(ctx, store.PoolMonth{Month: now.Format("2006-01"), Currency: "USD", RevenueCents: 1700}, nil); err != nil {
				return err
			}
			if closed, err := tx.PoolMonthClosed(ctx, now.Format("2006-01"), "USD"); err != nil || !closed {
				t.Errorf("PoolMonthClosed after closing = %v, %v", closed, err)
			}
			return nil
		})
		ps, err := db.UserSubscriptionPayments(ctx, u.ID)
		if err != nil || len(ps) != 2 || ps[1].ID != pid || ps[1].RefundedCents != 300 || ps[1].PaymentRef != "pi_1" || ps[0].PaymentRef != "pi_2" || ps[1].Provider != "stripe" {
			t.Errorf("UserSubscriptionPayments = %+v, %v", ps, err)
		}
		rs, err := db.UserSubscriptionRefunds(ctx, u.ID)
		if err != nil || len(rs) != 1 || rs[0].Status != store.SubRefundDone || rs[0].ProviderRef != "re_1" || !rs[0].EndedAccess || rs[0].AfterClose {
			t.Errorf("UserSubscriptionRefunds = %+v, %v", rs, err)
		}
	})
}
