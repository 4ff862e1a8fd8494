package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// storeUser is the stored user behind an account.
func (e *env) storeUser(a account) *store.User {
	e.t.Helper()
	u, err := e.app.DB.UserByEmail(context.Background(), a.Email)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// buy checks out courses for u on the built-in provider and pays.
func (e *env) buy(u *store.User, courses ...int64) *store.Order {
	e.t.Helper()
	ctx := context.Background()
	o, err := e.app.Commerce.Checkout(ctx, u, courses, "")
	if err != nil {
		e.t.Fatal(err)
	}
	if o, err = e.app.Commerce.PayLocal(ctx, u, o.ID, true); err != nil {
		e.t.Fatal(err)
	}
	return o
}

// balance is u's balance in USD.
func balance(t *testing.T, c *commerce.Service, u *store.User) commerce.Balance {
	t.Helper()
	p, err := c.MyPayouts(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range p.Balances {
		if b.Currency == "USD" {
			return b
		}
	}
	return commerce.Balance{Currency: "USD"}
}

// TestPayouts: a sale's share is pending for the refund window (judged by
// the commerce clock, to the second), then available; a refund inside the
// window lowers pending; a closed subscription month is available at once;
// payouts never exceed what is available, even two at once; the CSV
// statement's rows sum to the balance.
func TestPayouts(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) { c.TestClock = true; c.RefundWindow = 30 * 24 * time.Hour })
		ctx, svc := context.Background(), e.app.Commerce
		clock := svc.Clock.(*commerce.TestClock)
		clock.Stop()
		teach := e.instructor("teach@x.io", "Teacher")
		root := e.storeUser(e.admin())
		s1 := e.storeUser(e.register("s1@x.io", "student pass 42", "Sam One"))
		s2 := e.storeUser(e.register("s2@x.io", "student pass 43", "Sam Two"))
		course := mustID(t, e.publishedCourse(teach, map[string]any{"title": "Money", "price_cents": 10000, "currency": "USD"}))
		ins := e.storeUser(teach)

		if _, err := svc.MyPayouts(ctx, s1); code(err) != "forbidden" {
			t.Errorf("a student's payouts: %v", err)
		}
		first := e.buy(s1, course)
		second := e.buy(s2, course)
		if b := balance(t, svc, ins); b.PendingCents != 14000 || b.AvailableCents != 0 {
			t.Fatalf("after two sales = %+v, want 14000 pending", b)
		}
		// A refund inside the window lowers pending.
		if _, err := svc.Refund(ctx, s2, second.ID, "not for me"); err != nil {
			t.Fatal(err)
		}
		if b := balance(t, svc, ins); b.PendingCents != 7000 || b.AvailableCents != 0 {
			t.Fatalf("after a refund = %+v, want 7000 pending", b)
		}

		// One second before the first sale's window ends: still pending.
		clock.Advance(first.PaidAt.Add(svc.RefundWindow - time.Second).Sub(clock.Now()))
		if b := balance(t, svc, ins); b.PendingCents != 7000 || b.AvailableCents != 0 {
			t.Fatalf("a second before the window ends = %+v", b)
		}
		_, err := svc.RecordPayout(ctx, root, commerce.PayoutInput{InstructorID: ins.ID, AmountCents: 1, Currency: "USD"})
		if code(err) != "validation_failed" {
			t.Errorf("a payout of pending money: %v", err)
		}
		// One second after: available, and the buyer may no longer refund.
		clock.Advance(2 * time.Second)
		if b := balance(t, svc, ins); b.PendingCents != 0 || b.AvailableCents != 7000 {
			t.Fatalf("a second after the window = %+v", b)
		}
		if _, err := svc.Refund(ctx, s1, first.ID, ""); code(err) != "refund_window_passed" {
			t.Errorf("the buyer refunds after the window: %v", err)
		}

		// A closed subscription month is available at once.
		if err := e.app.DB.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ClosePoolMonth(ctx, store.PoolMonth{Month: "2020-01", Currency: "USD", RevenueCents: 1000, PlatformCents: 700, PoolCents: 300},
				[]store.PoolShare{{InstructorID: ins.ID, Seconds: 60, AmountCents: 300}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if b := balance(t, svc, ins); b.AvailableCents != 7300 {
			t.Fatalf("with a month's share = %+v", b)
		}

		// Payouts: admins only; bad input is named; never more than available.
		if _, err := svc.RecordPayout(ctx, ins, commerce.PayoutInput{InstructorID: ins.ID, AmountCents: 1, Currency: "USD"}); code(err) != "forbidden" {
			t.Errorf("an instructor pays themself: %v", err)
		}
		_, err = svc.RecordPayout(ctx, root, commerce.PayoutInput{InstructorID: ins.ID, AmountCents: -5, Currency: "US"})
		if code(err) != "validation_failed" {
			t.Errorf("bad payout: %v", err)
		}
		_, err = svc.RecordPayout(ctx, root, commerce.PayoutInput{InstructorID: ins.ID, AmountCents: 7301, Currency: "USD"})
		if code(err) != "validation_failed" {
			t.Errorf("a payout over the balance: %v", err)
		}
		p, err := svc.RecordPayout(ctx, root, commerce.PayoutInput{InstructorID: ins.ID, AmountCents: 5000, Currency: "usd", Method: "bank_transfer", Reference: "TX-1", Note: "June"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Currency != "USD" || p.Method != "bank_transfer" || p.CreatedBy != root.ID {
			t.Errorf("payout = %+v", p)
		}
		if b := balance(t, svc, ins); b.AvailableCents != 2300 || b.PaidOutCents != 5000 || b.PendingCents != 0 {
			t.Errorf("after a payout = %+v", b)
		}
		entries, _ := e.app.DB.AuditEntries(ctx, 5)
		if len(entries) == 0 || entries[0].Action != "payout.record" || entries[0].Subject != "user:"+strconv.FormatInt(ins.ID, 10) {
			t.Errorf("audit = %+v", entries)
		}
		// Two admins paying 2000 of the 2300 at once: one is refused.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = svc.RecordPayout(ctx, root, commerce.PayoutInput{InstructorID: ins.ID, AmountCents: 2000, Currency: "USD"})
			})
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Errorf("two payouts at once: %v, %v", errs[0], errs[1])
		}
		all, err := svc.AdminPayoutBalances(ctx, root)
		if err != nil || len(all) != 1 || all[0].InstructorID != ins.ID || all[0].AvailableCents != 300 || all[0].PaidOutCents != 7000 || all[0].Email != "teach@x.io" {
			t.Errorf("admin balances = %+v, %v", all, err)
		}
		if _, err := svc.AdminPayoutBalances(ctx, ins); code(err) != "forbidden" {
			t.Errorf("an instructor lists balances: %v", err)
		}

		// The statement: every movement, rows summing to the balance.
		lines, err := svc.Statement(ctx, ins)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := commerce.WriteStatementCSV(&buf, lines); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		b := balance(t, svc, ins)
		var sum int64
		kinds := map[string]int{}
		for _, r := range rows[1:] {
			n, err := strconv.ParseInt(r[5], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			sum += n
			kinds[r[1]]++
		}
		last, _ := strconv.ParseInt(rows[len(rows)-1][7], 10, 64)
		if want := b.AvailableCents + b.PendingCents; sum != want || last != want {
			t.Errorf("statement sums to %d, ends at %d; balance %d:\n%s", sum, last, want, rows)
		}
		if kinds["sale"] != 2 || kinds["refund"] != 1 || kinds["subscription_share"] != 1 || kinds["payout"] != 2 {
			t.Errorf("statement rows = %v", rows)
		}
		if rows[1][6] != first.PaidAt.Add(svc.RefundWindow).UTC().Format("2006-01-02") {
			t.Errorf("a sale's available_on = %s", rows[1][6])
		}
	})
}

