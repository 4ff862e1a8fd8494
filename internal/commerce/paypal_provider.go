package commerce

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce/paypal"
	"github.com/lectern/lectern/internal/store"
)

// PayPal takes payments through PayPal Checkout (Orders v2). The buyer
// approves the order on PayPal and comes back to Lectern, which captures
// it (CapturePayPal); PayPal's webhooks bring the same news in case the
// buyer never comes back. Both end in Service.Fulfil, once.
type PayPal struct {
	Client *paypal.Client
	// WebhookID is the id of Lectern's webhook in the PayPal app; without
	// it webhooks are refused (nothing can verify them).
	WebhookID string
	PublicURL string
	// InvoicePrefix goes before the order id in invoice_id: PayPal refuses
	// an invoice_id it has seen on the account, so two installs sharing a
	// PayPal account must not both send "42".
	InvoicePrefix string
}

// invoicePrefix is this install's invoice_id prefix: the host (and port)
// of its public address and a dash, e.g. "learn.example.com-".
func invoicePrefix(publicURL string) string {
	u, err := url.Parse(publicURL)
	if err != nil || u.Host == "" {
		return "lectern-"
	}
	return u.Host + "-"
}

// NewPayPal makes a PayPal provider for the API at apiBase.
func NewPayPal(clientID, secret, apiBase, webhookID, publicURL string) *PayPal {
	return &PayPal{Client: paypal.New(apiBase, clientID, secret, nil), WebhookID: webhookID, PublicURL: publicURL, InvoicePrefix: invoicePrefix(publicURL)}
}

// Name implements Provider.
func (*PayPal) Name() string { return "paypal" }

// clip keeps a text within PayPal's 127-character fields.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 127 {
		return string(r[:126]) + "…"
	}
	return s
}

// StartCheckout implements Provider: an order to capture at once, one item
// per course at the order's (discounted) price, our order id as custom_id
// and, after this install's prefix, as invoice_id, and return and cancel addresses back to Lectern. The
// buyer goes to the payer-action link.
func (p *PayPal) StartCheckout(ctx context.Context, o *store.Order, _ string) (string, string, error) {
	id := strconv.FormatInt(o.ID, 10)
	total, err := paypal.FormatAmount(o.TotalCents, o.Currency)
	if err != nil {
		return "", "", err
	}
	unit := paypal.PurchaseUnit{CustomID: id, InvoiceID: p.InvoicePrefix + id, Description: clip("Lectern order #" + id),
		Amount: &paypal.Amount{Money: total, Breakdown: &paypal.Breakdown{ItemTotal: &total}}}
	for _, it := range o.Items {
		price, err := paypal.FormatAmount(it.PriceCents, o.Currency)
		if err != nil {
			return "", "", err
		}
		unit.Items = append(unit.Items, paypal.Item{Name: clip(it.CourseTitle), Quantity: "1", UnitAmount: price,
			SKU: "course-" + strconv.FormatInt(it.CourseID, 10), Category: "DIGITAL_GOODS"})
	}
	req := paypal.CreateOrder{Intent: "CAPTURE", PurchaseUnits: []paypal.PurchaseUnit{unit},
		PaymentSource: &paypal.PaymentSource{PayPal: &paypal.PayPalSource{ExperienceContext: paypal.ExperienceContext{
			BrandName: "Lectern", ShippingPreference: "NO_SHIPPING", UserAction: "PAY_NOW",
			ReturnURL: fmt.Sprintf("%s/checkout/paypal/return?order=%s", p.PublicURL, id),
			CancelURL: fmt.Sprintf("%s/cart?cancelled=%s", p.PublicURL, id),
		}}}}
	po, err := p.Client.CreateOrder(ctx, req, "lectern-order-"+id)
	if err != nil {
		return "", "", err
	}
	approve := po.ApproveURL()
	if approve == "" {
		return "", "", fmt.Errorf("paypal order %s has no approval link", po.ID)
	}
	return po.ID, approve, nil
}

// Refund implements Provider: what is left of the order's capture goes
// back to the buyer. The request id makes a retried refund harmless.
func (p *PayPal) Refund(ctx context.Context, o *store.Order) (string, error) {
	if o.PaymentRef == "" {
		return "", fmt.Errorf("order %d has no PayPal capture to refund", o.ID)
	}
	rf, err := p.Client.RefundCapture(ctx, o.PaymentRef, paypal.RefundRequest{}, fmt.Sprintf("lectern-refund-%d", o.ID))
	if err != nil {
		return "", err
	}
	if rf.Status == "FAILED" || rf.Status == "CANCELLED" {
		return "", &paypal.Error{Status: 422, Name: "REFUND_" + rf.Status, Message: "PayPal did not make the refund."}
	}
	return rf.ID, nil
}

// providerError turns a payment provider's failure into the problem the
// client sees: PayPal's refusals (4xx) say what PayPal objected to; an
// outage or a network error asks to try again.
func providerError(err error) error {
	if e, ok := apperr.As(err); ok {
		return e
	}
	var pe *paypal.Error
	if errors.As(err, &pe) && pe.Status >= 400 && pe.Status < 500 && pe.Status != 401 && pe.Status != 429 {
		switch {
		case pe.HasIssue("ORDER_NOT_APPROVED"):
			return &apperr.Error{Kind: apperr.Conflict, Code: "payment_not_approved", Cause: err,
				Message: "PayPal has not approved this payment yet. Finish on PayPal, or check out again."}
		case pe.HasIssue("INSTRUMENT_DECLINED"), pe.HasIssue("PAYER_ACTION_REQUIRED"):
			return &apperr.Error{Kind: apperr.Unprocessable, Code: "payment_declined", Cause: err,
				Message: "PayPal declined the payment method. Check out again and choose another way to pay on PayPal."}
		case pe.HasIssue("CAPTURE_FULLY_REFUNDED"):
			return &apperr.Error{Kind: apperr.Conflict, Code: "already_refunded", Cause: err,
				Message: "PayPal says this payment was already refunded."}
		}
		issue := pe.Name
		if len(pe.Details) > 0 {
			issue = pe.Details[0].Issue
		}
		return &apperr.Error{Kind: apperr.Unprocessable, Code: "payment_refused", Cause: err,
			Message: fmt.Sprintf("PayPal refused the request (%s); nothing changed here. Try again, or choose another way to pay.", issue)}
	}
	return &apperr.Error{Kind: apperr.Unavailable, Code: "payment_unavailable", Message: "The payment provider did not answer; try again in a moment.",
		Cause: err, RetryAfter: 5 * time.Second}
}
