package app_test

import (
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/testdb"
)

func chargeObject(id, paymentIntent string, refunded int64) map[string]any {
	return map[string]any{"id": id, "object": "charge", "amount": 1000, "amount_refunded": refunded, "currency": "usd",
		"payment_intent": paymentIntent, "refunded": refunded >= 1000, "status": "succeeded"}
}

// paidInvoice is a subscription's invoice.paid event whose invoice says
// which payment intent paid it (paidBy "": it does not say).
func paidInvoice(evID, invID, subID, userID, paidBy string, t0 int64) []byte {
	inv := invoiceObject(invID, subID, userID, t0, t0+30*24*3600, t0)
	if paidBy != "" {
		inv["payments"] = map[string]any{"object": "list", "data": []any{map[string]any{"id": "inpay_" + invID, "object": "invoice_payment",
			"status": "paid", "payment": map[string]any{"type": "payment_intent", "payment_intent": paidBy}}}}
	}
	return eventAt(evID, "invoice.paid", t0, inv)
}

// Refunds of Stripe subscription payments: an admin's refund goes to
// Stripe (stripe-mock) once per request key; Stripe's signed
// charge.refunded events, duplicated, concurrent and out of order, add
// only what is not recorded yet; end_access cancels at Stripe and ends
// access here.
func TestStripeSubscriptionRefunds(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := stripeShop(t, target)
		root := s.admin()
		s.do(req{Method: "PUT", Path: "/api/v1/admin/plans/all-access", Token: root.Access, Body: map[string]any{"name": "All access", "currency": "USD", "monthly_cents": 1000, "yearly_cents": 10000}}).expect(t, 200)
		s.do(req{Method: "PUT", Path: "/api/v1/courses/" + s.paid + "/subscription", Token: s.teacher.Access, Body: map[string]any{"in_subscription": true}}).expect(t, 200)
		lecture := s.firstLecture(s.teacher, s.paid)
		content := func(a account) int {
			return s.do(req{Method: "GET", Path: "/api/v1/lectures/" + lecture + "/content", Token: a.Access}).Status
		}
		now := time.Now().Unix()
		payments := func(a account) []map[string]any {
			r := s.do(req{Method: "GET", Path: "/api/v1/admin/users/" + a.ID + "/subscription-payments", Token: root.Access}).expect(t, 200)
			var out []map[string]any
			items, _ := r.JSON["items"].([]any)
			for _, it := range items {
				out = append(out, it.(map[string]any))
			}
			return out
		}
		refunded := func(a account) (float64, int) {
			ps := payments(a)
			if len(ps) != 1 {
				t.Fatalf("payments = %+v", ps)
			}
			rs, _ := ps[0]["refunds"].([]any)
			return ps[0]["refunded_cents"].(float64), len(rs)
		}

		// A refund made at Stripe before its invoice is recorded here: retried.
		early := chargeObject("ch_early", "pi_early", 400)
		if got := s.webhook(eventAt("evt_early_ref", "charge.refunded", now, early), time.Now(), whsec); got != 503 {
			t.Errorf("charge.refunded before invoice.paid: %d, want 503", got)
		}
		other := s.register("early@x.io", "student pass 51", "Early")
		if got := s.webhook(paidInvoice("evt_early_paid", "in_early", "sub_early", other.ID, "pi_early", now), time.Now(), whsec); got != 200 {
			t.Fatalf("invoice.paid: %d", got)
		}
		for range 2 {
			if got := s.webhook(eventAt("evt_early_ref", "charge.refunded", now, early), time.Now(), whsec); got != 200 {
				t.Errorf("charge.refunded retried: %d", got)
			}
		}
		if cents, n := refunded(other); cents != 400 || n != 1 {
			t.Errorf("early refund recorded %v in %d refunds, want 400 in 1", cents, n)
		}
		if !s.mailTo(other.Email, "subscription refund") {
			t.Error("no receipt for a refund made at Stripe")
		}

		// The student's invoice; what paid it arrives in invoice_payment.paid.
		if got := s.webhook(paidInvoice("evt_r_paid", "in_r", "sub_r", s.student.ID, "", now), time.Now(), whsec); got != 200 {
			t.Fatalf("invoice.paid: %d", got)
		}
		ip := map[string]any{"id": "inpay_r", "object": "invoice_payment", "invoice": "in_r", "status": "paid",
			"payment": map[string]any{"type": "payment_intent", "payment_intent": "pi_r"}}
		if got := s.webhook(eventAt("evt_r_ip", "invoice_payment.paid", now, ip), time.Now(), whsec); got != 200 {
			t.Fatalf("invoice_payment.paid: %d", got)
		}
		if got := content(s.student); got != 200 {
			t.Fatalf("subscriber's content: %d", got)
		}
		pid := payments(s.student)[0]["id"].(string)
		path := "/api/v1/admin/subscription-payments/" + pid + "/refunds"

		// The admin refunds 3.00 through Stripe; a double click refunds once.
		for range 2 {
			r := s.do(req{Method: "POST", Path: path, Token: root.Access, Body: map[string]any{"amount_cents": 300, "reason": "charged twice", "key": "click-1"}}).expect(t, 200)
			if r.JSON["refunded_cents"].(float64) != 300 {
				t.Errorf("refund = %s", r.Body)
			}
		}
		// Too much: 422 on amount_cents, nothing changes.
		if r := s.do(req{Method: "POST", Path: path, Token: root.Access, Body: map[string]any{"amount_cents": 701, "reason": "too much", "key": "click-2"}}); r.Status != 422 || r.fieldErrors()["amount_cents"] == "" {
			t.Errorf("over-refund: %d %s", r.Status, r.Body)
		}
		// Stripe tells of our own refund, twice: nothing more.
		own := eventAt("evt_r_ref1", "charge.refunded", now+1, chargeObject("ch_r", "pi_r", 300))
		for range 2 {
			if got := s.webhook(own, time.Now(), whsec); got != 200 {
				t.Errorf("charge.refunded (ours): %d", got)
			}
		}
		if cents, n := refunded(s.student); cents != 300 || n != 1 {
			t.Errorf("after our refund's event: %v in %d refunds", cents, n)
		}
		// 2.00 more refunded in Stripe's dashboard: the event three times
		// at once, and an older event (3.00 in all) arriving after it.
		more := eventAt("evt_r_ref2", "charge.refunded", now+2, chargeObject("ch_r", "pi_r", 500))
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.webhook(more, time.Now(), whsec)
			}()
		}
		wg.Wait()
		if got := s.webhook(more, time.Now(), whsec); got != 200 { // a 503 (busy) is retried by Stripe
			t.Errorf("charge.refunded again: %d", got)
		}
		if got := s.webhook(eventAt("evt_r_ref_old", "charge.refunded", now, chargeObject("ch_r", "pi_r", 300)), time.Now(), whsec); got != 200 {
			t.Errorf("older charge.refunded: %d", got)
		}
		if cents, n := refunded(s.student); cents != 500 || n != 2 {
			t.Errorf("after the dashboard refund: %v in %d refunds, want 500 in 2", cents, n)
		}
		if got := content(s.student); got != 200 {
			t.Errorf("content after partial refunds: %d", got)
		}

		// The rest, ending access now: Stripe cancels, access ends here.
		r := s.do(req{Method: "POST", Path: path, Token: root.Access, Body: map[string]any{"reason": "fraud", "key": "click-3", "end_access": true}}).expect(t, 200)
		if r.JSON["refunded_cents"].(float64) != 1000 {
			t.Errorf("refund the rest = %s", r.Body)
		}
		if got := content(s.student); got != 403 {
			t.Errorf("content after end_access: %d", got)
		}
		// Nothing is left: 409.
		s.do(req{Method: "POST", Path: path, Token: root.Access, Body: map[string]any{"amount_cents": 1, "reason": "more", "key": "click-4"}}).expect(t, 409)
		// The subscriber sees what was refunded.
		mine := s.do(req{Method: "GET", Path: "/api/v1/me/subscription/payments", Token: s.student.Access}).expect(t, 200)
		if items, _ := mine.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["refunded_cents"].(float64) != 1000 {
			t.Errorf("my payments = %s", mine.Body)
		}
	})
}
