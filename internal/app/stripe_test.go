package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
)

const whsec = "whsec_test_secret_for_lectern"

func stripeShop(t *testing.T, target testdb.Target) *shop {
	base := testdb.StripeMock(t)
	return newShop(t, target, func(c *config.Config) {
		c.StripeSecretKey = "sk_test_123"
		c.StripeWebhookSecret = whsec
		c.StripeAPIBase = base
	})
}

// event builds a Stripe event payload of type typ around object.
func event(id, typ string, object map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "api_version": "2025-09-30.clover", "created": time.Now().Unix(),
		"data": map[string]any{"object": object},
	})
	return b
}

func sessionCompleted(orderID string, amount int64, status string) map[string]any {
	return map[string]any{"id": "cs_test_" + orderID, "object": "checkout.session", "client_reference_id": orderID,
		"metadata": map[string]string{"order_id": orderID}, "payment_status": status, "amount_total": amount, "currency": "usd",
		"payment_intent": "pi_test_" + orderID}
}

// post sends a webhook, signed at ts with secret, and returns the status.
func (s *shop) webhook(payload []byte, ts time.Time, secret string) int {
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: ts})
	return s.webhookRaw(signed.Payload, signed.Header)
}

func (s *shop) webhookRaw(payload []byte, header string) int {
	rq, _ := http.NewRequest("POST", s.srv.URL+"/api/v1/webhooks/stripe", bytes.NewReader(payload))
	rq.Header.Set("Stripe-Signature", header)
	rq.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(rq)
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func (s *shop) order(a account, id string) resp {
	return s.do(req{Method: "GET", Path: "/api/v1/orders/" + id, Token: a.Access}).expect(s.t, 200)
}

func (s *shop) courseEnrollments(course string) float64 {
	r := s.do(req{Method: "GET", Path: "/api/v1/courses/" + course}).expect(s.t, 200)
	return r.JSON["enrollment_count"].(float64)
}

func TestStripeCheckoutAndWebhooks(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := stripeShop(t, target)
		co := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201)
		oid := co.str("order_id")
		o := co.JSON["order"].(map[string]any)
		if o["provider"] != "stripe" || o["provider_ref"] == "" || co.str("checkout_url") == "" {
			t.Fatalf("stripe checkout = %s", co.Body)
		}
		now := time.Now()
		paid := event("evt_paid_1", "checkout.session.completed", sessionCompleted(oid, 1999, "paid"))

		// Refused: bad secret, stale timestamp, altered body, no signature.
		if st := s.webhook(paid, now, "whsec_wrong"); st != 400 {
			t.Errorf("bad signature: %d", st)
		}
		if st := s.webhook(paid, now.Add(-6*time.Minute), whsec); st != 400 {
			t.Errorf("stale timestamp: %d", st)
		}
		signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: paid, Secret: whsec, Timestamp: now})
		altered := bytes.Replace(signed.Payload, []byte(`"amount_total":1999`), []byte(`"amount_total":1`), 1)
		if st := s.webhookRaw(altered, signed.Header); st != 400 {
			t.Errorf("altered body: %d", st)
		}
		if st := s.webhookRaw(paid, ""); st != 400 {
			t.Errorf("no signature: %d", st)
		}
		if s.order(s.student, oid).str("status") != "pending" || s.enrolled(s.student, s.paid) {
			t.Fatal("a refused webhook changed the order")
		}

		// Unpaid completion grants nothing.
		if st := s.webhook(event("evt_unpaid", "checkout.session.completed", sessionCompleted(oid, 1999, "unpaid")), now, whsec); st != 200 {
			t.Errorf("unpaid completion: %d", st)
		}
		if s.order(s.student, oid).str("status") != "pending" || s.enrolled(s.student, s.paid) {
			t.Fatal("an unpaid completion granted access")
		}
		// A paid completion for the wrong amount grants nothing either.
		if st := s.webhook(event("evt_wrong_amount", "checkout.session.completed", sessionCompleted(oid, 1, "paid")), now, whsec); st != 200 {
			t.Errorf("wrong amount: %d", st)
		}
		if s.enrolled(s.student, s.paid) {
			t.Fatal("a wrong amount granted access")
		}

		// The real one, then a duplicate.
		if st := s.webhook(paid, now, whsec); st != 200 {
			t.Fatalf("valid webhook: %d", st)
		}
		if st := s.webhook(paid, now, whsec); st != 200 {
			t.Errorf("duplicate: %d", st)
		}
		if s.order(s.student, oid).str("status") != "paid" || !s.enrolled(s.student, s.paid) || s.courseEnrollments(s.paid) != 1 {
			t.Fatalf("after payment: %s", s.order(s.student, oid).Body)
		}

		// Refund through the API goes to Stripe (stripe-mock) and revokes access.
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access}).expect(t, 200)
		if s.enrolled(s.student, s.paid) {
			t.Error("enrolled after the refund")
		}
		// Stripe then reports the refund: nothing more to record.
		refunded := event("evt_refund_1", "charge.refunded", map[string]any{"id": "ch_1", "object": "charge", "amount": 1999,
			"amount_refunded": 1999, "refunded": true, "currency": "usd", "payment_intent": "pi_test_" + oid})
		if st := s.webhook(refunded, now, whsec); st != 200 {
			t.Errorf("charge.refunded after our refund: %d", st)
		}
		if o := s.order(s.student, oid); o.str("status") != "refunded" || o.JSON["refunded_cents"] != float64(1999) {
			t.Errorf("order = %s", o.Body)
		}
	})
}

