package httpapi

import (
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/commerce"
)

type subscriptionRefundJSON struct {
	ID          string    `json:"id"`
	AmountCents int64     `json:"amount_cents"`
	Status      string    `json:"status"` // pending (the provider is being asked) or done
	Reason      string    `json:"reason"`
	AfterClose  bool      `json:"after_close"` // done after the payment's month closed: no closed figure changed
	EndedAccess bool      `json:"ended_access"`
	CreatedAt   time.Time `json:"created_at"`
}

type subscriptionPaymentJSON struct {
	ID            string                   `json:"id"`
	Provider      string                   `json:"provider,omitempty"`
	Invoice       string                   `json:"invoice"`
	Status        string                   `json:"status"` // paid or failed
	AmountCents   int64                    `json:"amount_cents"`
	RefundedCents int64                    `json:"refunded_cents"`
	Currency      string                   `json:"currency"`
	PeriodStart   *time.Time               `json:"period_start"`
	PeriodEnd     *time.Time               `json:"period_end"`
	PaidAt        time.Time                `json:"occurred_at"`
	Refunds       []subscriptionRefundJSON `json:"refunds"`
}

type subscriptionPaymentsJSON struct {
	Subscription *subscriptionJSON         `json:"subscription"` // null: never subscribed
	Items        []subscriptionPaymentJSON `json:"items"`
}

type subscriptionRefundRequest struct {
	// AmountCents to give back; left out: all that is left of the payment.
	AmountCents int64  `json:"amount_cents,omitempty"`
	Reason      string `json:"reason"`
	// Key identifies the request: the same key again refunds nothing more.
	Key string `json:"key,omitempty"`
	// EndAccess ends the subscription now; by default the subscriber
	// keeps access until the paid period ends.
	EndAccess bool `json:"end_access,omitempty"`
}

func toSubscriptionPaymentJSON(d commerce.SubscriptionPaymentDetail) subscriptionPaymentJSON {
	out := subscriptionPaymentJSON{ID: id(d.ID), Provider: d.Provider, Invoice: d.ProviderRef, Status: d.Status, AmountCents: d.AmountCents,
		RefundedCents: d.RefundedCents, Currency: d.Currency, PeriodStart: d.PeriodStart, PeriodEnd: d.PeriodEnd, PaidAt: d.OccurredAt.UTC(),
		Refunds: []subscriptionRefundJSON{}}
	for _, r := range d.Refunds {
		out.Refunds = append(out.Refunds, subscriptionRefundJSON{ID: id(r.ID), AmountCents: r.AmountCents, Status: r.Status, Reason: r.Reason,
			AfterClose: r.AfterClose, EndedAccess: r.EndedAccess, CreatedAt: r.CreatedAt.UTC()})
	}
	return out
}

func toSubscriptionPaymentsJSON(p *commerce.SubscriptionPayments) subscriptionPaymentsJSON {
	out := subscriptionPaymentsJSON{Items: []subscriptionPaymentJSON{}}
	if p.Subscription != nil {
		sj := toSubscriptionJSON(p.Subscription)
		out.Subscription = &sj
	}
	for _, d := range p.Payments {
		out.Items = append(out.Items, toSubscriptionPaymentJSON(d))
	}
	return out
}

// adminSubscriptionPayments is a user's subscription and its payments
// with their refunds.
func (s *Server) adminSubscriptionPayments(w http.ResponseWriter, r *http.Request) error {
	uid, err := pathID(r, "id", "user")
	if err != nil {
		return err
	}
	p, err := s.Commerce.AdminSubscriptionPayments(r.Context(), currentUser(r), uid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSubscriptionPaymentsJSON(p))
}

// mySubscriptionPayments is the subscriber's own payments and refunds.
func (s *Server) mySubscriptionPayments(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Commerce.MySubscriptionPayments(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSubscriptionPaymentsJSON(p))
}

// adminRefundSubscriptionPayment refunds a subscription payment, whole or
// in part.
func (s *Server) adminRefundSubscriptionPayment(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id", "payment")
	if err != nil {
		return err
	}
	var in subscriptionRefundRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.Commerce.RefundSubscriptionPayment(r.Context(), currentUser(r), pid, commerce.SubscriptionRefundInput{AmountCents: in.AmountCents,
		Reason: in.Reason, Key: in.Key, EndAccess: in.EndAccess})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSubscriptionPaymentJSON(*d))
}

type subscriptionCoursesJSON struct {
	IDs []string `json:"ids"`
}

// mySubscriptionCourses lists the courses the caller's subscription opens.
func (s *Server) mySubscriptionCourses(w http.ResponseWriter, r *http.Request) error {
	ids, err := s.Commerce.MySubscriptionCourses(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := subscriptionCoursesJSON{IDs: []string{}}
	for _, n := range ids {
		out.IDs = append(out.IDs, id(n))
	}
	return writeJSON(w, http.StatusOK, out)
}
