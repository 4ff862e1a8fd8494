package commerce

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Refunds of subscription payments. The money rule: a refund done before
// its payment's month is closed lowers that month's revenue, so the
// platform's share and the instructors' pool are taken from what was kept;
// a refund done after the month closed changes no closed figure (the
// instructors keep their shares and the platform bears the refund). The
// month's closing and a refund lock the same payment rows, so each refund
// is on exactly one side of the closing.

// SubscriptionRefunder is a provider that can give back (part of) a
// subscription payment. The key is the same for a retried request, so the
// provider refunds it once.
type SubscriptionRefunder interface {
	RefundSubscriptionPayment(ctx context.Context, p *store.SubscriptionPayment, amount int64, key string) (ref string, err error)
}

// SubscriptionEnder is a provider that can end a subscription at once
// (no further renewals); the built-in provider needs nothing for that.
type SubscriptionEnder interface {
	EndSubscription(ctx context.Context, sub *store.Subscription) error
}

// RefundSubscriptionPayment implements SubscriptionRefunder.
func (Local) RefundSubscriptionPayment(_ context.Context, p *store.SubscriptionPayment, _ int64, key string) (string, error) {
	return fmt.Sprintf("local_subrefund_%d_%s", p.ID, key), nil
}

// RefundSubscriptionPayment implements SubscriptionRefunder: a Stripe
// refund of the invoice's payment intent (or charge). When the paid event
// did not say what paid the invoice, Stripe is asked.
func (s *Stripe) RefundSubscriptionPayment(ctx context.Context, p *store.SubscriptionPayment, amount int64, key string) (string, error) {
	ref := p.PaymentRef
	if ref == "" {
		for ip, err := range s.Client.V1InvoicePayments.List(ctx, &stripe.InvoicePaymentListParams{Invoice: stripe.String(p.ProviderRef)}) {
			if err != nil {
				return "", fmt.Errorf("stripe invoice payments: %w", err)
			}
			if r := invoicePaymentRef(ip); r != "" && ip.Status == "paid" {
				ref = r
				break
			}
		}
	}
	if ref == "" {
		return "", fmt.Errorf("invoice %s has no payment to refund", p.ProviderRef)
	}
	params := &stripe.RefundCreateParams{
		Amount:   stripe.Int64(amount),
		Metadata: map[string]string{"subscription_payment_id": strconv.FormatInt(p.ID, 10), "invoice": p.ProviderRef},
	}
	if strings.HasPrefix(ref, "ch_") || strings.HasPrefix(ref, "py_") {
		params.Charge = stripe.String(ref)
	} else {
		params.PaymentIntent = stripe.String(ref)
	}
	params.SetIdempotencyKey(fmt.Sprintf("lectern-subrefund-%d-%s", p.ID, key))
	r, err := s.Client.V1Refunds.Create(ctx, params)
	if err != nil {
		return "", fmt.Errorf("stripe refund: %w", err)
	}
	return r.ID, nil
}

// EndSubscription implements SubscriptionEnder: the Stripe subscription is
// canceled now, so it renews no more.
func (s *Stripe) EndSubscription(ctx context.Context, sub *store.Subscription) error {
	params := &stripe.SubscriptionCancelParams{}
	params.SetIdempotencyKey("lectern-end-" + sub.ProviderRef)
	if _, err := s.Client.V1Subscriptions.Cancel(ctx, sub.ProviderRef, params); err != nil {
		return fmt.Errorf("stripe cancel subscription: %w", err)
	}
	return nil
}

// invoicePaymentRef is what paid an invoice payment: its payment intent,
// else its charge.
func invoicePaymentRef(ip *stripe.InvoicePayment) string {
	if ip == nil || ip.Payment == nil {
		return ""
	}
	if ip.Payment.PaymentIntent != nil && ip.Payment.PaymentIntent.ID != "" {
		return ip.Payment.PaymentIntent.ID
	}
	if ip.Payment.Charge != nil {
		return ip.Payment.Charge.ID
	}
	return ""
}

// SubscriptionRefundInput is an admin's refund of a subscription payment.
type SubscriptionRefundInput struct {
	// AmountCents is how much to give back; 0 means all that is left.
	AmountCents int64
	Reason      string
	// Key identifies the request: sending the same key again refunds
	// nothing more.
	Key string
	// EndAccess ends the subscription now (no access, no renewal); without
	// it the subscriber keeps access until the paid period ends.
	EndAccess bool
}

// SubscriptionPaymentDetail is one subscription payment with its refunds.
type SubscriptionPaymentDetail struct {
	store.SubscriptionPayment
	Refunds []store.SubscriptionRefund
}