func TestStripeConcurrentAndOutOfOrderWebhooks(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := stripeShop(t, target)
		now := time.Now()
		// 20 concurrent copies of one event: one paid order, one enrollment.
		oid := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201).str("order_id")
		paid := event("evt_many", "checkout.session.completed", sessionCompleted(oid, 1999, "paid"))
		var wg sync.WaitGroup
		statuses := make([]int, 20)
		for i := range statuses {
			wg.Add(1)
			go func() { defer wg.Done(); statuses[i] = s.webhook(paid, now, whsec) }()
		}
		// ... racing the success page, which reads the order.
		s.order(s.student, oid)
		wg.Wait()
		for _, st := range statuses {
			if st != 200 && st != 503 {
				t.Errorf("concurrent copy: %d", st)
			}
		}
		if s.order(s.student, oid).str("status") != "paid" || s.courseEnrollments(s.paid) != 1 {
			t.Errorf("after 20 copies: %s, enrollments %v", s.order(s.student, oid).Body, s.courseEnrollments(s.paid))
		}

		// charge.refunded before checkout.session.completed: the refund is
		// postponed (503, Stripe retries), the payment then grants access,
		// and the retried refund takes it away.
		buyer := s.register("late@x.io", "student pass 42", "Late")
		oid2 := s.checkout(buyer, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201).str("order_id")
		refunded := event("evt_ref_early", "charge.refunded", map[string]any{"id": "ch_2", "object": "charge", "amount": 1999,
			"amount_refunded": 1999, "refunded": true, "currency": "usd", "payment_intent": "pi_test_" + oid2, "metadata": map[string]string{"order_id": oid2}})
		if st := s.webhook(refunded, now, whsec); st != 503 {
			t.Errorf("early refund: %d, want 503", st)
		}
		if st := s.webhook(event("evt_paid_late", "checkout.session.completed", sessionCompleted(oid2, 1999, "paid")), now, whsec); st != 200 {
			t.Fatalf("completion: %d", st)
		}
		if st := s.webhook(refunded, now, whsec); st != 200 {
			t.Errorf("retried refund: %d", st)
		}
		if o := s.order(buyer, oid2); o.str("status") != "refunded" || s.enrolled(buyer, s.paid) {
			t.Errorf("after out-of-order events: %s", o.Body)
		}
	})
}
