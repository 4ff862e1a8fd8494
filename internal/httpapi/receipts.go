package httpapi

import (
	"net/http"
	"time"
)

type refundJSON struct {
	AmountCents int64     `json:"amount_cents"`
	Reason      string    `json:"reason"`
	CreatedAt   time.Time `json:"created_at"`
}

type receiptJSON struct {
	Order    orderJSON    `json:"order"`
	Buyer    buyerJSON    `json:"buyer"`
	Refunds  []refundJSON `json:"refunds"`
	Seller   string       `json:"seller"`
	IssuedAt time.Time    `json:"issued_at"`
}

// getReceipt is an order's receipt: the order, the buyer, every refund
// (the buyer or an admin).
func (s *Server) getReceipt(w http.ResponseWriter, r *http.Request) error {
	oid, err := pathID(r, "id", "order")
	if err != nil {
		return err
	}
	rc, err := s.Commerce.Receipt(r.Context(), currentUser(r), oid)
	if err != nil {
		return err
	}
	out := receiptJSON{Order: s.toOrderJSON(rc.Order, currentUser(r)), Buyer: buyerJSON{ID: id(rc.Order.UserID), Name: rc.BuyerName, Email: rc.BuyerEmail},
		Refunds: []refundJSON{}, Seller: "Lectern", IssuedAt: rc.IssuedAt}
	for _, f := range rc.Refunds {
		out.Refunds = append(out.Refunds, refundJSON{AmountCents: f.AmountCents, Reason: f.Reason, CreatedAt: f.CreatedAt})
	}
	return writeJSON(w, http.StatusOK, out)
}
