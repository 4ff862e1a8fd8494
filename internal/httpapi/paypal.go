package httpapi

import (
	"io"
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/apperr"
)

// capturePayPal is called by the page PayPal sends the buyer back to: it
// captures the approved payment and answers with the order (paid, or
// still pending when PayPal holds the payment for review).
func (s *Server) capturePayPal(w http.ResponseWriter, r *http.Request) error {
	oid, err := pathID(r, "id", "order")
	if err != nil {
		return err
	}
	o, err := s.Commerce.CapturePayPal(r.Context(), currentUser(r), oid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toOrderJSON(o, currentUser(r)))
}

// payPalWebhook hands a PayPal notification to the service, which has
// PayPal verify it and processes it once. A refused signature answers 400
// and changes nothing; anything else that fails answers 503 so PayPal
// sends the notification again.
func (s *Server) payPalWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return &apperr.Error{Kind: apperr.Invalid, Code: "body_too_large", Message: "The event is too large."}
	}
	if err := s.Commerce.HandlePayPalWebhook(r.Context(), r.Header, body); err != nil {
		if e, ok := apperr.As(err); ok && e.Kind != apperr.Internal {
			return e
		}
		s.log.WarnContext(r.Context(), "paypal notification not processed; PayPal will retry", "err", err)
		return &apperr.Error{Kind: apperr.Unavailable, Code: "retry_later", Message: "The event could not be processed now; send it again.", RetryAfter: 10 * time.Second}
	}
	return writeJSON(w, http.StatusOK, map[string]bool{"received": true})
}
