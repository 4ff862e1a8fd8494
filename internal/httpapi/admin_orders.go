package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/commerce"
)

type adminOrderItemJSON struct {
	orderItemJSON
	RefundedCents int64 `json:"refunded_cents"`
	// Revoked: the buyer lost access to this course (refunded in full).
	Revoked bool `json:"revoked"`
}

type adminRefundJSON struct {
	ID          string      `json:"id"`
	AmountCents int64       `json:"amount_cents"`
	Reason      string      `json:"reason"`
	ProviderRef string      `json:"provider_ref"`
	By          *personJSON `json:"by"`
	CreatedAt   time.Time   `json:"created_at"`
}

type adminPaymentJSON struct {
	Provider    string     `json:"provider"`
	Reference   string     `json:"reference"`
	AmountCents int64      `json:"amount_cents"`
	Currency    string     `json:"currency"`
	PaidAt      *time.Time `json:"paid_at"`
}

// adminOrderJSON is one order on the admin's order page.
type adminOrderJSON struct {
	orderJSON
	Items []adminOrderItemJSON `json:"items"`
	// Payments: the order's payment, when it was paid.
	Payments []adminPaymentJSON `json:"payments"`
	Refunds  []adminRefundJSON  `json:"refunds"`
}

func (s *Server) toAdminOrderJSON(r *http.Request, d *commerce.OrderDetail) adminOrderJSON {
	out := adminOrderJSON{orderJSON: s.toOrderJSON(d.Order, currentUser(r)), Items: []adminOrderItemJSON{}, Payments: []adminPaymentJSON{},
		Refunds: []adminRefundJSON{}}
	out.Buyer = &buyerJSON{ID: id(d.UserID), Name: d.BuyerName, Email: d.BuyerEmail}
	for i, it := range d.Order.Items {
		ir := d.Items[it.CourseID]
		out.Items = append(out.Items, adminOrderItemJSON{orderItemJSON: out.orderJSON.Items[i], RefundedCents: ir.RefundedCents, Revoked: ir.Revoked})
	}
	if d.PaidAt != nil {
		out.Payments = append(out.Payments, adminPaymentJSON{Provider: d.Provider, Reference: d.PaymentRef, AmountCents: d.TotalCents,
			Currency: d.Currency, PaidAt: d.PaidAt})
	}
	for _, rf := range d.Refunds {
		j := adminRefundJSON{ID: id(rf.ID), AmountCents: rf.AmountCents, Reason: rf.Reason, ProviderRef: rf.ProviderRef, CreatedAt: rf.CreatedAt}
		if rf.CreatedBy != nil {
			j.By = &personJSON{ID: id(*rf.CreatedBy), Name: rf.CreatedByName}
		}
		out.Refunds = append(out.Refunds, j)
	}
	return out
}

// adminOrder is one order with its buyer, payment, refunds and what was
// refunded of each course.
func (s *Server) adminOrder(w http.ResponseWriter, r *http.Request) error {
	oid, err := pathID(r, "id", "order")
	if err != nil {
		return err
	}
	d, err := s.Commerce.AdminOrder(r.Context(), currentUser(r), oid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toAdminOrderJSON(r, d))
}

type partialRefundRequest struct {
	// CourseIDs refunds these courses in full; or AmountCents, spread
	// over the order.
	CourseIDs   []flexID `json:"course_ids,omitempty"`
	AmountCents int64    `json:"amount_cents,omitempty"`
	Reason      string   `json:"reason"`
	// Key identifies the request: the same key again refunds nothing more.
	Key string `json:"key,omitempty"`
}

// adminRefundPart refunds part of an order: chosen courses or an amount.
func (s *Server) adminRefundPart(w http.ResponseWriter, r *http.Request) error {
	oid, err := pathID(r, "id", "order")
	if err != nil {
		return err
	}
	var in partialRefundRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var courses []int64
	for i, raw := range in.CourseIDs {
		n, err := parseFlexID(raw, "course_ids."+strconv.Itoa(i))
		if err != nil {
			return err
		}
		courses = append(courses, n)
	}
	d, err := s.Commerce.RefundPart(r.Context(), currentUser(r), oid, commerce.PartialRefund{CourseIDs: courses, AmountCents: in.AmountCents,
		Reason: in.Reason, Key: in.Key})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toAdminOrderJSON(r, d))
}