// TestPayoutsHTTP: the instructor's balance, the CSV download and the
// admin's list and payout, through the API.
func TestPayoutsHTTP(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) { c.RefundWindow = time.Nanosecond })
		teach := e.instructor("teach@x.io", "Teacher")
		root := e.admin()
		course := mustID(t, e.publishedCourse(teach, map[string]any{"title": "=SUM(A1)", "price_cents": 2000, "currency": "EUR"}))
		e.buy(e.storeUser(e.register("s1@x.io", "student pass 42", "Sam")), course)

		me := e.do(req{Method: "GET", Path: "/api/v1/instructor/payouts", Token: teach.Access}).expect(t, 200)
		bal := me.JSON["balances"].([]any)[0].(map[string]any)
		if bal["currency"] != "EUR" || bal["available_cents"] != float64(1400) || bal["pending_cents"] != float64(0) {
			t.Fatalf("payouts = %s", me.Body)
		}
		list := e.do(req{Method: "GET", Path: "/api/v1/admin/payouts", Token: root.Access}).expect(t, 200)
		item := list.JSON["items"].([]any)[0].(map[string]any)
		if item["instructor"].(map[string]any)["email"] != "teach@x.io" || item["available_cents"] != float64(1400) {
			t.Errorf("admin list = %s", list.Body)
		}
		bad := e.do(req{Method: "POST", Path: "/api/v1/admin/payouts", Token: root.Access,
			Body: map[string]any{"instructor_id": teach.ID, "amount_cents": 1401, "currency": "EUR"}}).expect(t, 422)
		if bad.fieldErrors()["amount_cents"] == "" {
			t.Errorf("over the balance = %s", bad.Body)
		}
		made := e.do(req{Method: "POST", Path: "/api/v1/admin/payouts", Token: root.Access,
			Body: map[string]any{"instructor_id": teach.ID, "amount_cents": 1400, "currency": "EUR", "method": "bank_transfer", "reference": "R-9"}}).expect(t, 201)
		if made.JSON["amount_cents"] != float64(1400) || made.str("reference") != "R-9" {
			t.Errorf("payout = %s", made.Body)
		}
		stmt := e.do(req{Method: "GET", Path: "/api/v1/instructor/statement.csv", Token: teach.Access}).expect(t, 200)
		if ct := stmt.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || stmt.Header.Get("Content-Disposition") == "" {
			t.Errorf("statement headers = %v", stmt.Header)
		}
		rows, err := csv.NewReader(bytes.NewReader(stmt.Body)).ReadAll()
		if err != nil || len(rows) != 3 || rows[1][3] != "'=SUM(A1)" || rows[2][1] != "payout" || rows[2][7] != "0" {
			t.Errorf("statement = %q, %v", rows, err)
		}
	})
}
