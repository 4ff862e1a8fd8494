package commerce

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// The payout types the HTTP layer speaks in.
type (
	Payout        = store.Payout
	PayoutBalance = store.PayoutBalance
)

// Balance is an instructor's money in one currency, in minor units:
// Available may be paid out now; Pending waits for its sales' refund
// windows to pass; PaidOut is what payouts have sent so far.
type Balance struct {
	Currency       string
	AvailableCents int64
	PendingCents   int64
	PaidOutCents   int64
}

// Payouts is what an instructor sees of their money.
type Payouts struct {
	Balances []Balance
	Payouts  []*Payout
	// RefundWindow is how long a sale stays pending.
	RefundWindow time.Duration
}

// availableCutoff: sales paid at or before it are past their refund window.
func (s *Service) availableCutoff() time.Time { return s.now().Add(-s.RefundWindow) }

func toBalances(list []store.PayoutBalance) []Balance {
	out := []Balance{}
	for _, b := range list {
		out = append(out, Balance{Currency: b.Currency, AvailableCents: b.AvailableCents, PendingCents: b.PendingCents, PaidOutCents: b.PaidOutCents})
	}
	return out
}

// MyPayouts returns the caller's balances per currency and their payouts.
// A sale's share is pending until its refund window has passed (by the
// commerce clock), then available; a refund lowers the bucket its sale is
// in; a month's subscription share is available once the month closes.
func (s *Service) MyPayouts(ctx context.Context, u *store.User) (*Payouts, error) {
	if err := access.RequireInstructor(u); err != nil {
		return nil, err
	}
	bal, err := s.DB.PayoutBalances(ctx, s.availableCutoff(), u.ID)
	if err != nil {
		return nil, err
	}
	list, err := s.DB.Payouts(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []*Payout{}
	}
	return &Payouts{Balances: toBalances(bal), Payouts: list, RefundWindow: s.RefundWindow}, nil
}

// AdminPayoutBalances lists every instructor who has earned anything, with
// their balances per currency (admins).
func (s *Service) AdminPayoutBalances(ctx context.Context, u *store.User) ([]PayoutBalance, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	return s.DB.PayoutBalances(ctx, s.availableCutoff(), 0)
}

// PayoutInput is a payout an admin made outside Lectern (a bank transfer,
// PayPal, ...) and records here.
type PayoutInput struct {
	InstructorID int64
	AmountCents  int64
	Currency     string
	Method       string // how the money went; "manual" when not given
	Reference    string // the transfer's reference
	Note         string
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// RecordPayout records a payout to an instructor (admins). It may not
// exceed the instructor's available balance in that currency; the check
// and the insert happen under a lock on the instructor, so two admins
// cannot pay the same money twice. The audit log says who recorded it.
func (s *Service) RecordPayout(ctx context.Context, u *store.User, in PayoutInput) (*Payout, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	in.Method = strings.TrimSpace(in.Method)
	in.Reference, in.Note = strings.TrimSpace(in.Reference), strings.TrimSpace(in.Note)
	if in.Method == "" {
		in.Method = "manual"
	}
	var fe apperr.Fields
	if in.InstructorID <= 0 {
		fe.Add("instructor_id", "is required")
	}
	if in.AmountCents <= 0 {
		fe.Add("amount_cents", "must be more than 0")
	}
	if !currencyCode.MatchString(in.Currency) {
		fe.Add("currency", "must be a three-letter currency code")
	}
	if len(in.Method) > 40 {
		fe.Add("method", "must be at most 40 characters")
	}
	if len(in.Reference) > 200 {
		fe.Add("reference", "must be at most 200 characters")
	}
	if len(in.Note) > 1000 {
		fe.Add("note", "must be at most 1000 characters")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var p *Payout
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockPayee(ctx, in.InstructorID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return apperr.Fields{{Field: "instructor_id", Message: "is not a user"}}.Err()
			}
			return err
		}
		bal, err := tx.PayoutBalances(ctx, s.availableCutoff(), in.InstructorID)
		if err != nil {
			return err
		}
		var available int64
		for _, b := range bal {
			if b.Currency == in.Currency {
				available = b.AvailableCents
			}
		}
		if in.AmountCents > available {
			return apperr.Fields{{Field: "amount_cents", Message: "is more than the available balance of " + formatMoney(max(available, 0), in.Currency)}}.Err()
		}
		p, err = tx.CreatePayout(ctx, store.Payout{InstructorID: in.InstructorID, AmountCents: in.AmountCents, Currency: in.Currency,
			Method: in.Method, Reference: in.Reference, Note: in.Note, CreatedBy: u.ID})
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("%s by %s", formatMoney(in.AmountCents, in.Currency), in.Method)
		if in.Reference != "" {
			detail += ", reference " + in.Reference
		}
		return tx.Audit(ctx, u.ID, "payout.record", "user:"+strconv.FormatInt(in.InstructorID, 10), detail)
	})
	if err != nil {
		return nil, err
	}
	s.Log.InfoContext(ctx, "payout recorded", "payout", p.ID, "instructor", p.InstructorID, "amount_cents", p.AmountCents, "currency", p.Currency)
	return p, nil
}

// StatementLine is one movement of an instructor's money with the running
// balance (available plus pending) of its currency after it.
type StatementLine struct {
	store.LedgerEntry
	// AvailableAt is when the money became (or becomes) available: for a
	// sale and its refunds, the end of the sale's refund window.
	AvailableAt  time.Time
	BalanceCents int64
}

// Statement lists every movement of the caller's money, oldest first:
// sales, refunds, subscription shares and payouts, each with the running
// balance of its currency. The last line of a currency carries its
// available plus pending balance.
func (s *Service) Statement(ctx context.Context, u *store.User) ([]StatementLine, error) {
	if err := access.RequireInstructor(u); err != nil {
		return nil, err
	}
	entries, err := s.DB.InstructorLedger(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	running := map[string]int64{}
	out := make([]StatementLine, 0, len(entries))
	for _, e := range entries {
		running[e.Currency] += e.AmountCents
		l := StatementLine{LedgerEntry: e, AvailableAt: e.At, BalanceCents: running[e.Currency]}
		if e.SalePaidAt != nil {
			l.AvailableAt = e.SalePaidAt.Add(s.RefundWindow)
		}
		out = append(out, l)
	}
	return out, nil
}

// StatementHeader is the first row of the CSV statement.
var StatementHeader = []string{"date", "type", "reference", "description", "currency", "amount_cents", "available_on", "balance_cents"}

// WriteStatementCSV writes statement lines as CSV (RFC 4180): amounts in
// minor units, dates in UTC.
func WriteStatementCSV(w io.Writer, lines []StatementLine) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(StatementHeader); err != nil {
		return err
	}
	for _, l := range lines {
		rec := []string{l.At.UTC().Format(time.RFC3339), l.Kind, l.Ref, csvSafe(l.Description), l.Currency,
			strconv.FormatInt(l.AmountCents, 10), l.AvailableAt.UTC().Format("2006-01-02"), strconv.FormatInt(l.BalanceCents, 10)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a course title or refund reason
// as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
