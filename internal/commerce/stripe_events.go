package commerce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/lectern/lectern/internal/store"
)

// ErrRetryLater makes the webhook answer 503, so Stripe sends the event
// again: it concerns an order whose payment we have not seen yet.
var ErrRetryLater = errors.New("event arrived before the one it depends on")

// HandleStripeEvent processes a verified Stripe event exactly once: the
// event id is recorded in the same transaction as its effects, so a
// duplicate (or a concurrent copy) finds it recorded and does nothing, and
// a failure records nothing, so Stripe's retry is processed.
func (s *Service) HandleStripeEvent(ctx context.Context, ev stripe.Event) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		fresh, err := tx.RecordWebhookEvent(ctx, "stripe", ev.ID, string(ev.Type))
		if err != nil || !fresh {
			return err
		}
		switch ev.Type {
		case stripe.EventTypeCheckoutSessionCompleted, stripe.EventTypeCheckoutSessionAsyncPaymentSucceeded:
			var sess stripe.CheckoutSession
			if err := json.Unmarshal(ev.Data.Raw, &sess); err != nil {
				return err
			}
			if sess.Mode == stripe.CheckoutSessionModeSubscription {
				return nil // the subscription's own events carry its state
			}
			if sess.PaymentStatus != stripe.CheckoutSessionPaymentStatusPaid {
				return nil // e.g. a bank debit still on its way: wait for async_payment_succeeded
			}
			o, err := s.sessionOrder(ctx, tx, &sess)
			if err != nil || o == nil {
				return err
			}
			if sess.AmountTotal != o.TotalCents || !strings.EqualFold(string(sess.Currency), o.Currency) {
				s.Log.ErrorContext(ctx, "stripe session amount does not match the order; not fulfilled", "order", o.ID,
					"session_amount", sess.AmountTotal, "session_currency", sess.Currency, "order_total", o.TotalCents, "order_currency", o.Currency)
				return nil
			}
			ref := ""
			if sess.PaymentIntent != nil {
				ref = sess.PaymentIntent.ID
			}
			return s.fulfilTx(ctx, tx, o.ID, ref)
		case stripe.EventTypeCheckoutSessionAsyncPaymentFailed, stripe.EventTypeCheckoutSessionExpired:
			var sess stripe.CheckoutSession
			if err := json.Unmarshal(ev.Data.Raw, &sess); err != nil {
				return err
			}
			o, err := s.sessionOrder(ctx, tx, &sess)
			if err != nil || o == nil {
				return err
			}
			return s.failOrder(ctx, tx, o.ID)
		case stripe.EventTypeCustomerSubscriptionCreated, stripe.EventTypeCustomerSubscriptionUpdated, stripe.EventTypeCustomerSubscriptionDeleted:
			var sub stripe.Subscription
			if err := json.Unmarshal(ev.Data.Raw, &sub); err != nil {
				return err
			}
			return s.stripeSubscription(ctx, tx, &ev, &sub)
		case stripe.EventTypeInvoicePaid, stripe.EventTypeInvoicePaymentSucceeded, stripe.EventTypeInvoicePaymentFailed:
			var inv stripe.Invoice
			if err := json.Unmarshal(ev.Data.Raw, &inv); err != nil {
				return err
			}
			return s.stripeInvoice(ctx, tx, &ev, &inv)
		case stripe.EventTypeInvoicePaymentPaid:
			var ip stripe.InvoicePayment
			if err := json.Unmarshal(ev.Data.Raw, &ip); err != nil {
				return err
			}
			return s.stripeInvoicePayment(ctx, tx, &ip)
		case stripe.EventTypeChargeRefunded:
			var ch stripe.Charge
			if err := json.Unmarshal(ev.Data.Raw, &ch); err != nil {
				return err
			}
			return s.chargeRefunded(ctx, tx, &ch)
		}
		return nil // other events are acknowledged and ignored
	})
}

// sessionOrder finds the order of a checkout session by the id we put in
// client_reference_id and metadata.
func (s *Service) sessionOrder(ctx context.Context, tx *store.Tx, sess *stripe.CheckoutSession) (*store.Order, error) {
	ref := sess.ClientReferenceID
	if ref == "" {
		ref = sess.Metadata["order_id"]
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		s.Log.WarnContext(ctx, "stripe session without an order id; ignored", "session", sess.ID)
		return nil, nil
	}
	o, err := tx.OrderByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		s.Log.WarnContext(ctx, "stripe session for an unknown order; ignored", "session", sess.ID, "order", id)
		return nil, nil
	}
	if err == nil && o.Provider != "stripe" {
		s.Log.WarnContext(ctx, "stripe session for a non-Stripe order; ignored", "order", id)
		return nil, nil
	}
	return o, err
}

// chargeRefunded records a refund made at Stripe (our API's own refunds
// arrive here too and find nothing left to record).
func (s *Service) chargeRefunded(ctx context.Context, tx *store.Tx, ch *stripe.Charge) error {
	if sub, err := s.stripeSubscriptionChargeRefunded(ctx, tx, ch); sub || err != nil {
		return err
	}
	var o *store.Order
	var err error
	if ch.PaymentIntent != nil && ch.PaymentIntent.ID != "" {
		o, err = tx.OrderByPaymentRef(ctx, "stripe", ch.PaymentIntent.ID)
	} else {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		if id, perr := strconv.ParseInt(ch.Metadata["order_id"], 10, 64); perr == nil {
			o, err = tx.OrderByID(ctx, id)
		}
	}
	if errors.Is(err, store.ErrNotFound) || (err == nil && o.Status == store.OrderPending) {
		// The payment has not been processed here yet; refunding first
		// would let the late payment event grant access. Ask for a retry.
		return fmt.Errorf("charge %s: %w", ch.ID, ErrRetryLater)
	}
	if err != nil {
		return err
	}
	amount := ch.AmountRefunded - o.RefundedCents
	if amount <= 0 || o.Status == store.OrderFailed {
		return nil
	}
	return s.refundTx(ctx, tx, o.ID, amount, ch.ID, "refunded at Stripe", nil, false)
}
