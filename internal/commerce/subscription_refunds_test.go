package commerce_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// refundEnv is a commerce service on a fresh database with the built-in
// provider, a stopped test clock, a plan, an admin and two instructors
// whose courses are in the subscription.
type refundEnv struct {
	db       *store.DB
	svc      *commerce.Service
	clock    *commerce.TestClock
	admin    *store.User
	ins      [2]*store.User
	courses  [2]*store.Course
	students int
}

func newRefundEnv(t *testing.T, target testdb.Target, providers ...commerce.Provider) *refundEnv {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, target.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := db.Migrate(ctx, log); err != nil {
		t.Fatal(err)
	}
	clock := &commerce.TestClock{}
	clock.Stop()
	var provider commerce.Provider = commerce.Local{PublicURL: "http://lectern.test"}
	all := map[string]commerce.Provider{"local": provider}
	for _, p := range providers {
		all[p.Name()] = p
	}
	e := &refundEnv{db: db, clock: clock}
	e.svc = commerce.NewService(commerce.Deps{DB: db, Access: access.New(db, commerce.SubscriptionAccess{DB: db, Clock: clock}),
		Provider: provider, Providers: all, InstructorSharePct: 70, RefundWindow: 30 * 24 * time.Hour, Log: log, Clock: clock,
		Grace: 3 * 24 * time.Hour, PublicURL: "http://lectern.test"})
	e.admin = e.user(t, "admin@x.io", store.RoleAdmin)
	for i := range 2 {
		e.ins[i] = e.user(t, fmt.Sprintf("ins%d@x.io", i), store.RoleInstructor)
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			c, err := tx.CreateCourse(ctx, store.NewCourse{InstructorID: e.ins[i].ID, Slug: fmt.Sprintf("course-%d", i), Title: fmt.Sprintf("Course %d", i),
				Language: "en", Level: "all", PriceCents: 5000, Currency: "USD"})
			if err != nil {
				return err
			}
			if e.courses[i], err = tx.SetCourseStatus(ctx, c.ID, store.CoursePublished); err != nil {
				return err
			}
			return tx.SetInSubscription(ctx, c.ID, true)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.SetPlan(ctx, e.admin, "all", commerce.PlanInput{Name: "All access", Currency: "USD", MonthlyCents: 1000, YearlyCents: 10000}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *refundEnv) user(t *testing.T, email string, roles ...string) *store.User {
	t.Helper()
	u, err := e.db.CreateUser(t.Context(), store.NewUser{Email: email, Name: "Name of " + email, PasswordHash: "hash", Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// subscriber is a new student who subscribed and paid the first month
// with the built-in provider; it returns them and their payment's id.
func (e *refundEnv) subscriber(t *testing.T) (*store.User, int64) {
	t.Helper()
	ctx := t.Context()
	e.students++
	u := e.user(t, fmt.Sprintf("student%d@x.io", e.students))
	if _, err := e.svc.Subscribe(ctx, u, "all", "month"); err != nil {
		t.Fatal(err)
	}
	sub, err := e.db.UserSubscription(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ActLocalSubscription(ctx, u, sub.ID, commerce.LocalPay); err != nil {
		t.Fatal(err)
	}
	ps, err := e.db.SubscriptionPayments(ctx, sub.ID)
	if err != nil || len(ps) != 1 {
		t.Fatalf("payments = %+v, %v", ps, err)
	}
	return u, ps[0].ID
}

// watch records seconds a subscriber watched of course i this month.
func (e *refundEnv) watch(t *testing.T, u *store.User, i int, seconds float64) {
	t.Helper()
	month := e.clock.Now().UTC().Format("2006-01")
	if err := e.db.InTx(t.Context(), func(tx *store.Tx) error { return tx.AddWatchTime(t.Context(), u.ID, e.courses[i].ID, month, seconds) }); err != nil {
		t.Fatal(err)
	}
}

func (e *refundEnv) payment(t *testing.T, u *store.User, id int64) commerce.SubscriptionPaymentDetail {
	t.Helper()
	all, err := e.svc.AdminSubscriptionPayments(t.Context(), e.admin, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all.Payments {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("payment %d not among %+v", id, all.Payments)
	return commerce.SubscriptionPaymentDetail{}
}

func (e *refundEnv) month(t *testing.T, month string) *store.PoolMonth {
	t.Helper()
	ms, err := e.db.PoolMonths(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Month == month && m.Currency == "USD" {
			return &m
		}
	}
	return nil
}

func (e *refundEnv) shares(t *testing.T, month string) int64 {
	t.Helper()
	var sum int64
	for _, in := range e.ins {
		list, err := e.db.InstructorPoolShares(t.Context(), in.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.Month == month {
				sum += s.AmountCents
			}
		}
	}
	return sum
}

func isKind(err error, k apperr.Kind) bool {
	var e *apperr.Error
	return errors.As(err, &e) && e.Kind == k
}

func problem(err error) (apperr.Kind, string) {
	e, ok := apperr.As(err)
	if !ok {
		return -1, fmt.Sprint(err)
	}
	fields := ""
	for _, f := range e.Fields {
		fields += f.Field + " "
	}
	return e.Kind, strings.TrimSpace(fields)
}

// A refund before the month closes lowers the month's revenue and pool,
// and the split still sums exactly; a refund after it closed changes no
// closed figure. Each is audited and receipted.
func TestSubscriptionRefundAndTheMonthsPool(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := t.Context()
		e := newRefundEnv(t, target)
		month := e.clock.Now().UTC().Format("2006-01")
		a, payA := e.subscriber(t)
		b, payB := e.subscriber(t)
		e.watch(t, a, 0, 600)
		e.watch(t, b, 1, 300)

		d, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, payA, commerce.SubscriptionRefundInput{AmountCents: 300, Reason: "charged twice", Key: "k-a"})
		if err != nil {
			t.Fatal(err)
		}
		if d.RefundedCents != 300 || len(d.Refunds) != 1 || d.Refunds[0].Status != store.SubRefundDone || d.Refunds[0].AfterClose {
			t.Errorf("refund before close = %+v", d)
		}
		if _, err := e.svc.AdvanceTestClock(ctx, e.admin, 40*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		m := e.month(t, month)
		if m == nil {
			t.Fatalf("month %s not closed", month)
		}
		// 2 × 10.00 paid, 3.00 refunded: 17.00 kept, 70 % of it pooled,
		// split 2:1 by seconds with the largest remainder.
		if m.RevenueCents != 1700 || m.PoolCents != 1190 || m.PlatformCents != 510 || e.shares(t, month) != 1190 {
			t.Errorf("closed month = %+v, shares %d", m, e.shares(t, month))
		}
		list, _ := e.db.InstructorPoolShares(ctx, e.ins[0].ID)
		if len(list) != 1 || list[0].AmountCents != 793 {
			t.Errorf("first instructor's share = %+v, want 7.93", list)
		}

		// After the close: recorded, no closed figure moves.
		d, err = e.svc.RefundSubscriptionPayment(ctx, e.admin, payB, commerce.SubscriptionRefundInput{Reason: "unhappy", Key: "k-b"})
		if err != nil {
			t.Fatal(err)
		}
		if d.RefundedCents != 1000 || len(d.Refunds) != 1 || !d.Refunds[0].AfterClose {
			t.Errorf("refund after close = %+v", d)
		}
		if after := e.month(t, month); *after != *m || e.shares(t, month) != 1190 {
			t.Errorf("closed month changed: %+v, shares %d", after, e.shares(t, month))
		}
		if err := e.svc.CloseMonths(ctx); err != nil {
			t.Fatal(err)
		}
		if after := e.month(t, month); *after != *m {
			t.Errorf("closing again changed the month: %+v", after)
		}

		// Audited and receipted, once each.
		audit, err := e.db.AuditFind(ctx, store.AuditQuery{Action: "subscription.refund", Limit: 10})
		if err != nil || len(audit) != 2 || !strings.Contains(audit[0].Detail, "unhappy") || !strings.Contains(audit[0].Detail, "already closed") ||
			audit[0].Subject != fmt.Sprintf("user:%d", b.ID) {
			t.Errorf("audit = %+v, %v", audit, err)
		}
		for _, u := range []*store.User{a, b} {
			mails, err := e.db.EmailsTo(ctx, u.Email)
			n := 0
			for _, m := range mails {
				if m.Subject == "Your subscription refund" {
					n++
				}
			}
			if err != nil || n != 1 {
				t.Errorf("refund receipts to %s = %d, %v", u.Email, n, err)
			}
		}
		// The subscriber sees the refund on their payments.
		mine, err := e.svc.MySubscriptionPayments(ctx, a)
		if err != nil || len(mine.Payments) == 0 || mine.Payments[len(mine.Payments)-1].RefundedCents != 300 {
			t.Errorf("MySubscriptionPayments = %+v, %v", mine, err)
		}
	})
}

// The same request key twice refunds once; too much is a field problem
// and a payment refunded in full a conflict, both changing nothing; only
// admins refund.
func TestSubscriptionRefundRules(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := t.Context()
		e := newRefundEnv(t, target)
		a, pay := e.subscriber(t)
		in := commerce.SubscriptionRefundInput{AmountCents: 250, Reason: "goodwill", Key: "same"}
		for range 2 {
			if _, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, in); err != nil {
				t.Fatal(err)
			}
		}
		if p := e.payment(t, a, pay); p.RefundedCents != 250 || len(p.Refunds) != 1 {
			t.Errorf("after the same key twice: %+v", p)
		}
		for _, bad := range []struct {
			in     commerce.SubscriptionRefundInput
			kind   apperr.Kind
			fields string
		}{
			{commerce.SubscriptionRefundInput{AmountCents: 751, Reason: "too much", Key: "k2"}, apperr.Invalid, "amount_cents"},
			{commerce.SubscriptionRefundInput{AmountCents: -1, Reason: "negative", Key: "k3"}, apperr.Invalid, "amount_cents"},
			{commerce.SubscriptionRefundInput{AmountCents: 100, Reason: "  ", Key: "k4"}, apperr.Invalid, "reason"},
		} {
			_, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, bad.in)
			if kind, fields := problem(err); kind != bad.kind || fields != bad.fields {
				t.Errorf("%+v: %v (kind %v, fields %q)", bad.in, err, kind, fields)
			}
		}
		if _, err := e.svc.RefundSubscriptionPayment(ctx, a, pay, commerce.SubscriptionRefundInput{Reason: "me", Key: "k5"}); err == nil {
			t.Error("a student refunded a subscription payment")
		}
		if _, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay+1000, commerce.SubscriptionRefundInput{Reason: "x"}); !isKind(err, apperr.NotFound) {
			t.Errorf("missing payment: %v", err)
		}
		if p := e.payment(t, a, pay); p.RefundedCents != 250 || len(p.Refunds) != 1 {
			t.Errorf("refused refunds changed the payment: %+v", p)
		}
		// A refund whose provider answer was lost (left pending): the same
		// request again asks the provider again and finishes it, once.
		if err := e.db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.LockSubscriptionPayment(ctx, pay); err != nil {
				return err
			}
			_, err := tx.AddSubscriptionRefund(ctx, store.SubscriptionRefund{PaymentID: pay, AmountCents: 50, Status: store.SubRefundPending, Reason: "lost", Key: "lost"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			p, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, commerce.SubscriptionRefundInput{AmountCents: 50, Reason: "lost", Key: "lost"})
			if err != nil || p.RefundedCents != 300 || len(p.Refunds) != 2 || p.Refunds[1].Status != store.SubRefundDone {
				t.Fatalf("retry of a pending refund = %+v, %v", p, err)
			}
		}
		// The rest (amount left out), then nothing is left: 409.
		if p, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, commerce.SubscriptionRefundInput{Reason: "the rest", Key: "k6"}); err != nil || p.RefundedCents != 1000 {
			t.Fatalf("refund the rest = %+v, %v", p, err)
		}
		_, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, commerce.SubscriptionRefundInput{AmountCents: 1, Reason: "more", Key: "k7"})
		if kind, _ := problem(err); kind != apperr.Conflict {
			t.Errorf("refund of a fully refunded payment: %v", err)
		}
		// A retry of an earlier request still answers, refunding nothing.
		if p, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, in); err != nil || p.RefundedCents != 1000 || len(p.Refunds) != 3 {
			t.Errorf("retry after the rest = %+v, %v", p, err)
		}
	})
}

