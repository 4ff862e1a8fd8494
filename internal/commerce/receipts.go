package commerce

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// formatMoney writes minor units as an amount with its currency code.
func formatMoney(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, cents/100, cents%100, currency)
}

// receiptTx queues a receipt email to a user in the transaction that
// records the payment, so a receipt is sent exactly when the money moved.
func (s *Service) receiptTx(ctx context.Context, tx *store.Tx, userID int64, subject, body string) error {
	u, err := tx.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	return tx.EnqueueEmail(ctx, u.Email, subject, fmt.Sprintf("Hello %s,\n\n%s\n\nThank you,\nLectern", u.Name, body))
}

// receiptURL is the order's printable receipt page.
func (s *Service) receiptURL(orderID int64) string {
	return strings.TrimRight(s.PublicURL, "/") + "/orders/" + strconv.FormatInt(orderID, 10) + "/receipt"
}

// orderReceiptTx emails the buyer a receipt for a paid order. fulfilTx
// calls it only when it moved the order to paid, so once per payment
// whatever the provider and however many events announce it.
func (s *Service) orderReceiptTx(ctx context.Context, tx *store.Tx, o *store.Order) error {
	var b strings.Builder
	fmt.Fprintf(&b, "We received %s for order #%d:\n\n", formatMoney(o.TotalCents, o.Currency), o.ID)
	for _, it := range o.Items {
		fmt.Fprintf(&b, "- %s: %s\n", it.CourseTitle, formatMoney(it.PriceCents, o.Currency))
	}
	if o.DiscountCents > 0 {
		fmt.Fprintf(&b, "\nDiscount: %s\n", formatMoney(o.DiscountCents, o.Currency))
	}
	fmt.Fprintf(&b, "\nYour receipt: %s", s.receiptURL(o.ID))
	return s.receiptTx(ctx, tx, o.UserID, fmt.Sprintf("Your receipt for order #%d", o.ID), b.String())
}

// refundReceiptTx emails the buyer a receipt for one refund (refundTx
// calls it once per refund recorded).
func (s *Service) refundReceiptTx(ctx context.Context, tx *store.Tx, o *store.Order, amount int64) error {
	body := fmt.Sprintf("We refunded %s of order #%d", formatMoney(amount, o.Currency), o.ID)
	if o.Status == store.OrderRefunded {
		body += " (the whole order; the courses it paid for are no longer in your library)"
	} else {
		body += fmt.Sprintf(" (%s refunded of %s so far)", formatMoney(o.RefundedCents, o.Currency), formatMoney(o.TotalCents, o.Currency))
	}
	body += ". It reaches your account in a few days, depending on your bank.\n\nYour receipt: " + s.receiptURL(o.ID)
	return s.receiptTx(ctx, tx, o.UserID, fmt.Sprintf("Your refund for order #%d", o.ID), body)
}

// Receipt is what a receipt page shows: the order, who paid and every
// refund.
type Receipt struct {
	Order      *store.Order
	BuyerName  string
	BuyerEmail string
	Refunds    []store.Refund
	IssuedAt   time.Time
}

// Receipt returns a paid (or refunded) order's receipt to its buyer or an
// admin; anyone else is told there is no such order.
func (s *Service) Receipt(ctx context.Context, u *store.User, id int64) (*Receipt, error) {
	o, err := s.Order(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if o.PaidAt == nil {
		return nil, apperr.New(apperr.Conflict, "not_paid", "This order has not been paid, so it has no receipt.")
	}
	buyer, err := s.DB.UserByID(ctx, o.UserID)
	if err != nil {
		return nil, err
	}
	refunds, err := s.DB.OrderRefunds(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	if refunds == nil {
		refunds = []store.Refund{}
	}
	return &Receipt{Order: o, BuyerName: buyer.Name, BuyerEmail: buyer.Email, Refunds: refunds, IssuedAt: *o.PaidAt}, nil
}
