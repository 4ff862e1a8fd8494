package commerce

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/lectern/lectern/internal/store"
)

// Stripe subscription events change a subscription's facts, never its
// status directly: a paid invoice moves "paid through" and "last paid"
// forward, a failed one "last failed", a deletion sets "ended" for good,
// and the cancel-at-period-end flag follows the newest event that spoke
// of it. Each of these commutes, so the events may come in any order and
// the status (derived from the facts) is the same; the event id recorded
// in the same transaction makes each count once.

// stripeSub finds (or, from the metadata we put on it at checkout,
// creates) the subscription with Stripe id ref. It returns nil when the
// event cannot be tied to a user yet: the caller asks Stripe to retry.
func (s *Service) stripeSub(ctx context.Context, tx *store.Tx, ref string, meta map[string]string, customer *stripe.Customer, currency string, amount int64) (*store.Subscription, error) {
	sub, err := tx.SubscriptionByRef(ctx, "stripe", ref)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return sub, err
	}
	uid, perr := strconv.ParseInt(meta["user_id"], 10, 64)
	if perr != nil {
		return nil, nil
	}
	p, err := s.DB.PlanByCode(ctx, meta["plan"])
	if errors.Is(err, store.ErrNotFound) {
		s.Log.WarnContext(ctx, "stripe subscription for an unknown plan; ignored", "subscription", ref, "plan", meta["plan"])
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	interval := meta["interval"]
	if interval != "year" {
		interval = "month"
	}
	if currency == "" {
		currency = p.Currency
	}
	if amount == 0 {
		amount, _ = intervalPrice(p, interval)
	}
	cust := ""
	if customer != nil {
		cust = customer.ID
	}
	return tx.CreateSubscription(ctx, store.Subscription{UserID: uid, PlanID: p.ID, Interval: interval, Provider: "stripe", ProviderRef: ref,
		CustomerRef: cust, Status: store.SubIncomplete, AmountCents: amount, Currency: upper(currency)})
}

func upper(c string) string {
	b := []byte(c)
	for i, ch := range b {
		if ch >= 'a' && ch <= 'z' {
			b[i] = ch - 32
		}
	}
	return string(b)
}

func unix(t int64) time.Time { return time.Unix(t, 0).UTC() }

// stripeSubscription applies customer.subscription.created, .updated and
// .deleted.
func (s *Service) stripeSubscription(ctx context.Context, tx *store.Tx, ev *stripe.Event, obj *stripe.Subscription) error {
	var amount int64
	if obj.Items != nil && len(obj.Items.Data) > 0 && obj.Items.Data[0].Price != nil {
		amount = obj.Items.Data[0].Price.UnitAmount
	}
	sub, err := s.stripeSub(ctx, tx, obj.ID, obj.Metadata, obj.Customer, string(obj.Currency), amount)
	if err != nil {
		return err
	}
	if sub == nil {
		s.Log.WarnContext(ctx, "stripe subscription without our metadata; ignored", "subscription", obj.ID)
		return nil
	}
	at := unix(ev.Created)
	if obj.Customer != nil && obj.Customer.ID != "" {
		sub.CustomerRef = obj.Customer.ID
	}
	if obj.TrialEnd > 0 {
		sub.TrialEnd = laterOf(sub.TrialEnd, unix(obj.TrialEnd))
	}
	// The cancel flag is the one fact that can go back (a subscriber may
	// resume in the portal): the newest event that speaks of it wins.
	if sub.CancelChangedAt == nil || !at.Before(*sub.CancelChangedAt) {
		sub.CancelAtPeriodEnd = obj.CancelAtPeriodEnd || obj.CancelAt > 0
		sub.CancelChangedAt = &at
	}
	if obj.Status == stripe.SubscriptionStatusActive && obj.Items != nil && len(obj.Items.Data) > 0 && obj.Items.Data[0].CurrentPeriodEnd > 0 {
		// Active at Stripe means the current period is paid.
		sub.PaidThrough = laterOf(sub.PaidThrough, unix(obj.Items.Data[0].CurrentPeriodEnd))
	}
	switch {
	case ev.Type == stripe.EventTypeCustomerSubscriptionDeleted,
		obj.Status == stripe.SubscriptionStatusCanceled, obj.Status == stripe.SubscriptionStatusIncompleteExpired:
		if sub.EndedAt == nil {
			end := at
			if obj.EndedAt > 0 {
				end = unix(obj.EndedAt)
			}
			sub.EndedAt = &end
		}
	}
	return s.save(ctx, tx, sub)
}

