package commerce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce/paypal"
	"github.com/lectern/lectern/internal/store"
)

var errPayPalOff = apperr.New(apperr.NotFound, "not_found", "PayPal is not configured.")

// CapturePayPal is the buyer's return from PayPal: Lectern captures the
// approved order and fulfils it. It is idempotent: when the webhook came
// first (or the page is reloaded) the order is already paid and PayPal is
// not asked again.
func (s *Service) CapturePayPal(ctx context.Context, u *store.User, id int64) (*store.Order, error) {
	o, err := s.Order(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if o.Provider != "paypal" || !access.Owns(u, o.UserID) || s.PayPal == nil {
		return nil, errNoOrder
	}
	switch o.Status {
	case store.OrderPending:
	case store.OrderFailed:
		return nil, apperr.New(apperr.Conflict, "not_pending", "This order was cancelled; check out again.")
	default:
		return o, nil // paid already (the webhook came first), or refunded since
	}
	if err := s.capturePayPal(ctx, o); err != nil {
		return nil, providerError(err)
	}
	return s.DB.OrderByID(ctx, id)
}

// capturePayPal captures o's PayPal order and records the result. The
// request id makes concurrent or retried captures one capture; a capture
// made before (ORDER_ALREADY_CAPTURED) is read back instead.
func (s *Service) capturePayPal(ctx context.Context, o *store.Order) error {
	po, err := s.PayPal.Client.CaptureOrder(ctx, o.ProviderRef, fmt.Sprintf("lectern-capture-%d", o.ID))
	if paypal.IssueOf(err, "ORDER_ALREADY_CAPTURED") {
		po, err = s.PayPal.Client.GetOrder(ctx, o.ProviderRef)
	}
	if err != nil {
		return err
	}
	c := po.FirstCapture()
	if c == nil {
		return fmt.Errorf("paypal order %s (%s) has no capture", po.ID, po.Status)
	}
	return s.DB.InTx(context.WithoutCancel(ctx), func(tx *store.Tx) error { return s.payPalCaptured(ctx, tx, o.ID, po.ID, c) })
}

// payPalCaptured applies a capture's state to our order: a completed
// capture of the right amount fulfils it (once), a declined one ends it, a
// pending one waits for PAYMENT.CAPTURE.COMPLETED.
func (s *Service) payPalCaptured(ctx context.Context, tx *store.Tx, orderID int64, paypalOrderID string, c *paypal.Capture) error {
	o, err := tx.OrderByID(ctx, orderID)
	if err != nil {
		return err
	}
	if o.Provider != "paypal" || (paypalOrderID != "" && o.ProviderRef != paypalOrderID) {
		s.Log.WarnContext(ctx, "paypal capture for another order; ignored", "order", o.ID, "paypal_order", paypalOrderID, "capture", c.ID)
		return nil
	}
	switch c.Status {
	case "COMPLETED":
		amount, err := paypal.ParseAmount(c.Amount)
		if err != nil || amount != o.TotalCents || !strings.EqualFold(c.Amount.CurrencyCode, o.Currency) {
			s.Log.ErrorContext(ctx, "paypal capture amount does not match the order; not fulfilled", "order", o.ID, "capture", c.ID,
				"capture_amount", c.Amount.Value, "capture_currency", c.Amount.CurrencyCode, "order_total", o.TotalCents, "order_currency", o.Currency)
			return nil
		}
		return s.fulfilTx(ctx, tx, o.ID, c.ID)
	case "DECLINED", "FAILED":
		return s.failOrder(ctx, tx, o.ID)
	}
	return nil // PENDING (e.g. an eCheck): PAYMENT.CAPTURE.COMPLETED follows
}

// HandlePayPalWebhook verifies a notification with PayPal's
// verify-webhook-signature API and processes it once by its event id.
// A notification PayPal does not vouch for is refused (400) and changes
// nothing; a failure to process answers with an error PayPal's retry will
// repeat.
func (s *Service) HandlePayPalWebhook(ctx context.Context, h http.Header, body []byte) error {
	if s.PayPal == nil || s.PayPal.WebhookID == "" {
		return errPayPalOff
	}
	ok, err := s.PayPal.Client.VerifyWebhook(ctx, s.PayPal.WebhookID, h, body)
	if errors.Is(err, paypal.ErrUnsigned) || (err == nil && !ok) {
		return &apperr.Error{Kind: apperr.Invalid, Code: "bad_signature", Message: "The event signature is not valid.", Cause: err}
	}
	if err != nil {
		return fmt.Errorf("verifying a paypal notification: %w", err)
	}
	var ev paypal.Event
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID == "" || ev.EventType == "" {
		return &apperr.Error{Kind: apperr.Invalid, Code: "bad_event", Message: "The event has no id or type.", Cause: err}
	}
	if ev.EventType == "CHECKOUT.ORDER.APPROVED" {
		// The buyer approved but may never come back: capture here. A
		// network call, so it runs before (not inside) the transaction that
		// records the event; it is idempotent on its own.
		if err := s.payPalApproved(ctx, &ev); err != nil {
			return err
		}
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		fresh, err := tx.RecordWebhookEvent(ctx, "paypal", ev.ID, ev.EventType)
		if err != nil || !fresh {
			return err
		}
		switch ev.EventType {
		case "PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED", "PAYMENT.CAPTURE.PENDING":
			var c paypal.Capture
			if err := json.Unmarshal(ev.Resource, &c); err != nil {
				return err
			}
			if ev.EventType != "PAYMENT.CAPTURE.COMPLETED" && ev.EventType != "PAYMENT.CAPTURE.PENDING" {
				c.Status = "DECLINED"
			}
			id, err := strconv.ParseInt(c.CustomID, 10, 64)
			if err != nil {
				s.Log.WarnContext(ctx, "paypal capture without our order id; ignored", "capture", c.ID, "event", ev.ID)
				return nil
			}
			related := ""
			if c.SupplementaryData != nil {
				related = c.SupplementaryData.RelatedIDs.OrderID
			}
			if _, err := tx.OrderByID(ctx, id); errors.Is(err, store.ErrNotFound) {
				s.Log.WarnContext(ctx, "paypal capture for an unknown order; ignored", "capture", c.ID, "order", id)
				return nil
			}
			return s.payPalCaptured(ctx, tx, id, related, &c)
		case "PAYMENT.CAPTURE.REFUNDED":
			var rf paypal.Refund
			if err := json.Unmarshal(ev.Resource, &rf); err != nil {
				return err
			}
			return s.payPalRefunded(ctx, tx, &rf)
		}
		return nil // CHECKOUT.ORDER.APPROVED (handled above) and others: acknowledged
	})
}

