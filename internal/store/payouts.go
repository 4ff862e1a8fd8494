package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"time"
)

// PayoutBalance is one instructor's money in one currency: what may be
// paid out now, what waits for its sales' refund window, and what was paid.
type PayoutBalance struct {
	InstructorID   int64
	Name, Email    string
	Currency       string
	AvailableCents int64 // earned, past the refund window, less refunds and payouts
	PendingCents   int64 // sales still inside their refund window, less their refunds
	PaidOutCents   int64
}

// payoutBalances sums every instructor's ledger (one instructor's when
// instructorID > 0) per currency. A sale is available once it was paid at
// or before cutoff (now less the refund window); a refund counts against
// the bucket its sale is in; subscription shares are available when their
// month closes (the row exists from then on); payouts come out of the
// available money.
func payoutBalances(ctx context.Context, q queryer, cutoff time.Time, instructorID int64) ([]PayoutBalance, error) {
	args := []any{cutoff.UTC()}
	filter := func(col string) string {
		if instructorID <= 0 {
			return col + " IS NOT NULL"
		}
		if len(args) == 1 {
			args = append(args, instructorID)
		}
		return col + " = $2"
	}
	query := `SELECT x.instructor_id, u.name, u.email, x.currency,
		SUM(CASE WHEN x.bucket = 'a' THEN x.amount ELSE 0 END),
		SUM(CASE WHEN x.bucket = 'p' THEN x.amount ELSE 0 END),
		SUM(CASE WHEN x.bucket = 'o' THEN x.amount ELSE 0 END)
	FROM (
		SELECT i.instructor_id, o.currency, CASE WHEN o.paid_at <= $1 THEN 'a' ELSE 'p' END AS bucket, i.instructor_cents AS amount
			FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.paid_at IS NOT NULL AND ` + filter("i.instructor_id") + `
		UNION ALL
		SELECT ri.instructor_id, o.currency, CASE WHEN o.paid_at <= $1 THEN 'a' ELSE 'p' END, -ri.instructor_cents
			FROM refund_items ri JOIN orders o ON o.id = ri.order_id WHERE o.paid_at IS NOT NULL AND ` + filter("ri.instructor_id") + `
		UNION ALL
		SELECT s.instructor_id, s.currency, 'a', s.amount_cents FROM pool_shares s WHERE ` + filter("s.instructor_id") + `
		UNION ALL
		SELECT p.instructor_id, p.currency, 'a', -p.amount_cents FROM payouts p WHERE ` + filter("p.instructor_id") + `
		UNION ALL
		SELECT p.instructor_id, p.currency, 'o', p.amount_cents FROM payouts p WHERE ` + filter("p.instructor_id") + `
	) x JOIN users u ON u.id = x.instructor_id
	GROUP BY x.instructor_id, u.name, u.email, x.currency
	ORDER BY lower(u.name), x.instructor_id, x.currency`
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PayoutBalance
	for rows.Next() {
		var b PayoutBalance
		if err := rows.Scan(&b.InstructorID, &b.Name, &b.Email, &b.Currency, &b.AvailableCents, &b.PendingCents, &b.PaidOutCents); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// PayoutBalances lists every instructor's balances (instructorID 0) or one
// instructor's; sales paid at or before cutoff are past their refund window.
func (db *DB) PayoutBalances(ctx context.Context, cutoff time.Time, instructorID int64) ([]PayoutBalance, error) {
	return payoutBalances(ctx, db.read, cutoff, instructorID)
}

// PayoutBalances is PayoutBalances inside tx, after LockPayee: what a new
// payout is checked against.
func (tx *Tx) PayoutBalances(ctx context.Context, cutoff time.Time, instructorID int64) ([]PayoutBalance, error) {
	return payoutBalances(ctx, tx.tx, cutoff, instructorID)
}

// LockPayee serialises payouts to one instructor, so two admins cannot
// both pay out the same available money. SQLite has one writer at a time,
// which already does it.
func (tx *Tx) LockPayee(ctx context.Context, instructorID int64) error {
	var id int64
	err := tx.tx.QueryRowContext(ctx, `SELECT id FROM users WHERE id = $1`+tx.forUpdate(), instructorID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Payout is money an admin recorded as paid to an instructor.
type Payout struct {
	ID           int64
	InstructorID int64
	AmountCents  int64
	Currency     string
	Method       string
	Reference    string
	Note         string
	CreatedBy    int64
	CreatedAt    time.Time
}

const payoutColumns = `id, instructor_id, amount_cents, currency, method, reference, note, created_by, created_at`

func scanPayout(row interface{ Scan(...any) error }) (*Payout, error) {
	var p Payout
	if err := row.Scan(&p.ID, &p.InstructorID, &p.AmountCents, &p.Currency, &p.Method, &p.Reference, &p.Note, &p.CreatedBy, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return &p, nil
}

// CreatePayout records a payout (the caller checked the balance).
func (tx *Tx) CreatePayout(ctx context.Context, p Payout) (*Payout, error) {
	return scanPayout(tx.tx.QueryRowContext(ctx, `INSERT INTO payouts (instructor_id, amount_cents, currency, method, reference, note, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+payoutColumns,
		p.InstructorID, p.AmountCents, p.Currency, p.Method, p.Reference, p.Note, p.CreatedBy, now()))
}

// Payouts lists an instructor's payouts, newest first.
func (db *DB) Payouts(ctx context.Context, instructorID int64) ([]*Payout, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+payoutColumns+` FROM payouts WHERE instructor_id = $1 ORDER BY created_at DESC, id DESC`, instructorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Payout
	for rows.Next() {
		p, err := scanPayout(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Ledger entry kinds.
const (
	LedgerSale         = "sale"
	LedgerRefund       = "refund"
	LedgerSubscription = "subscription_share"
	LedgerPayout       = "payout"
)

// LedgerEntry is one movement of an instructor's money: a sale's share, a
// refund's share (negative), a month's subscription share, a payout
// (negative).
type LedgerEntry struct {
	At          time.Time
	Kind        string
	Ref         string // the order id, the month (YYYY-MM) or the payout id
	Description string
	Currency    string
	AmountCents int64
	// SalePaidAt is, for sales and refunds, when the sale was paid: its
	// refund window (and so its availability) runs from then.
	SalePaidAt *time.Time
}

// InstructorLedger lists every movement of an instructor's money, oldest
// first (ties: sales, refunds, shares, payouts; then by reference).
func (db *DB) InstructorLedger(ctx context.Context, instructorID int64) ([]LedgerEntry, error) {
	var out []LedgerEntry
	type query struct {
		sql  string
		scan func(rows *sql.Rows) (LedgerEntry, error)
	}
	queries := []query{
		{`SELECT o.paid_at, o.id, c.title, o.currency, i.instructor_cents FROM order_items i JOIN orders o ON o.id = i.order_id
			JOIN courses c ON c.id = i.course_id WHERE i.instructor_id = $1 AND o.paid_at IS NOT NULL`,
			func(rows *sql.Rows) (LedgerEntry, error) {
				e := LedgerEntry{Kind: LedgerSale}
				var id int64
				err := rows.Scan(&e.At, &id, &e.Description, &e.Currency, &e.AmountCents)
				paid := e.At.UTC()
				e.Ref, e.SalePaidAt = strconv.FormatInt(id, 10), &paid
				return e, err
			}},
		{`SELECT r.created_at, o.paid_at, o.id, c.title, r.reason, o.currency, ri.instructor_cents FROM refund_items ri
			JOIN refunds r ON r.id = ri.refund_id JOIN orders o ON o.id = ri.order_id JOIN courses c ON c.id = ri.course_id
			WHERE ri.instructor_id = $1 AND o.paid_at IS NOT NULL AND ri.instructor_cents != 0`,
			func(rows *sql.Rows) (LedgerEntry, error) {
				e := LedgerEntry{Kind: LedgerRefund}
				var id int64
				var paid time.Time
				var title, reason string
				err := rows.Scan(&e.At, &paid, &id, &title, &reason, &e.Currency, &e.AmountCents)
				e.Ref, e.AmountCents, e.Description = strconv.FormatInt(id, 10), -e.AmountCents, title
				if reason != "" {
					e.Description += " (" + reason + ")"
				}
				paid = paid.UTC()
				e.SalePaidAt = &paid
				return e, err
			}},
		{`SELECT m.closed_at, s.month, s.currency, s.amount_cents FROM pool_shares s
			JOIN pool_months m ON m.month = s.month AND m.currency = s.currency WHERE s.instructor_id = $1 AND s.amount_cents != 0`,
			func(rows *sql.Rows) (LedgerEntry, error) {
				e := LedgerEntry{Kind: LedgerSubscription}
				err := rows.Scan(&e.At, &e.Ref, &e.Currency, &e.AmountCents)
				e.Description = "Subscription share " + e.Ref
				return e, err
			}},
		{`SELECT created_at, id, method, reference, currency, amount_cents FROM payouts WHERE instructor_id = $1`,
			func(rows *sql.Rows) (LedgerEntry, error) {
				e := LedgerEntry{Kind: LedgerPayout}
				var id int64
				var method, ref string
				err := rows.Scan(&e.At, &id, &method, &ref, &e.Currency, &e.AmountCents)
				e.Ref, e.AmountCents, e.Description = strconv.FormatInt(id, 10), -e.AmountCents, "Payout ("+method+")"
				if ref != "" {
					e.Description = "Payout (" + method + ", " + ref + ")"
				}
				return e, err
			}},
	}
	for _, q := range queries {
		rows, err := db.read.QueryContext(ctx, q.sql, instructorID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			e, err := q.scan(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			e.At = e.At.UTC()
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	rank := map[string]int{LedgerSale: 0, LedgerRefund: 1, LedgerSubscription: 2, LedgerPayout: 3}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		return a.Ref < b.Ref
	})
	return out, nil
}
