package store_test

import (
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

// TestPayoutLedger: balances and the ledger agree on sales, partial and
// whole refunds (the instructor's part in proportion), subscription shares
// and payouts.
func TestPayoutLedger(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		other := mkUser(t, db, "o@x.io", store.RoleInstructor)
		root := mkUser(t, db, "r@x.io", store.RoleAdmin)
		a := mkCourse(t, db, ins.ID, "A", 1000, store.CoursePublished)
		z := mkCourse(t, db, other.ID, "Z", 3000, store.CoursePublished)
		s1, s2 := mkUser(t, db, "s1@x.io"), mkUser(t, db, "s2@x.io")
		o1 := mkPaidOrder(t, db, s1.ID, "pi_1", a, z) // ins 700, other 2100
		o2 := mkPaidOrder(t, db, s2.ID, "pi_2", a)    // ins 700

		// A partial refund of 1001 of o1's 4000: 250 of A (175 of the
		// share), 751 of Z (525 of the share); then the rest.
		inTx(t, db, func(tx *store.Tx) error {
			o, err := tx.RecordRefund(ctx, o1.ID, 1001, "re_1", "partly", nil)
			if err == nil && (o.Status != store.OrderPartiallyRefunded || o.RefundedCents != 1001) {
				t.Errorf("after a partial refund: %+v", o)
			}
			return err
		})
		past := time.Now().Add(time.Hour) // everything paid before: available
		bal, err := db.PayoutBalances(ctx, past, ins.ID)
		if err != nil || len(bal) != 1 || bal[0].AvailableCents != 1400-175 || bal[0].PendingCents != 0 {
			t.Fatalf("balance after a partial refund = %+v, %v", bal, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			o, err := tx.RecordRefund(ctx, o1.ID, 0, "re_2", "the rest", nil)
			if err == nil && o.Status != store.OrderRefunded {
				t.Errorf("after the rest: %+v", o)
			}
			return err
		})
		if rs, err := db.OrderRefunds(ctx, o1.ID); err != nil || len(rs) != 2 || rs[0].AmountCents != 1001 || rs[0].Reason != "partly" || rs[1].AmountCents != 2999 {
			t.Errorf("refunds = %+v, %v", rs, err)
		}
		all, err := db.PayoutBalances(ctx, past, 0)
		if err != nil || len(all) != 2 {
			t.Fatalf("all balances = %+v, %v", all, err)
		}
		for _, b := range all {
			want := map[int64]int64{ins.ID: 700, other.ID: 0}[b.InstructorID]
			if b.AvailableCents != want {
				t.Errorf("after the whole refund, %s has %d, want %d", b.Email, b.AvailableCents, want)
			}
		}
		// Before the cutoff: pending.
		bal, _ = db.PayoutBalances(ctx, o2.PaidAt.Add(-time.Second), ins.ID)
		if len(bal) != 1 || bal[0].PendingCents != 700 || bal[0].AvailableCents != 0 {
			t.Errorf("inside the window = %+v", bal)
		}

		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.ClosePoolMonth(ctx, store.PoolMonth{Month: "2020-01", Currency: "USD", RevenueCents: 100, PlatformCents: 70, PoolCents: 30},
				[]store.PoolShare{{InstructorID: ins.ID, Seconds: 5, AmountCents: 30}}); err != nil {
				return err
			}
			if err := tx.LockPayee(ctx, ins.ID); err != nil {
				return err
			}
			if err := tx.LockPayee(ctx, 999999); err != store.ErrNotFound {
				t.Errorf("locking nobody: %v", err)
			}
			b, err := tx.PayoutBalances(ctx, past, ins.ID)
			if err != nil || b[0].AvailableCents != 730 {
				t.Errorf("in tx = %+v, %v", b, err)
			}
			p, err := tx.CreatePayout(ctx, store.Payout{InstructorID: ins.ID, AmountCents: 500, Currency: "USD", Method: "bank_transfer", Reference: "T1", CreatedBy: root.ID})
			if err == nil && (p.ID == 0 || p.Method != "bank_transfer" || p.CreatedAt.IsZero()) {
				t.Errorf("payout = %+v", p)
			}
			return err
		})
		bal, _ = db.PayoutBalances(ctx, past, ins.ID)
		if bal[0].AvailableCents != 230 || bal[0].PaidOutCents != 500 {
			t.Errorf("after the payout = %+v", bal)
		}
		ps, err := db.Payouts(ctx, ins.ID)
		if err != nil || len(ps) != 1 || ps[0].Reference != "T1" {
			t.Errorf("payouts = %+v, %v", ps, err)
		}
		ledger, err := db.InstructorLedger(ctx, ins.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		var kinds []string
		for _, e := range ledger {
			sum += e.AmountCents
			kinds = append(kinds, e.Kind)
		}
		// Two sales, two refunds of A (175 + 525), a share, a payout.
		if sum != 230 || len(ledger) != 6 {
			t.Errorf("ledger sums to %d (%v): %+v", sum, kinds, ledger)
		}
	})
}
