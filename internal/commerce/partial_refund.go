package commerce

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce/paypal"
	"github.com/lectern/lectern/internal/store"
)

// PartialRefunder is a provider that can give back part of a payment. The
// key is the same for a retried request, so the provider refunds it once.
type PartialRefunder interface {
	RefundAmount(ctx context.Context, o *store.Order, amount int64, key string) (ref string, err error)
}

// RefundAmount implements PartialRefunder.
func (Local) RefundAmount(_ context.Context, o *store.Order, amount int64, key string) (string, error) {
	return fmt.Sprintf("local_refund_%d_%s", o.ID, key), nil
}

// RefundAmount implements PartialRefunder: a Stripe refund with an amount.
func (s *Stripe) RefundAmount(ctx context.Context, o *store.Order, amount int64, key string) (string, error) {
	if o.PaymentRef == "" {
		return "", fmt.Errorf("order %d has no payment to refund", o.ID)
	}
	params := &stripe.RefundCreateParams{
		PaymentIntent: stripe.String(o.PaymentRef),
		Amount:        stripe.Int64(amount),
		Metadata:      map[string]string{"order_id": strconv.FormatInt(o.ID, 10)},
	}
	params.SetIdempotencyKey(fmt.Sprintf("lectern-refund-%d-%s", o.ID, key))
	r, err := s.Client.V1Refunds.Create(ctx, params)
	if err != nil {
		return "", fmt.Errorf("stripe refund: %w", err)
	}
	return r.ID, nil
}

// RefundAmount implements PartialRefunder: a PayPal capture refund with an
// amount.
func (p *PayPal) RefundAmount(ctx context.Context, o *store.Order, amount int64, key string) (string, error) {
	if o.PaymentRef == "" {
		return "", fmt.Errorf("order %d has no PayPal capture to refund", o.ID)
	}
	money, err := paypal.FormatAmount(amount, o.Currency)
	if err != nil {
		return "", err
	}
	rf, err := p.Client.RefundCapture(ctx, o.PaymentRef, paypal.RefundRequest{Amount: &money}, fmt.Sprintf("lectern-refund-%d-%s", o.ID, key))
	if err != nil {
		return "", err
	}
	if rf.Status == "FAILED" || rf.Status == "CANCELLED" {
		return "", &paypal.Error{Status: 422, Name: "REFUND_" + rf.Status, Message: "PayPal did not make the refund."}
	}
	return rf.ID, nil
}

// PartialRefund is an admin's refund of part of an order: chosen courses
// (what is left of each), or an amount spread over the order.
type PartialRefund struct {
	CourseIDs   []int64
	AmountCents int64
	Reason      string
	// Key identifies the request: sending the same key again refunds
	// nothing more.
	Key string
}

// OrderDetail is an order as the admin's order page shows it: its buyer,
// what was refunded of each course, and every refund.
type OrderDetail struct {
	*store.Order
	BuyerName, BuyerEmail string
	Items                 map[int64]store.ItemRefund
	Refunds               []store.Refund
}

// AdminOrder reads one order with its buyer, refunds and what became of
// each course.
func (s *Service) AdminOrder(ctx context.Context, u *store.User, id int64) (*OrderDetail, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	o, err := s.DB.OrderByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoOrder
	}
	if err != nil {
		return nil, err
	}
	out := &OrderDetail{Order: o}
	if buyer, err := s.DB.UserByID(ctx, o.UserID); err == nil {
		out.BuyerName, out.BuyerEmail = buyer.Name, buyer.Email
	}
	if out.Items, err = s.DB.OrderItemRefunds(ctx, id); err != nil {
		return nil, err
	}
	if out.Refunds, err = s.DB.OrderRefunds(ctx, id); err != nil {
		return nil, err
	}
	if out.Refunds == nil {
		out.Refunds = []store.Refund{}
	}
	return out, nil
}

