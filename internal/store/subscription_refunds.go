package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Subscription refund statuses.
const (
	SubRefundPending = "pending" // reserved; the provider is being asked
	SubRefundDone    = "done"
)

// SubscriptionRefund is money given back on a paid subscription payment.
type SubscriptionRefund struct {
	ID          int64
	PaymentID   int64
	AmountCents int64
	Status      string // pending or done
	ProviderRef string
	Reason      string
	Key         string
	AfterClose  bool // done after the payment's month closed: no closed figure changed
	EndedAccess bool // the admin ended the subscription with this refund
	CreatedBy   *int64
	CreatedAt   time.Time
}

const subPaymentColumns = `p.id, p.subscription_id, p.provider_ref, p.payment_ref, p.status, p.amount_cents, p.refunded_cents, p.currency,
	p.period_start, p.period_end, p.occurred_at`

func scanSubPayment(row interface{ Scan(...any) error }, extra ...any) (*SubscriptionPayment, error) {
	var p SubscriptionPayment
	var start, end sql.NullTime
	err := row.Scan(append([]any{&p.ID, &p.SubscriptionID, &p.ProviderRef, &p.PaymentRef, &p.Status, &p.AmountCents, &p.RefundedCents, &p.Currency,
		&start, &end, &p.OccurredAt}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	p.PeriodStart, p.PeriodEnd = nullTime(start), nullTime(end)
	return &p, err
}

func (tx *Tx) forUpdate() string {
	if tx.dialect == Postgres {
		return " FOR UPDATE"
	}
	return "" // SQLite: the writer's transaction already holds the database
}

// LockSubscriptionPayment reads a subscription payment inside the
// transaction, locked on PostgreSQL: refunds of it and the closing of its
// month apply one after the other. Whoever also locks the subscription
// locks it first (LockSubscription), as the subscription's events do.
func (tx *Tx) LockSubscriptionPayment(ctx context.Context, id int64) (*SubscriptionPayment, error) {
	return scanSubPayment(tx.tx.QueryRowContext(ctx, `SELECT `+subPaymentColumns+` FROM subscription_payments p WHERE p.id = $1`+tx.forUpdate(), id))
}

// SubscriptionPayment reads a subscription payment in the transaction,
// unlocked.
func (tx *Tx) SubscriptionPayment(ctx context.Context, id int64) (*SubscriptionPayment, error) {
	return scanSubPayment(tx.tx.QueryRowContext(ctx, `SELECT `+subPaymentColumns+` FROM subscription_payments p WHERE p.id = $1`, id))
}

// SubscriptionPaymentByPaymentRef finds the paid subscription payment a
// provider payment (Stripe: payment intent or charge) paid. It does not
// lock it: lock its subscription, then the payment, in that order.
func (tx *Tx) SubscriptionPaymentByPaymentRef(ctx context.Context, provider, ref string) (*SubscriptionPayment, error) {
	if ref == "" {
		return nil, ErrNotFound
	}
	return scanSubPayment(tx.tx.QueryRowContext(ctx, `SELECT `+subPaymentColumns+` FROM subscription_payments p
		JOIN subscriptions s ON s.id = p.subscription_id
		WHERE s.provider = $1 AND p.payment_ref = $2 AND p.status = 'paid' ORDER BY p.id LIMIT 1`, provider, ref))
}

// SetSubscriptionPaymentRef records what paid an invoice (the invoice's
// provider id); false means no paid payment of that invoice is recorded
// yet.
func (tx *Tx) SetSubscriptionPaymentRef(ctx context.Context, provider, invoiceRef, paymentRef string) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE subscription_payments SET payment_ref = $3 WHERE status = 'paid' AND provider_ref = $2
		AND subscription_id IN (SELECT id FROM subscriptions WHERE provider = $1)`, provider, invoiceRef, paymentRef)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

const subRefundColumns = `id, payment_id, amount_cents, status, provider_ref, reason, request_key, after_close, ended_access, created_by, created_at`

func scanSubRefund(row interface{ Scan(...any) error }) (*SubscriptionRefund, error) {
	var r SubscriptionRefund
	var by sql.NullInt64
	err := row.Scan(&r.ID, &r.PaymentID, &r.AmountCents, &r.Status, &r.ProviderRef, &r.Reason, &r.Key, &r.AfterClose, &r.EndedAccess, &by, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if by.Valid {
		r.CreatedBy = &by.Int64
	}
	return &r, err
}

// SubscriptionRefundByKey finds the refund an admin request with this key
// made of a payment (ErrNotFound: none).
func (tx *Tx) SubscriptionRefundByKey(ctx context.Context, paymentID int64, key string) (*SubscriptionRefund, error) {
	return scanSubRefund(tx.tx.QueryRowContext(ctx, `SELECT `+subRefundColumns+` FROM subscription_refunds WHERE payment_id = $1 AND request_key = $2`,
		paymentID, key))
}

// AddSubscriptionRefund records a refund of a paid payment (pending or
// done) and adds it to the payment's refunded amount; the caller holds the
// payment's lock (LockSubscriptionPayment). A refund larger than what is
// left, or on a payment that was not paid, is ErrConflict.
func (tx *Tx) AddSubscriptionRefund(ctx context.Context, r SubscriptionRefund) (*SubscriptionRefund, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE subscription_payments SET refunded_cents = refunded_cents + $2
		WHERE id = $1 AND status = 'paid' AND refunded_cents + $2 <= amount_cents`, r.PaymentID, r.AmountCents)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 || r.AmountCents <= 0 {
		return nil, ErrConflict
	}
	var id int64
	err = tx.tx.QueryRowContext(ctx, `INSERT INTO subscription_refunds (payment_id, amount_cents, status, provider_ref, reason, request_key,
		after_close, ended_access, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		r.PaymentID, r.AmountCents, r.Status, r.ProviderRef, r.Reason, r.Key, r.AfterClose, r.EndedAccess, r.CreatedBy, now()).Scan(&id)
	if isUniqueViolation(err) {
		return nil, ErrConflict
	}
	if err != nil {
		return nil, err
	}
	return scanSubRefund(tx.tx.QueryRowContext(ctx, `SELECT `+subRefundColumns+` FROM subscription_refunds WHERE id = $1`, id))
}

// FinishSubscriptionRefund marks a pending refund done with the
// provider's reference, and whether its month had closed by then; false
// means it was not pending (finished by a concurrent retry, or taken back).
func (tx *Tx) FinishSubscriptionRefund(ctx context.Context, id int64, providerRef string, afterClose, endedAccess bool) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE subscription_refunds SET status = 'done', provider_ref = $2, after_close = $3, ended_access = $4
		WHERE id = $1 AND status = 'pending'`, id, providerRef, afterClose, endedAccess)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CancelSubscriptionRefund takes back a pending refund the provider did
// not make: the row goes and the payment's refunded amount drops again.
func (tx *Tx) CancelSubscriptionRefund(ctx context.Context, id int64) error {
	var payment, amount int64
	err := tx.tx.QueryRowContext(ctx, `DELETE FROM subscription_refunds WHERE id = $1 AND status = 'pending' RETURNING payment_id, amount_cents`, id).
		Scan(&payment, &amount)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.tx.ExecContext(ctx, `UPDATE subscription_payments SET refunded_cents = refunded_cents - $2 WHERE id = $1`, payment, amount)
	return err
}

// PoolMonthClosed reports whether a month's subscription revenue in a
// currency has been closed and split.
func (tx *Tx) PoolMonthClosed(ctx context.Context, month, currency string) (bool, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pool_months WHERE month = $1 AND currency = $2`, month, currency).Scan(&n)
	return n > 0, err
}

// UserSubscriptionPayments lists the paid and failed payments of all a
// user's subscriptions, newest first, with each one's provider.
func (db *DB) UserSubscriptionPayments(ctx context.Context, userID int64) ([]SubscriptionPayment, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+subPaymentColumns+`, s.provider FROM subscription_payments p
		JOIN subscriptions s ON s.id = p.subscription_id WHERE s.user_id = $1 ORDER BY p.occurred_at DESC, p.id DESC LIMIT 200`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SubscriptionPayment
	for rows.Next() {
		var provider string
		p, err := scanSubPayment(rows, &provider)
		if err != nil {
			return nil, err
		}
		p.Provider = provider
		out = append(out, *p)
	}
	return out, rows.Err()
}

// UserSubscriptionRefunds lists the refunds (done and pending) of a
// user's subscription payments, oldest first.
func (db *DB) UserSubscriptionRefunds(ctx context.Context, userID int64) ([]SubscriptionRefund, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, r.payment_id, r.amount_cents, r.status, r.provider_ref, r.reason, r.request_key,
		r.after_close, r.ended_access, r.created_by, r.created_at FROM subscription_refunds r
		JOIN subscription_payments p ON p.id = r.payment_id JOIN subscriptions s ON s.id = p.subscription_id
		WHERE s.user_id = $1 ORDER BY r.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SubscriptionRefund
	for rows.Next() {
		r, err := scanSubRefund(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// LockMonthRevenue sums, per currency, the subscription payments made in
// [from, to) net of their done refunds, and locks those payments
// (PostgreSQL; SQLite has one writer) until the transaction ends: a
// refund of one of them waits for the month to be closed, and the
// closing waits for a refund under way, so the closed figures and the
// refunds recorded always agree. A pending refund (the provider not yet
// answered) still counts as revenue.
func (tx *Tx) LockMonthRevenue(ctx context.Context, from, to time.Time) (map[string]int64, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT p.id, p.currency, p.amount_cents, p.refunded_cents FROM subscription_payments p
		WHERE p.status = 'paid' AND p.occurred_at >= $1 AND p.occurred_at < $2 ORDER BY p.id`+tx.forUpdate(), from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for rows.Next() {
		var id, amount, refunded int64
		var cur string
		if err := rows.Scan(&id, &cur, &amount, &refunded); err != nil {
			rows.Close()
			return nil, err
		}
		out[cur] += amount - refunded
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.tx.QueryContext(ctx, `SELECT p.currency, SUM(r.amount_cents) FROM subscription_refunds r JOIN subscription_payments p ON p.id = r.payment_id
		WHERE r.status = 'pending' AND p.status = 'paid' AND p.occurred_at >= $1 AND p.occurred_at < $2 GROUP BY p.currency`, from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cur string
		var n int64
		if err := rows.Scan(&cur, &n); err != nil {
			return nil, err
		}
		out[cur] += n
	}
	return out, rows.Err()
}
