package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// An admin refunds part of an order: chosen courses (the buyer loses only
// those) or an amount up to what is left. Bad input changes nothing, the
// refunds never add up to more than was paid, and the same request twice
// refunds once.
func TestAdminPartialRefund(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		ctx, svc := context.Background(), e.app.Commerce
		teach := e.instructor("teach@x.io", "Teacher")
		root := e.storeUser(e.admin())
		stu := e.storeUser(e.register("s1@x.io", "student pass 42", "Sam One"))
		a := mustID(t, e.publishedCourse(teach, map[string]any{"title": "Course A", "price_cents": 3000, "currency": "USD"}))
		b := mustID(t, e.publishedCourse(teach, map[string]any{"title": "Course B", "price_cents": 2000, "currency": "USD"}))
		o := e.buy(stu, a, b)
		if o.TotalCents != 5000 || o.Status != store.OrderPaid {
			t.Fatalf("order = %+v", o)
		}
		grant := func(id int64) error {
			c, err := e.app.DB.CourseByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.Access.Course(ctx, stu, c)
			return err
		}
		unchanged := func(step string, refunded int64, status string) {
			t.Helper()
			got, err := e.app.DB.OrderByID(ctx, o.ID)
			if err != nil || got.RefundedCents != refunded || got.Status != status {
				t.Errorf("%s: order = %+v, %v; want %d refunded, %s", step, got, err, refunded, status)
			}
		}
		// fields names the fields of a validation problem, or says what else it was.
		fields := func(err error) string {
			pe, ok := apperr.As(err)
			if !ok || pe.Code != "validation_failed" {
				return code(err)
			}
			var names []string
			for _, f := range pe.Fields {
				names = append(names, f.Field)
			}
			return strings.Join(names, ",")
		}

		// Only admins.
		if _, err := svc.RefundPart(ctx, stu, o.ID, commerce.PartialRefund{AmountCents: 100, Reason: "mine"}); code(err) != "forbidden" {
			t.Errorf("the buyer makes a partial refund: %v", err)
		}
		// Bad input: a problem naming the field, nothing changed.
		for _, c := range []struct {
			in   commerce.PartialRefund
			want string
		}{
			{commerce.PartialRefund{AmountCents: 100}, "reason"},
			{commerce.PartialRefund{AmountCents: 5001, Reason: "too much"}, "amount_cents"},
			{commerce.PartialRefund{AmountCents: -1, Reason: "negative"}, "amount_cents"},
			{commerce.PartialRefund{Reason: "nothing chosen"}, "amount_cents"},
			{commerce.PartialRefund{CourseIDs: []int64{a, a}, Reason: "twice"}, "course_ids.1"},
			{commerce.PartialRefund{CourseIDs: []int64{1 << 40}, Reason: "not in it"}, "course_ids.0"},
			{commerce.PartialRefund{CourseIDs: []int64{a}, AmountCents: 10, Reason: "both"}, "amount_cents"},
		} {
			if _, err := svc.RefundPart(ctx, root, o.ID, c.in); fields(err) != c.want {
				t.Errorf("RefundPart(%+v) = %v (fields %q), want a problem on %s", c.in, err, fields(err), c.want)
			}
		}
		unchanged("after bad input", 0, store.OrderPaid)

		// Course A in full: the buyer loses A only.
		d, err := svc.RefundPart(ctx, root, o.ID, commerce.PartialRefund{CourseIDs: []int64{a}, Reason: "A was broken", Key: "k1"})
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != store.OrderPartiallyRefunded || d.RefundedCents != 3000 || !d.Items[a].Revoked || d.Items[a].RefundedCents != 3000 ||
			d.Items[b].Revoked || d.Items[b].RefundedCents != 0 {
			t.Fatalf("after refunding A: %+v items %+v", d.Order, d.Items)
		}
		if err := grant(a); err != access.ErrRefunded {
			t.Errorf("course A after its refund: %v, want ErrRefunded", err)
		}
		if err := grant(b); err != nil {
			t.Errorf("course B after A's refund: %v", err)
		}
		// The same request again (a retry, a double click): nothing more.
		if d, err := svc.RefundPart(ctx, root, o.ID, commerce.PartialRefund{CourseIDs: []int64{a}, Reason: "A was broken", Key: "k1"}); err != nil ||
			d.RefundedCents != 3000 || len(d.Refunds) != 1 {
			t.Errorf("the same request twice: %v, %+v", err, d)
		}
		// A new request for A: already refunded.
		if _, err := svc.RefundPart(ctx, root, o.ID, commerce.PartialRefund{CourseIDs: []int64{a}, Reason: "again"}); fields(err) != "course_ids.0" {
			t.Errorf("refunding A twice: %v", err)
		}
		unchanged("after refusing A twice", 3000, store.OrderPartiallyRefunded)

		// An amount: spread over what is left (B), access kept until B is refunded in full.
		if d, err = svc.RefundPart(ctx, root, o.ID, commerce.PartialRefund{AmountCents: 1500, Reason: "late delivery", Key: "k2"}); err != nil {
			t.Fatal(err)
		}
		if d.RefundedCents != 4500 || d.Status != store.OrderPartiallyRefunded || d.Items[b].RefundedCents != 1500 || d.Items[b].Revoked {
			t.Errorf("after 15.00 back: %+v items %+v", d.Order, d.Items)
		}
		if err := grant(b); err != nil {
			t.Errorf("course B after part of it was refunded: %v", err)
		}
		// More than is left: refused.
		if _, err := svc.RefundPart(ctx, root, o.ID, commerce.PartialRefund{AmountCents: 501, Reason: "too much"}); fields(err) != "amount_cents" {
			t.Errorf("refunding more than is left: %v", err)
		}
		unchanged("after refusing too much", 4500, store.OrderPartiallyRefunded)

		// The rest: the order is refunded, B revoked, the sum is what was paid.
		if d, err = svc.RefundPart(ctx, root, o.ID, commerce.PartialRefund{AmountCents: 500, Reason: "the rest", Key: "k3"}); err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, r := range d.Refunds {
			sum += r.AmountCents
			if r.CreatedByName == "" {
				t.Errorf("refund %d has no author name", r.ID)
			}
		}
		if d.Status != store.OrderRefunded || d.RefundedCents != 5000 || sum != 5000 || len(d.Refunds) != 3 || !d.Items[b].Revoked {
			t.Errorf("after the rest: %+v refunds %+v items %+v", d.Order, d.Refunds, d.Items)
		}
		if err := grant(b); err != access.ErrRefunded {
			t.Errorf("course B after the whole order was refunded: %v", err)
		}
		if _, err := svc.RefundPart(ctx, root, o.ID, commerce.PartialRefund{AmountCents: 1, Reason: "more"}); code(err) != "not_refundable" {
			t.Errorf("refunding a refunded order: %v", err)
		}

		// Each refund is in the audit log, by the admin, with its reason.
		entries, err := e.app.DB.AuditEntries(ctx, 20)
		if err != nil {
			t.Fatal(err)
		}
		var refunds []string
		for _, en := range entries {
			if en.Action == "order.refund" && en.ActorID == root.ID {
				refunds = append(refunds, en.Detail)
			}
		}
		if len(refunds) != 3 || !strings.Contains(strings.Join(refunds, "|"), "for Course A: A was broken") {
			t.Errorf("audit entries = %q", refunds)
		}
	})
}

