package commerce_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

func stripeEvent(t *testing.T, id string, typ stripe.EventType, object map[string]any) stripe.Event {
	t.Helper()
	raw, err := json.Marshal(object)
	if err != nil {
		t.Fatal(err)
	}
	return stripe.Event{ID: id, Type: typ, Created: time.Now().Unix(), Data: &stripe.EventData{Raw: raw}}
}

// At service level with Stripe (stripe-mock): an admin's refund of a
// subscription invoice goes to Stripe once per key; charge.refunded
// events (ours, duplicated, out of order, one before its invoice) record
// only what is not recorded yet.
func TestStripeSubscriptionRefundService(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := t.Context()
		e := newRefundEnv(t, target, commerce.NewStripe("sk_test_123", testdb.StripeMock(t), "http://lectern.test"))
		u := e.user(t, "payer@x.io")
		now := time.Now().Unix()
		invoice := map[string]any{"id": "in_1", "object": "invoice", "currency": "usd", "amount_paid": 1000, "amount_due": 1000, "customer": "cus_1",
			"parent": map[string]any{"type": "subscription_details", "subscription_details": map[string]any{"subscription": "sub_1",
				"metadata": map[string]string{"user_id": strconv.FormatInt(u.ID, 10), "plan": "all", "interval": "month"}}},
			"lines": map[string]any{"object": "list", "data": []any{map[string]any{"id": "il_1", "object": "line_item",
				"period": map[string]any{"start": now, "end": now + 30*24*3600}}}},
			"payments": map[string]any{"object": "list", "data": []any{map[string]any{"id": "inpay_1", "object": "invoice_payment", "status": "paid",
				"payment": map[string]any{"type": "payment_intent", "payment_intent": "pi_1"}}}},
			"status_transitions": map[string]any{"paid_at": now}}
		charge := func(refunded int64) map[string]any {
			return map[string]any{"id": "ch_1", "object": "charge", "amount": 1000, "amount_refunded": refunded, "currency": "usd", "payment_intent": "pi_1"}
		}
		// Refunded at Stripe before its invoice is recorded here: retry later.
		if err := e.svc.HandleStripeEvent(ctx, stripeEvent(t, "evt_early", stripe.EventTypeChargeRefunded, charge(100))); !errors.Is(err, commerce.ErrRetryLater) {
			t.Fatalf("charge.refunded before invoice.paid = %v", err)
		}
		if err := e.svc.HandleStripeEvent(ctx, stripeEvent(t, "evt_paid", stripe.EventTypeInvoicePaid, invoice)); err != nil {
			t.Fatal(err)
		}
		all, err := e.svc.AdminSubscriptionPayments(ctx, e.admin, u.ID)
		if err != nil || len(all.Payments) != 1 || all.Payments[0].PaymentRef != "pi_1" {
			t.Fatalf("payments = %+v, %v", all, err)
		}
		pay := all.Payments[0].ID
		if err := e.svc.HandleStripeEvent(ctx, stripeEvent(t, "evt_early", stripe.EventTypeChargeRefunded, charge(100))); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			d, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, commerce.SubscriptionRefundInput{AmountCents: 200, Reason: "double charge", Key: "k"})
			if err != nil || d.RefundedCents != 300 || len(d.Refunds) != 2 || d.Refunds[1].ProviderRef == "" {
				t.Fatalf("stripe refund = %+v, %v", d, err)
			}
		}
		// Our refund's event (300 in all), twice; then 250 more in the
		// dashboard; then a stale event.
		for _, ev := range []stripe.Event{
			stripeEvent(t, "evt_ours", stripe.EventTypeChargeRefunded, charge(300)),
			stripeEvent(t, "evt_ours", stripe.EventTypeChargeRefunded, charge(300)),
			stripeEvent(t, "evt_dash", stripe.EventTypeChargeRefunded, charge(550)),
			stripeEvent(t, "evt_stale", stripe.EventTypeChargeRefunded, charge(300)),
		} {
			if err := e.svc.HandleStripeEvent(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		p := e.payment(t, u, pay)
		var sum int64
		for _, r := range p.Refunds {
			sum += r.AmountCents
		}
		if p.RefundedCents != 550 || len(p.Refunds) != 3 || sum != 550 {
			t.Errorf("after the events: %+v", p)
		}
		// The rest, ending access: Stripe cancels the subscription.
		d, err := e.svc.RefundSubscriptionPayment(ctx, e.admin, pay, commerce.SubscriptionRefundInput{Reason: "fraud", Key: "end", EndAccess: true})
		if err != nil || d.RefundedCents != 1000 {
			t.Fatalf("refund the rest = %+v, %v", d, err)
		}
		if sub, err := e.svc.MySubscription(ctx, u); err != nil || sub.Status != store.SubEnded {
			t.Errorf("subscription after end_access = %+v, %v", sub, err)
		}
	})
}
