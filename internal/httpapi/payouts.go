package httpapi

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce"
)

type balanceJSON struct {
	Currency       string `json:"currency"`
	AvailableCents int64  `json:"available_cents"` // may be paid out now
	PendingCents   int64  `json:"pending_cents"`   // inside sales' refund windows
	PaidOutCents   int64  `json:"paid_out_cents"`
}

func toBalancesJSON(list []commerce.Balance) []balanceJSON {
	out := make([]balanceJSON, 0, len(list))
	for _, b := range list {
		out = append(out, balanceJSON{Currency: b.Currency, AvailableCents: b.AvailableCents, PendingCents: b.PendingCents, PaidOutCents: b.PaidOutCents})
	}
	return out
}

type payoutJSON struct {
	ID           string    `json:"id"`
	InstructorID string    `json:"instructor_id"`
	AmountCents  int64     `json:"amount_cents"`
	Currency     string    `json:"currency"`
	Method       string    `json:"method"`
	Reference    string    `json:"reference"`
	Note         string    `json:"note"`
	CreatedAt    time.Time `json:"created_at"`
}

type myPayoutsJSON struct {
	Balances         []balanceJSON `json:"balances"`
	Payouts          []payoutJSON  `json:"payouts"`
	RefundWindowDays int           `json:"refund_window_days"`
	StatementURL     string        `json:"statement_url"`
}

type instructorBalanceJSON struct {
	Instructor     buyerJSON `json:"instructor"`
	Currency       string    `json:"currency"`
	AvailableCents int64     `json:"available_cents"`
	PendingCents   int64     `json:"pending_cents"`
	PaidOutCents   int64     `json:"paid_out_cents"`
}

type instructorBalanceList struct {
	Items []instructorBalanceJSON `json:"items"`
}

type payoutRequest struct {
	InstructorID flexID `json:"instructor_id"`
	AmountCents  int64  `json:"amount_cents"`
	Currency     string `json:"currency"`
	Method       string `json:"method"`
	Reference    string `json:"reference"`
	Note         string `json:"note"`
}

func toPayoutJSON(p *commerce.Payout) payoutJSON {
	return payoutJSON{ID: id(p.ID), InstructorID: id(p.InstructorID), AmountCents: p.AmountCents, Currency: p.Currency, Method: p.Method,
		Reference: p.Reference, Note: p.Note, CreatedAt: p.CreatedAt}
}

func (s *Server) myPayouts(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Commerce.MyPayouts(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := myPayoutsJSON{Balances: toBalancesJSON(p.Balances), Payouts: []payoutJSON{}, RefundWindowDays: int(p.RefundWindow.Hours() / 24),
		StatementURL: apiPrefix + "/instructor/statement.csv"}
	for _, po := range p.Payouts {
		out.Payouts = append(out.Payouts, toPayoutJSON(po))
	}
	return writeJSON(w, http.StatusOK, out)
}

// statementCSV sends the caller's statement as a CSV download.
func (s *Server) statementCSV(w http.ResponseWriter, r *http.Request) error {
	lines, err := s.Commerce.Statement(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := commerce.WriteStatementCSV(&buf, lines); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="lectern-statement-`+time.Now().UTC().Format("2006-01-02")+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) adminPayoutBalances(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Commerce.AdminPayoutBalances(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := instructorBalanceList{Items: []instructorBalanceJSON{}}
	for _, b := range list {
		out.Items = append(out.Items, instructorBalanceJSON{Instructor: buyerJSON{ID: id(b.InstructorID), Name: b.Name, Email: b.Email},
			Currency: b.Currency, AvailableCents: b.AvailableCents, PendingCents: b.PendingCents, PaidOutCents: b.PaidOutCents})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) recordPayout(w http.ResponseWriter, r *http.Request) error {
	var in payoutRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	instructorID, err := strconv.ParseInt(string(in.InstructorID), 10, 64)
	if in.InstructorID != "" && (err != nil || instructorID <= 0) {
		return apperr.Fields{{Field: "instructor_id", Message: "is not a user id"}}.Err()
	}
	p, err := s.Commerce.RecordPayout(r.Context(), currentUser(r), commerce.PayoutInput{InstructorID: instructorID, AmountCents: in.AmountCents,
		Currency: in.Currency, Method: in.Method, Reference: in.Reference, Note: in.Note})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toPayoutJSON(p))
}