// Through HTTP with Stripe (stripe-mock): a partial refund asks Stripe for
// an amount, keeps the buyer's access, and Stripe's later charge.refunded
// for it records nothing more. Bad input is a 422 problem naming the field.
func TestAdminPartialRefundStripe(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := stripeShop(t, target)
		root := s.admin()
		oid := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201).str("order_id")
		now := time.Now()
		if st := s.webhook(event("evt_paid_p", "checkout.session.completed", sessionCompleted(oid, 1999, "paid")), now, whsec); st != 200 {
			t.Fatalf("payment webhook: %d", st)
		}
		path := "/api/v1/admin/orders/" + oid + "/refunds"
		bad := s.do(req{Method: "POST", Path: path, Token: root.Access, Body: map[string]any{"amount_cents": 2000, "reason": "too much"}}).expect(t, 422)
		if _, ok := bad.fieldErrors()["amount_cents"]; !ok {
			t.Errorf("refunding more than was paid: %s", bad.Body)
		}
		got := s.do(req{Method: "POST", Path: path, Token: root.Access, Body: map[string]any{"amount_cents": 999, "reason": "late", "key": "r1"}}).expect(t, 200)
		if got.str("status") != "partially_refunded" || got.JSON["refunded_cents"] != float64(999) || !s.enrolled(s.student, s.paid) {
			t.Fatalf("after a partial refund at Stripe: %s", got.Body)
		}
		refunded := event("evt_refund_p", "charge.refunded", map[string]any{"id": "ch_p", "object": "charge", "amount": 1999,
			"amount_refunded": 999, "refunded": false, "currency": "usd", "payment_intent": "pi_test_" + oid})
		if st := s.webhook(refunded, now, whsec); st != 200 {
			t.Errorf("charge.refunded after our partial refund: %d", st)
		}
		d := s.do(req{Method: "GET", Path: "/api/v1/admin/orders/" + oid, Token: root.Access}).expect(t, 200)
		if d.JSON["refunded_cents"] != float64(999) || len(d.JSON["refunds"].([]any)) != 1 || len(d.JSON["payments"].([]any)) != 1 {
			t.Errorf("order detail after Stripe's event: %s", d.Body)
		}
		if b := d.JSON["buyer"].(map[string]any); b["email"] != "stu@x.io" {
			t.Errorf("buyer = %v", b)
		}
	})
}