// end_access ends the subscription now, through the access policy; by
// default the subscriber keeps access until the period ends.
func TestSubscriptionRefundEndsAccess(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := t.Context()
		e := newRefundEnv(t, target)
		a, pay := e.subscriber(t)
		grant := func() access.Grant {
			g, _ := e.svc.Access.Course(ctx, a, e.courses[0])
			return g
		}
		if g := grant(); g != access.GrantSubscription {
			t.Fatalf("subscriber's grant = %q", g)
		}
		if ids, err := e.svc.MySubscriptionCourses(ctx, a); err != nil || len(ids) != 2 {
			t.Errorf("MySubscriptionCourses while subscribed = %v, %v", ids, err)
		}
		if _, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, commerce.SubscriptionRefundInput{AmountCents: 100, Reason: "partial", Key: "p"}); err != nil {
			t.Fatal(err)
		}
		if g := grant(); g != access.GrantSubscription {
			t.Errorf("after a refund without end_access: %q", g)
		}
		d, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, commerce.SubscriptionRefundInput{Reason: "fraud", Key: "end", EndAccess: true})
		if err != nil || d.RefundedCents != 1000 || !d.Refunds[1].EndedAccess {
			t.Fatalf("refund with end_access = %+v, %v", d, err)
		}
		if g := grant(); g == access.GrantSubscription {
			t.Errorf("access kept after end_access: %q", g)
		}
		if ids, err := e.svc.MySubscriptionCourses(ctx, a); err != nil || len(ids) != 0 {
			t.Errorf("MySubscriptionCourses after end_access = %v, %v", ids, err)
		}
		if sub, err := e.svc.MySubscription(ctx, a); err != nil || sub.Status != store.SubEnded {
			t.Errorf("subscription after end_access = %+v, %v", sub, err)
		}
		// The built-in provider renews it no more.
		if _, err := e.svc.AdvanceTestClock(ctx, e.admin, 40*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if all, err := e.svc.AdminSubscriptionPayments(ctx, e.admin, a.ID); err != nil || len(all.Payments) != 1 {
			t.Errorf("payments after end_access = %+v, %v", all, err)
		}
	})
}