// stripeInvoice applies invoice.paid (and invoice.payment_succeeded, the
// same fact) and invoice.payment_failed of a subscription's invoice.
func (s *Service) stripeInvoice(ctx context.Context, tx *store.Tx, ev *stripe.Event, inv *stripe.Invoice) error {
	if inv.Parent == nil || inv.Parent.SubscriptionDetails == nil || inv.Parent.SubscriptionDetails.Subscription == nil {
		return nil // not a subscription's invoice
	}
	details := inv.Parent.SubscriptionDetails
	sub, err := s.stripeSub(ctx, tx, details.Subscription.ID, details.Metadata, inv.Customer, string(inv.Currency), 0)
	if err != nil {
		return err
	}
	if sub == nil {
		// Neither the subscription nor its metadata yet: the created event
		// will come; ask Stripe to send this one again after it.
		return fmt.Errorf("invoice %s: %w", inv.ID, ErrRetryLater)
	}
	at := unix(ev.Created)
	if ev.Type == stripe.EventTypeInvoicePaymentFailed {
		if err := s.recordFailure(ctx, tx, sub, inv.ID, inv.AmountDue, string(inv.Currency), at); err != nil {
			return err
		}
		if err := s.receiptTx(ctx, tx, sub.UserID, "Your subscription payment failed",
			"We could not take your subscription payment. Update your card within a few days to keep learning."); err != nil {
			return err
		}
		return s.save(ctx, tx, sub)
	}
	if inv.StatusTransitions != nil && inv.StatusTransitions.PaidAt > 0 {
		at = unix(inv.StatusTransitions.PaidAt)
	}
	start, end := unix(inv.PeriodStart), unix(inv.PeriodEnd)
	if inv.Lines != nil && len(inv.Lines.Data) > 0 && inv.Lines.Data[0].Period != nil {
		start, end = unix(inv.Lines.Data[0].Period.Start), unix(inv.Lines.Data[0].Period.End)
	}
	before := sub.LastPaidAt
	// What paid the invoice, when the event says (the invoice's payments):
	// a refund of this payment is made, and recognised, through it.
	paidBy := ""
	if inv.Payments != nil {
		for _, ip := range inv.Payments.Data {
			if r := invoicePaymentRef(ip); r != "" && (ip.Status == "" || ip.Status == "paid") {
				paidBy = r
				break
			}
		}
	}
	if err := s.recordPayment(ctx, tx, sub, inv.ID, paidBy, inv.AmountPaid, string(inv.Currency), start, end, at); err != nil {
		return err
	}
	if sub.LastPaidAt != before && inv.AmountPaid > 0 {
		if err := s.receiptTx(ctx, tx, sub.UserID, "Your subscription payment",
			fmt.Sprintf("We received %s for your subscription, paid through %s.", formatMoney(inv.AmountPaid, upper(string(inv.Currency))), end.Format("2 January 2006"))); err != nil {
			return err
		}
	}
	return s.save(ctx, tx, sub)
}

// stripeInvoicePayment applies invoice_payment.paid: it says what paid a
// subscription invoice (when invoice.paid did not), so refunds of that
// payment find their invoice. Before the invoice's own paid event it asks
// Stripe to retry.
func (s *Service) stripeInvoicePayment(ctx context.Context, tx *store.Tx, ip *stripe.InvoicePayment) error {
	ref := invoicePaymentRef(ip)
	if ref == "" || ip.Invoice == nil || ip.Invoice.ID == "" || (ip.Status != "" && ip.Status != "paid") {
		return nil
	}
	found, err := tx.SetSubscriptionPaymentRef(ctx, "stripe", ip.Invoice.ID, ref)
	if err != nil || found {
		return err
	}
	if _, err := tx.OrderByPaymentRef(ctx, "stripe", ref); err == nil {
		return nil // a one-off order's payment
	}
	return fmt.Errorf("invoice payment %s: %w", ip.ID, ErrRetryLater)
}
