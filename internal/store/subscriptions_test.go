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
			n, err := tx.RefundSubscriptionPayment(ctx, sub.ID, "inv_1", 400)
			if err != nil || n != 400 {
				t.Errorf("RefundSubscriptionPayment = %v, %v", n, err)
			}
			if n, err := tx.RefundSubscriptionPayment(ctx, sub.ID, "inv_1", 400); err != nil || n != 0 {
				t.Errorf("RefundSubscriptionPayment again = %v, %v", n, err)
			}
			if _, err := tx.RefundSubscriptionPayment(ctx, sub.ID, "inv_x", 1); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RefundSubscriptionPayment(missing) = %v", err)
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
		if rev, err := db.SubscriptionRevenue(ctx, now.Add(-time.Hour), now.Add(time.Hour)); err != nil || rev["USD"] != 600 {
			t.Errorf("SubscriptionRevenue = %v, %v", rev, err)
		}
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