// Closing a month while refunds of its payments are being made: each
// refund lands wholly before the closing (in the revenue) or wholly after
// (marked after_close), so the closed revenue is always what was paid
// less the refunds done before it.
func TestSubscriptionRefundsRaceTheMonthsClosing(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := newRefundEnv(t, target)
		month := e.clock.Now().UTC().Format("2006-01")
		var users []*store.User
		var pays []int64
		for range 6 {
			u, p := e.subscriber(t)
			e.watch(t, u, len(users)%2, 100)
			users, pays = append(users, u), append(pays, p)
		}
		e.clock.Advance(40 * 24 * time.Hour) // the month is over; nothing renewed or closed yet
		var wg sync.WaitGroup
		errs := make(chan error, len(pays)+1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- e.svc.CloseMonths(context.Background())
		}()
		for i, p := range pays {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.RefundSubscriptionPayment(context.Background(), e.admin, p,
					commerce.SubscriptionRefundInput{AmountCents: int64(100 * (i + 1)), Reason: "race", Key: "race"})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		m := e.month(t, month)
		if m == nil {
			t.Fatal("month not closed")
		}
		var before int64
		for i, u := range users {
			p := e.payment(t, u, pays[i])
			if len(p.Refunds) != 1 || p.Refunds[0].Status != store.SubRefundDone {
				t.Fatalf("payment %d refunds = %+v", i, p.Refunds)
			}
			if !p.Refunds[0].AfterClose {
				before += p.Refunds[0].AmountCents
			}
		}
		if m.RevenueCents != 6000-before || m.PoolCents != m.RevenueCents*70/100 || e.shares(t, month) != m.PoolCents {
			t.Errorf("closed %+v with %d refunded before the close, shares %d", m, before, e.shares(t, month))
		}
	})
}
