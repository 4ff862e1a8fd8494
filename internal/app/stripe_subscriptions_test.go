package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/testdb"
)

// eventAt builds a Stripe event created at a given time.
func eventAt(id, typ string, created int64, object map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "api_version": "2025-09-30.clover", "created": created,
		"data": map[string]any{"object": object},
	})
	return b
}

func subObject(id, userID, status string, cancel bool, start, end int64) map[string]any {
	return map[string]any{"id": id, "object": "subscription", "status": status, "customer": "cus_" + id, "cancel_at_period_end": cancel,
		"currency": "usd", "metadata": map[string]string{"user_id": userID, "plan": "all-access", "interval": "month"},
		"items": map[string]any{"object": "list", "data": []any{map[string]any{"id": "si_" + id, "object": "subscription_item",
			"current_period_start": start, "current_period_end": end, "price": map[string]any{"id": "price_1", "object": "price", "unit_amount": 1000}}}}}
}

func invoiceObject(id, subID, userID string, start, end, paidAt int64) map[string]any {
	return map[string]any{"id": id, "object": "invoice", "currency": "usd", "amount_paid": 1000, "amount_due": 1000, "customer": "cus_" + subID,
		"parent": map[string]any{"type": "subscription_details", "subscription_details": map[string]any{"subscription": subID,
			"metadata": map[string]string{"user_id": userID, "plan": "all-access", "interval": "month"}}},
		"lines":              map[string]any{"object": "list", "data": []any{map[string]any{"id": "il_" + id, "object": "line_item", "period": map[string]any{"start": start, "end": end}}}},
		"status_transitions": map[string]any{"paid_at": paidAt}}
}

// subscriptionEvents is one subscription's life as Stripe tells it:
// created, first invoice paid, a renewal fails, its retry is paid, the
// subscriber cancels at period end, and Stripe deletes it.
func subscriptionEvents(subID, userID string, t0 int64) [][]byte {
	day := int64(24 * 3600)
	p1, p2 := t0+30*day, t0+60*day
	return [][]byte{
		eventAt("evt_"+subID+"_created", "customer.subscription.created", t0, subObject(subID, userID, "incomplete", false, t0, p1)),
		eventAt("evt_"+subID+"_paid1", "invoice.paid", t0+1, invoiceObject("in_"+subID+"_1", subID, userID, t0, p1, t0+1)),
		eventAt("evt_"+subID+"_failed2", "invoice.payment_failed", t0+10, invoiceObject("in_"+subID+"_2", subID, userID, p1, p2, 0)),
		eventAt("evt_"+subID+"_paid2", "invoice.paid", t0+15, invoiceObject("in_"+subID+"_2", subID, userID, p1, p2, t0+15)),
		eventAt("evt_"+subID+"_cancel", "customer.subscription.updated", t0+20, subObject(subID, userID, "active", true, p1, p2)),
		eventAt("evt_"+subID+"_deleted", "customer.subscription.deleted", t0+30, subObject(subID, userID, "canceled", false, p1, p2)),
	}
}

func TestStripeSubscriptionWebhooks(t *testing.T) {
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
		ctx := context.Background()
		version := func(a account) (string, int) {
			sub, err := s.app.DB.UserSubscription(ctx, mustID(t, a.ID))
			if err != nil {
				return "", 0
			}
			return sub.Status, sub.Version
		}

		// Checkout in subscription mode through stripe-mock.
		co := s.do(req{Method: "POST", Path: "/api/v1/subscriptions/checkout", Token: s.student.Access, Body: map[string]any{"plan": "all-access", "interval": "month"}}).expect(t, 201)
		if co.str("checkout_url") == "" {
			t.Fatalf("checkout = %s", co.Body)
		}

		// In order, each event duplicated: one state change per event.
		now := time.Now().Unix()
		want := []string{"incomplete", "active", "past_due", "active", "canceled", "ended"}
		access := []int{403, 200, 200, 200, 200, 403}
		for i, ev := range subscriptionEvents("sub_a", s.student.ID, now) {
			for range 2 {
				if got := s.webhook(ev, time.Now(), whsec); got != 200 {
					t.Fatalf("event %d: status %d", i, got)
				}
			}
			if st, v := version(s.student); st != want[i] || v != i+1 {
				t.Errorf("after event %d: %s version %d, want %s version %d", i, st, v, want[i], i+1)
			}
			if got := content(s.student); got != access[i] {
				t.Errorf("content after event %d (%s) = %d, want %d", i, want[i], got, access[i])
			}
			if i == 1 {
				portal := s.do(req{Method: "POST", Path: "/api/v1/me/subscription/portal", Token: s.student.Access}).expect(t, 200)
				if portal.str("url") == "" {
					t.Errorf("portal = %s", portal.Body)
				}
			}
		}
		if !s.mailTo(s.student.Email, "payment failed") || !s.mailTo(s.student.Email, "subscription payment") {
			t.Error("no emails for the failed and the paid renewal")
		}

		// Out of order: reversed, the invoices before the subscription
		// exists, the deletion first. Same end, one change per event.
		rev := s.register("rev@x.io", "student pass 45", "Rev")
		evs := subscriptionEvents("sub_b", rev.ID, now)
		for i := len(evs) - 1; i >= 0; i-- {
			if got := s.webhook(evs[i], time.Now(), whsec); got != 200 {
				t.Fatalf("reversed event %d: status %d", i, got)
			}
		}
		if st, v := version(rev); st != "ended" || v != 6 {
			t.Errorf("reversed: %s version %d, want ended version 6", st, v)
		}
		// Shuffled without the deletion: canceled at period end, as in order.
		shuf := s.register("shuf@x.io", "student pass 46", "Shuf")
		evs = subscriptionEvents("sub_c", shuf.ID, now)
		for _, i := range []int{4, 2, 3, 0, 1} {
			if got := s.webhook(evs[i], time.Now(), whsec); got != 200 {
				t.Fatalf("shuffled event %d: status %d", i, got)
			}
		}
		if st, v := version(shuf); st != "canceled" || v != 5 {
			t.Errorf("shuffled: %s version %d, want canceled version 5", st, v)
		}
		if got := content(shuf); got != 200 {
			t.Errorf("content while canceled at period end = %d", got)
		}

		// Concurrent: five events, each sent three times at once.
		conc := s.register("conc@x.io", "student pass 47", "Conc")
		evs = subscriptionEvents("sub_d", conc.ID, now)[:5]
		var wg sync.WaitGroup
		codes := make(chan int, 15)
		for _, ev := range evs {
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes <- s.webhook(ev, time.Now(), whsec)
				}()
			}
		}
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != 200 && c != 503 {
				t.Errorf("concurrent webhook status %d", c)
			}
		}
		// A 503 (busy) is retried by Stripe; do the same.
		for _, ev := range evs {
			s.webhook(ev, time.Now(), whsec)
		}
		if st, v := version(conc); st != "canceled" || v != 5 {
			t.Errorf("concurrent: %s version %d, want canceled version 5", st, v)
		}

		// Bad signature: refused, nothing changes.
		bad := eventAt("evt_bad", "customer.subscription.deleted", now+99, subObject("sub_c", shuf.ID, "canceled", false, now, now))
		if got := s.webhook(bad, time.Now(), "whsec_wrong"); got != 400 {
			t.Errorf("bad signature: %d", got)
		}
		if st, _ := version(shuf); st != "canceled" {
			t.Errorf("after a badly signed event: %s", st)
		}
		_ = fmt.Sprint()
	})
}