// payPalApproved captures an order the buyer approved, unless it is no
// longer waiting for payment (the return page came first, or a duplicate).
func (s *Service) payPalApproved(ctx context.Context, ev *paypal.Event) error {
	var po paypal.Order
	if err := json.Unmarshal(ev.Resource, &po); err != nil || po.ID == "" {
		s.Log.WarnContext(ctx, "paypal approval without an order; ignored", "event", ev.ID)
		return nil
	}
	o, err := s.DB.OrderByProviderRef(ctx, "paypal", po.ID)
	if errors.Is(err, store.ErrNotFound) {
		s.Log.WarnContext(ctx, "paypal approval for an unknown order; ignored", "paypal_order", po.ID, "event", ev.ID)
		return nil
	}
	if err != nil || o.Status != store.OrderPending {
		return err
	}
	err = s.capturePayPal(ctx, o)
	if e, ok := apperr.As(providerError(err)); err != nil && ok && e.Kind != apperr.Unavailable {
		// PayPal refused the capture (declined, not approved after all):
		// retrying the event would not change that; the buyer sees it on
		// the return page.
		s.Log.WarnContext(ctx, "paypal refused the capture of an approved order", "order", o.ID, "err", err)
		return nil
	}
	return err
}

// payPalRefunded records a refund made at PayPal. Our own API refunds
// arrive here too and find nothing left to record.
func (s *Service) payPalRefunded(ctx context.Context, tx *store.Tx, rf *paypal.Refund) error {
	var o *store.Order
	err := store.ErrNotFound
	if capture := rf.CaptureID(); capture != "" {
		o, err = tx.OrderByPaymentRef(ctx, "paypal", capture)
	}
	if errors.Is(err, store.ErrNotFound) {
		if id, perr := strconv.ParseInt(rf.CustomID, 10, 64); perr == nil {
			if o, err = tx.OrderByID(ctx, id); err == nil && o.Provider != "paypal" {
				err = store.ErrNotFound
			}
		}
	}
	if errors.Is(err, store.ErrNotFound) || (err == nil && o.Status == store.OrderPending) {
		// The capture has not been processed here yet; refunding first would
		// let the late capture grant access. Ask for a retry.
		return fmt.Errorf("paypal refund %s: %w", rf.ID, ErrRetryLater)
	}
	if err != nil {
		return err
	}
	if rf.Status != "" && rf.Status != "COMPLETED" {
		return nil // PENDING: a later notification says COMPLETED
	}
	amount, err := paypal.ParseAmount(rf.Amount) // this refund alone
	if err != nil {
		return err
	}
	if b := rf.SellerPayableBreakdown; b != nil && b.TotalRefundedAmount != nil {
		total, err := paypal.ParseAmount(*b.TotalRefundedAmount) // the capture's refunds so far
		if err != nil {
			return err
		}
		amount = total - o.RefundedCents
	}
	if amount <= 0 || o.Status == store.OrderFailed || o.Status == store.OrderRefunded {
		return nil
	}
	return s.refundTx(ctx, tx, o.ID, amount, rf.ID, "refunded at PayPal", nil, false)
}