// RefundPart gives back part of a paid order, at the provider and here: the
// chosen courses (each in full, and the buyer loses only those), or an
// amount no larger than what is left (spread over the courses; access is
// kept until a course is refunded in full). Bad input is a field problem
// and changes nothing; the same request key twice refunds once.
func (s *Service) RefundPart(ctx context.Context, u *store.User, id int64, in PartialRefund) (*OrderDetail, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	d, err := s.AdminOrder(ctx, u, id)
	if err != nil {
		return nil, err
	}
	o := d.Order
	if in.Key != "" {
		if used, err := s.DB.RefundKeyUsed(ctx, id, in.Key); err != nil || used {
			return d, err
		}
	}
	if o.Status != store.OrderPaid && o.Status != store.OrderPartiallyRefunded {
		return nil, apperr.New(apperr.Conflict, "not_refundable", "Only paid orders can be refunded; this one is "+strings.ReplaceAll(o.Status, "_", " ")+".")
	}
	left := o.TotalCents - o.RefundedCents
	amount, courses, err := refundAmount(d, in, left)
	if err != nil {
		return nil, err
	}
	key := in.Key
	if key == "" {
		key = fmt.Sprintf("%d-%d", o.RefundedCents, amount)
	}
	p, ok := s.Providers[o.Provider]
	if !ok {
		return nil, fmt.Errorf("order %d: unknown provider %q", o.ID, o.Provider)
	}
	var ref string
	if pr, ok := p.(PartialRefunder); ok {
		ref, err = pr.RefundAmount(ctx, o, amount, key)
	} else if amount == left {
		ref, err = p.Refund(ctx, o)
	} else {
		return nil, apperr.New(apperr.Unprocessable, "partial_refund_unsupported", "This order's payment provider cannot refund part of a payment; refund the whole order instead.")
	}
	if err != nil {
		return nil, providerError(err)
	}
	detail := fmt.Sprintf("refunded %s", formatMoney(amount, o.Currency))
	if courses != nil {
		var titles []string
		for _, it := range o.Items {
			if slices.Contains(courses, it.CourseID) {
				titles = append(titles, it.CourseTitle)
			}
		}
		detail += " for " + strings.Join(titles, ", ")
	}
	detail += ": " + in.Reason
	err = s.DB.InTx(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		return s.refundRequestTx(ctx, tx, o.ID, store.RefundRequest{AmountCents: amount, Courses: courses, ProviderRef: ref, Reason: in.Reason,
			Key: in.Key, By: &u.ID}, true, detail)
	})
	if err != nil {
		return nil, err
	}
	return s.AdminOrder(ctx, u, id)
}

// refundAmount checks a partial refund against the order and says how much
// it gives back and from which courses (nil: spread over the order).
func refundAmount(d *OrderDetail, in PartialRefund, left int64) (int64, []int64, error) {
	var bad apperr.Fields
	reason := strings.TrimSpace(in.Reason)
	switch {
	case reason == "":
		bad = append(bad, apperr.FieldError{Field: "reason", Message: "is required: say why the money goes back"})
	case len(in.Reason) > 500:
		bad = append(bad, apperr.FieldError{Field: "reason", Message: "must be at most 500 characters"})
	}
	if len(in.CourseIDs) == 0 {
		switch {
		case in.AmountCents <= 0:
			bad = append(bad, apperr.FieldError{Field: "amount_cents", Message: "must be more than 0, or choose courses to refund"})
		case in.AmountCents > left:
			bad = append(bad, apperr.FieldError{Field: "amount_cents", Message: fmt.Sprintf("must be at most %s, what is left of this order", formatMoney(left, d.Currency))})
		}
		if len(bad) > 0 {
			return 0, nil, bad.Err()
		}
		return in.AmountCents, nil, nil
	}
	if in.AmountCents != 0 {
		bad = append(bad, apperr.FieldError{Field: "amount_cents", Message: "must be left out when courses are chosen (each is refunded in full)"})
	}
	var amount int64
	seen := map[int64]bool{}
	for i, c := range in.CourseIDs {
		field := "course_ids." + strconv.Itoa(i)
		idx := slices.IndexFunc(d.Order.Items, func(it store.OrderItem) bool { return it.CourseID == c })
		switch {
		case idx < 0:
			bad = append(bad, apperr.FieldError{Field: field, Message: "is not a course of this order"})
		case seen[c]:
			bad = append(bad, apperr.FieldError{Field: field, Message: "is chosen twice"})
		default:
			rest := d.Order.Items[idx].PriceCents - d.Items[c].RefundedCents
			if rest <= 0 {
				bad = append(bad, apperr.FieldError{Field: field, Message: "was already refunded in full"})
			}
			amount += max(rest, 0)
		}
		seen[c] = true
	}
	if len(bad) > 0 {
		return 0, nil, bad.Err()
	}
	return min(amount, left), in.CourseIDs, nil
}