// SubscriptionPayments is a user's subscription as admins (and the
// subscriber) see it: the newest subscription and every payment.
type SubscriptionPayments struct {
	Subscription *store.Subscription // nil: never subscribed
	Payments     []SubscriptionPaymentDetail
}

var errNoPayment = apperr.New(apperr.NotFound, "not_found", "No such subscription payment.")

func (s *Service) subscriptionPayments(ctx context.Context, userID int64) (*SubscriptionPayments, error) {
	out := &SubscriptionPayments{Payments: []SubscriptionPaymentDetail{}}
	sub, err := s.DB.UserSubscription(ctx, userID)
	switch {
	case err == nil:
		s.derive(sub, s.now())
		out.Subscription = sub
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	payments, err := s.DB.UserSubscriptionPayments(ctx, userID)
	if err != nil {
		return nil, err
	}
	refunds, err := s.DB.UserSubscriptionRefunds(ctx, userID)
	if err != nil {
		return nil, err
	}
	byPayment := map[int64][]store.SubscriptionRefund{}
	for _, r := range refunds {
		byPayment[r.PaymentID] = append(byPayment[r.PaymentID], r)
	}
	for _, p := range payments {
		rs := byPayment[p.ID]
		if rs == nil {
			rs = []store.SubscriptionRefund{}
		}
		out.Payments = append(out.Payments, SubscriptionPaymentDetail{SubscriptionPayment: p, Refunds: rs})
	}
	return out, nil
}

// AdminSubscriptionPayments lists a user's subscription payments with
// what was refunded of each (admins).
func (s *Service) AdminSubscriptionPayments(ctx context.Context, u *store.User, userID int64) (*SubscriptionPayments, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	if _, err := s.DB.UserByID(ctx, userID); errors.Is(err, store.ErrNotFound) {
		return nil, apperr.New(apperr.NotFound, "not_found", "No such user.")
	} else if err != nil {
		return nil, err
	}
	return s.subscriptionPayments(ctx, userID)
}

// MySubscriptionPayments lists the subscriber's own payments and refunds.
func (s *Service) MySubscriptionPayments(ctx context.Context, u *store.User) (*SubscriptionPayments, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	return s.subscriptionPayments(ctx, u.ID)
}

// RefundSubscriptionPayment gives back a subscription payment, whole or
// in part, at its provider and here (admins). Bad input is a field
// problem and changes nothing; a payment that failed or is refunded in
// full is a conflict; the same request key twice refunds once. The
// subscriber keeps access until the paid period ends unless EndAccess is
// set, which ends the subscription now.
func (s *Service) RefundSubscriptionPayment(ctx context.Context, u *store.User, paymentID int64, in SubscriptionRefundInput) (*SubscriptionPaymentDetail, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	var bad apperr.Fields
	switch reason := strings.TrimSpace(in.Reason); {
	case reason == "":
		bad = append(bad, apperr.FieldError{Field: "reason", Message: "is required: say why the money goes back"})
	case len(in.Reason) > 500:
		bad = append(bad, apperr.FieldError{Field: "reason", Message: "must be at most 500 characters"})
	}
	if in.AmountCents < 0 {
		bad = append(bad, apperr.FieldError{Field: "amount_cents", Message: "must be more than 0 (or left out to refund all that is left)"})
	}
	if len(in.Key) > 200 {
		bad = append(bad, apperr.FieldError{Field: "key", Message: "must be at most 200 characters"})
	}
	if len(bad) > 0 {
		return nil, bad.Err()
	}
	var (
		pay     *store.SubscriptionPayment
		sub     *store.Subscription
		pending *store.SubscriptionRefund
		retry   bool // pending is an unfinished refund of the same request
		key     = in.Key
	)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		// The subscription, then the payment: the order every writer of
		// both locks them in.
		if sub, pay, err = s.lockPayment(ctx, tx, paymentID); err != nil {
			return err
		}
		if in.Key != "" {
			prior, err := tx.SubscriptionRefundByKey(ctx, paymentID, in.Key)
			switch {
			case err == nil && prior.Status == store.SubRefundPending:
				// Made before but not finished (the provider's answer was
				// lost): ask the provider again with the same key, which
				// refunds once, and finish it.
				pending, retry = prior, true
				return nil
			case err == nil:
				return nil // this request was made before
			case !errors.Is(err, store.ErrNotFound):
				return err
			}
		}
		if pay.Status != "paid" {
			return apperr.New(apperr.Conflict, "not_refundable", "This payment failed; there is nothing to refund.")
		}
		left := pay.AmountCents - pay.RefundedCents
		if left <= 0 {
			return apperr.New(apperr.Conflict, "not_refundable", "This payment was already refunded in full.")
		}
		amount := in.AmountCents
		if amount == 0 {
			amount = left
		}
		if amount > left {
			return apperr.Fields{{Field: "amount_cents", Message: fmt.Sprintf("must be at most %s, what is left of this payment", formatMoney(left, pay.Currency))}}.Err()
		}
		if _, ok := s.Providers[sub.Provider].(SubscriptionRefunder); !ok {
			return apperr.New(apperr.Conflict, "refund_unsupported", "This subscription's payment provider cannot refund its payments here.")
		}
		if key == "" {
			key = fmt.Sprintf("%d-%d", pay.RefundedCents, amount)
		}
		// Reserved before the provider is asked: a second request, or the
		// provider's own refund event arriving first, sees it.
		by := u.ID
		pending, err = tx.AddSubscriptionRefund(ctx, store.SubscriptionRefund{PaymentID: pay.ID, AmountCents: amount, Status: store.SubRefundPending,
			Reason: strings.TrimSpace(in.Reason), Key: in.Key, CreatedBy: &by})
		if errors.Is(err, store.ErrConflict) {
			return apperr.New(apperr.Conflict, "refund_in_progress", "Another refund of this payment was just made; reload and try again.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if pending == nil { // the same request again
		return s.paymentDetail(ctx, pay.SubscriptionID, paymentID)
	}
	ref, err := s.Providers[sub.Provider].(SubscriptionRefunder).RefundSubscriptionPayment(ctx, pay, pending.AmountCents, key)
	if err != nil && !retry { // a retry leaves the reservation to the request that made it
		if cerr := s.DB.InTx(context.WithoutCancel(ctx), func(tx *store.Tx) error {
			if _, _, err := s.lockPayment(ctx, tx, paymentID); err != nil {
				return err
			}
			return tx.CancelSubscriptionRefund(ctx, pending.ID)
		}); cerr != nil {
			s.Log.ErrorContext(ctx, "could not take back a subscription refund the provider refused", "refund", pending.ID, "err", cerr)
		}
	}
	if err != nil {
		return nil, providerError(err)
	}
	ended := false
	err = s.DB.InTx(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		sub, p, err := s.lockPayment(ctx, tx, paymentID)
		if err != nil {
			return err
		}
		closed, err := tx.PoolMonthClosed(ctx, monthKey(p.OccurredAt), p.Currency)
		if err != nil {
			return err
		}
		if finished, err := tx.FinishSubscriptionRefund(ctx, pending.ID, ref, closed, in.EndAccess); err != nil || !finished {
			return err // !finished: a concurrent copy of this request finished it
		}
		detail := fmt.Sprintf("subscription payment #%d: refunded %s of %s paid %s", p.ID, formatMoney(pending.AmountCents, p.Currency), formatMoney(p.AmountCents, p.Currency),
			p.OccurredAt.UTC().Format("2006-01-02"))
		if closed {
			detail += " (month " + monthKey(p.OccurredAt) + " already closed: the platform bears it)"
		}
		if in.EndAccess {
			if sub.EndedAt == nil {
				now := s.now().UTC()
				sub.EndedAt = &now
				if err := s.save(ctx, tx, sub); err != nil {
					return err
				}
				ended = true
			}
			detail += "; subscription ended now"
		}
		detail += ": " + strings.TrimSpace(in.Reason)
		if err := s.subscriptionRefundReceiptTx(ctx, tx, sub.UserID, p, pending.AmountCents, in.EndAccess); err != nil {
			return err
		}
		// About the subscriber, so it shows on their admin page and links to it.
		return tx.Audit(ctx, u.ID, "subscription.refund", "user:"+strconv.FormatInt(sub.UserID, 10), detail)
	})
	if err != nil {
		return nil, err
	}
	s.Log.InfoContext(ctx, "subscription payment refunded", "payment", paymentID, "amount", pending.AmountCents, "provider", sub.Provider, "ended", ended)
	if ended {
		if e, ok := s.Providers[sub.Provider].(SubscriptionEnder); ok {
			if err := e.EndSubscription(ctx, sub); err != nil {
				return nil, &apperr.Error{Kind: apperr.Unavailable, Code: "payment_unavailable", Cause: err,
					Message: "The refund is made and access has ended here, but the payment provider did not cancel the subscription; cancel it there."}
			}
		}
	}
	return s.paymentDetail(ctx, pay.SubscriptionID, paymentID)
}

// lockPayment locks and returns a payment's subscription and then the payment (a
// payment never changes subscription, so reading it first unlocked is
// safe).
func (s *Service) lockPayment(ctx context.Context, tx *store.Tx, paymentID int64) (*store.Subscription, *store.SubscriptionPayment, error) {
	p, err := tx.SubscriptionPayment(ctx, paymentID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errNoPayment
	}
	if err != nil {
		return nil, nil, err
	}
	sub, err := tx.LockSubscription(ctx, p.SubscriptionID)
	if err != nil {
		return nil, nil, err
	}
	if p, err = tx.LockSubscriptionPayment(ctx, paymentID); err != nil {
		return nil, nil, err
	}
	return sub, p, nil
}

// paymentDetail reads one payment of a subscription with its refunds.
func (s *Service) paymentDetail(ctx context.Context, subscriptionID, paymentID int64) (*SubscriptionPaymentDetail, error) {
	sub, err := s.DB.SubscriptionByID(ctx, subscriptionID)
	if err != nil {
		return nil, err
	}
	all, err := s.subscriptionPayments(ctx, sub.UserID)
	if err != nil {
		return nil, err
	}
	for _, d := range all.Payments {
		if d.ID == paymentID {
			return &d, nil
		}
	}
	return nil, errNoPayment
}

// subscriptionRefundReceiptTx emails the subscriber a receipt for one
// refund of a subscription payment.
func (s *Service) subscriptionRefundReceiptTx(ctx context.Context, tx *store.Tx, userID int64, p *store.SubscriptionPayment, amount int64, ended bool) error {
	body := fmt.Sprintf("We refunded %s of your subscription payment of %s made on %s", formatMoney(amount, p.Currency),
		formatMoney(p.AmountCents, p.Currency), p.OccurredAt.UTC().Format("2 January 2006"))
	if refunded := p.RefundedCents; refunded > amount {
		body += fmt.Sprintf(" (%s refunded of it so far)", formatMoney(refunded, p.Currency))
	}
	body += ". It reaches your account in a few days, depending on your bank."
	if ended {
		body += "\n\nYour subscription has ended: the courses it gave you are no longer available."
	}
	return s.receiptTx(ctx, tx, userID, "Your subscription refund", body)
}

// stripeSubscriptionChargeRefunded records a refund made at Stripe of a
// subscription invoice's charge: what Stripe says was refunded in all,
// less what is recorded here (our own refunds, pending ones included),
// so duplicates and events out of order count once. False: the charge
// paid no subscription invoice recorded here.
func (s *Service) stripeSubscriptionChargeRefunded(ctx context.Context, tx *store.Tx, ch *stripe.Charge) (bool, error) {
	var refs []string
	if ch.PaymentIntent != nil && ch.PaymentIntent.ID != "" {
		refs = append(refs, ch.PaymentIntent.ID)
	}
	refs = append(refs, ch.ID)
	var p *store.SubscriptionPayment
	for _, ref := range refs {
		var err error
		p, err = tx.SubscriptionPaymentByPaymentRef(ctx, "stripe", ref)
		if err == nil {
			break
		}
		if !errors.Is(err, store.ErrNotFound) {
			return false, err
		}
	}
	if p == nil {
		return false, nil
	}
	sub, err := tx.LockSubscription(ctx, p.SubscriptionID)
	if err != nil {
		return true, err
	}
	if p, err = tx.LockSubscriptionPayment(ctx, p.ID); err != nil {
		return true, err
	}
	amount := min(ch.AmountRefunded, p.AmountCents) - p.RefundedCents
	if amount <= 0 {
		return true, nil
	}
	closed, err := tx.PoolMonthClosed(ctx, monthKey(p.OccurredAt), p.Currency)
	if err != nil {
		return true, err
	}
	if _, err := tx.AddSubscriptionRefund(ctx, store.SubscriptionRefund{PaymentID: p.ID, AmountCents: amount, Status: store.SubRefundDone,
		ProviderRef: ch.ID, Reason: "refunded at Stripe", AfterClose: closed}); err != nil {
		return true, err
	}
	p.RefundedCents += amount
	s.Log.InfoContext(ctx, "subscription payment refunded at stripe", "payment", p.ID, "amount", amount, "after_close", closed)
	return true, s.subscriptionRefundReceiptTx(ctx, tx, sub.UserID, p, amount, false)
}

// MySubscriptionCourses lists the courses u's subscription opens now (the
// opted-in public courses), so course cards can say so instead of a
// price; empty without a subscription that gives access.
func (s *Service) MySubscriptionCourses(ctx context.Context, u *store.User) ([]int64, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	ok, err := s.DB.HasSubscriptionAccess(ctx, u.ID, s.now())
	if err != nil || !ok {
		return []int64{}, err
	}
	return s.DB.SubscriptionCourseIDs(ctx)
}
