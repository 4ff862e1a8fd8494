package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Subscription statuses, as the subscriber sees them.
const (
	SubIncomplete = "incomplete" // checkout started, nothing paid yet
	SubTrialing   = "trialing"
	SubActive     = "active"
	SubPastDue    = "past_due" // a renewal failed; access kept through the grace period
	SubCanceling  = "canceled" // canceled at period end; access until then
	SubEnded      = "ended"
)

// Plan is a subscription plan with its prices per interval.
type Plan struct {
	ID           int64
	Code         string
	Name         string
	Currency     string
	MonthlyCents int64
	YearlyCents  int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Subscription is one subscriber's plan at one provider. Its status and
// access_until are derived by the commerce service from the other fields.
type Subscription struct {
	ID                int64
	UserID            int64
	PlanID            int64
	PlanCode          string
	Interval          string // month or year
	Provider          string
	ProviderRef       string
	CustomerRef       string
	Status            string
	AmountCents       int64
	Currency          string
	TrialEnd          *time.Time
	PeriodStart       *time.Time
	PaidThrough       *time.Time
	LastPaidAt        *time.Time
	LastFailedAt      *time.Time
	CancelAtPeriodEnd bool
	CancelChangedAt   *time.Time
	EndedAt           *time.Time
	AccessUntil       *time.Time
	FailNext          bool // built-in provider: the next renewal fails
	Version           int
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// SubscriptionPayment is one invoice of a subscription, paid or failed.
type SubscriptionPayment struct {
	ID             int64
	SubscriptionID int64
	ProviderRef    string // the invoice
	PaymentRef     string // what paid it at the provider (Stripe: payment intent or charge), when known
	Provider       string // filled by UserSubscriptionPayments
	Status         string // paid or failed
	AmountCents    int64
	RefundedCents  int64
	Currency       string
	PeriodStart    *time.Time
	PeriodEnd      *time.Time
	OccurredAt     time.Time
}

// UpsertPlan creates the plan with p's code or changes its name and prices.
func (tx *Tx) UpsertPlan(ctx context.Context, p Plan) (*Plan, error) {
	t := now()
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO plans (code, name, currency, monthly_cents, yearly_cents, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, currency = excluded.currency, monthly_cents = excluded.monthly_cents,
		yearly_cents = excluded.yearly_cents, updated_at = excluded.updated_at`, p.Code, p.Name, p.Currency, p.MonthlyCents, p.YearlyCents, t)
	if err != nil {
		return nil, err
	}
	return scanPlan(tx.tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE code = $1`, p.Code))
}

const planColumns = `id, code, name, currency, monthly_cents, yearly_cents, created_at, updated_at`

func scanPlan(row interface{ Scan(...any) error }) (*Plan, error) {
	var p Plan
	err := row.Scan(&p.ID, &p.Code, &p.Name, &p.Currency, &p.MonthlyCents, &p.YearlyCents, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &p, err
}

// Plans lists every plan, by code.
func (db *DB) Plans(ctx context.Context) ([]*Plan, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+planColumns+` FROM plans ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PlanByCode finds a plan.
func (db *DB) PlanByCode(ctx context.Context, code string) (*Plan, error) {
	return scanPlan(db.read.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE code = $1`, code))
}

// SetInSubscription opts a course into the subscription (or out of it).
func (tx *Tx) SetInSubscription(ctx context.Context, courseID int64, in bool) error {
	var err error
	if in {
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO subscription_courses (course_id, created_at) VALUES ($1, $2) ON CONFLICT (course_id) DO NOTHING`, courseID, now())
	} else {
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM subscription_courses WHERE course_id = $1`, courseID)
	}
	return err
}

// InSubscription reports whether a course is opted into the subscription.
func (db *DB) InSubscription(ctx context.Context, courseID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM subscription_courses WHERE course_id = $1`, courseID).Scan(&n)
	return n > 0, err
}

const subColumns = `s.id, s.user_id, s.plan_id, p.code, s.interval, s.provider, s.provider_ref, s.customer_ref, s.status, s.amount_cents,
	s.currency, s.trial_end, s.period_start, s.paid_through, s.last_paid_at, s.last_failed_at, s.cancel_at_period_end, s.cancel_changed_at,
	s.ended_at, s.access_until, s.fail_next, s.version, s.created_at, s.updated_at`

const subFrom = ` FROM subscriptions s JOIN plans p ON p.id = s.plan_id `

func scanSub(row interface{ Scan(...any) error }) (*Subscription, error) {
	var s Subscription
	var trial, start, paid, lastPaid, lastFailed, cancelAt, ended, until sql.NullTime
	err := row.Scan(&s.ID, &s.UserID, &s.PlanID, &s.PlanCode, &s.Interval, &s.Provider, &s.ProviderRef, &s.CustomerRef, &s.Status, &s.AmountCents,
		&s.Currency, &trial, &start, &paid, &lastPaid, &lastFailed, &s.CancelAtPeriodEnd, &cancelAt, &ended, &until, &s.FailNext, &s.Version,
		&s.CreatedAt, &s.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	s.TrialEnd, s.PeriodStart, s.PaidThrough, s.LastPaidAt = nullTime(trial), nullTime(start), nullTime(paid), nullTime(lastPaid)
	s.LastFailedAt, s.CancelChangedAt, s.EndedAt, s.AccessUntil = nullTime(lastFailed), nullTime(cancelAt), nullTime(ended), nullTime(until)
	return &s, err
}

// CreateSubscription inserts a subscription unless one with its provider
// reference exists; either way it returns the stored one, locked for the
// rest of the transaction on PostgreSQL.
func (tx *Tx) CreateSubscription(ctx context.Context, s Subscription) (*Subscription, error) {
	t := now()
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO subscriptions (user_id, plan_id, interval, provider, provider_ref, customer_ref, status,
		amount_cents, currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
		ON CONFLICT (provider, provider_ref) DO NOTHING`,
		s.UserID, s.PlanID, s.Interval, s.Provider, s.ProviderRef, s.CustomerRef, s.Status, s.AmountCents, s.Currency, t)
	if err != nil {
		return nil, err
	}
	return tx.SubscriptionByRef(ctx, s.Provider, s.ProviderRef)
}

// SubscriptionByRef finds a subscription by its provider's id and locks it
// (PostgreSQL) so concurrent events about it apply one after the other.
func (tx *Tx) SubscriptionByRef(ctx context.Context, provider, ref string) (*Subscription, error) {
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE OF s"
	}
	return scanSub(tx.tx.QueryRowContext(ctx, `SELECT `+subColumns+subFrom+`WHERE s.provider = $1 AND s.provider_ref = $2`+lock, provider, ref))
}

// SaveSubscription writes a subscription's state and counts the change.
func (tx *Tx) SaveSubscription(ctx context.Context, s *Subscription) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE subscriptions SET status = $2, customer_ref = $3, amount_cents = $4, currency = $5, trial_end = $6,
		period_start = $7, paid_through = $8, last_paid_at = $9, last_failed_at = $10, cancel_at_period_end = $11, cancel_changed_at = $12,
		ended_at = $13, access_until = $14, fail_next = $15, version = version + 1, updated_at = $16 WHERE id = $1`,
		s.ID, s.Status, s.CustomerRef, s.AmountCents, s.Currency, utcPtr(s.TrialEnd), utcPtr(s.PeriodStart), utcPtr(s.PaidThrough),
		utcPtr(s.LastPaidAt), utcPtr(s.LastFailedAt), s.CancelAtPeriodEnd, utcPtr(s.CancelChangedAt), utcPtr(s.EndedAt), utcPtr(s.AccessUntil),
		s.FailNext, now())
	if err == nil {
		s.Version++
	}
	return err
}

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// SubscriptionByID reads a subscription.
func (db *DB) SubscriptionByID(ctx context.Context, id int64) (*Subscription, error) {
	return scanSub(db.read.QueryRowContext(ctx, `SELECT `+subColumns+subFrom+`WHERE s.id = $1`, id))
}

// UserSubscription is a user's newest subscription (ErrNotFound: none).
func (db *DB) UserSubscription(ctx context.Context, userID int64) (*Subscription, error) {
	return scanSub(db.read.QueryRowContext(ctx, `SELECT `+subColumns+subFrom+`WHERE s.user_id = $1 ORDER BY s.id DESC LIMIT 1`, userID))
}

// HasSubscriptionAccess reports whether a user has a subscription giving
// access at time at.
func (db *DB) HasSubscriptionAccess(ctx context.Context, userID int64, at time.Time) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM subscriptions WHERE user_id = $1 AND ended_at IS NULL AND access_until > $2`,
		userID, at.UTC()).Scan(&n)
	return n > 0, err
}

// DueLocalSubscriptions lists built-in provider subscriptions whose paid
// period or grace period is over at time at: they renew, fail or end.
func (db *DB) DueLocalSubscriptions(ctx context.Context, at time.Time) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM subscriptions WHERE provider = 'local' AND ended_at IS NULL
		AND paid_through IS NOT NULL AND (paid_through <= $1 OR access_until <= $1) ORDER BY id`, at.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// LockSubscription reads a subscription inside the transaction, locked on
// PostgreSQL.
func (tx *Tx) LockSubscription(ctx context.Context, id int64) (*Subscription, error) {
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE OF s"
	}
	return scanSub(tx.tx.QueryRowContext(ctx, `SELECT `+subColumns+subFrom+`WHERE s.id = $1`+lock, id))
}

// RecordSubscriptionPayment stores a paid or failed invoice once; false
// means it was recorded before.
func (tx *Tx) RecordSubscriptionPayment(ctx context.Context, p SubscriptionPayment) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO subscription_payments (subscription_id, provider_ref, status, amount_cents, currency,
		period_start, period_end, occurred_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (subscription_id, provider_ref, status) DO NOTHING`,
		p.SubscriptionID, p.ProviderRef, p.Status, p.AmountCents, p.Currency, utcPtr(p.PeriodStart), utcPtr(p.PeriodEnd), p.OccurredAt.UTC(), now())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	if p.PaymentRef != "" && p.Status == "paid" {
		if _, err := tx.tx.ExecContext(ctx, `UPDATE subscription_payments SET payment_ref = $3 WHERE subscription_id = $1 AND provider_ref = $2
			AND status = 'paid' AND payment_ref = ''`, p.SubscriptionID, p.ProviderRef, p.PaymentRef); err != nil {
			return false, err
		}
	}
	return n == 1, nil
}

// SubscriptionPayments lists a subscription's payments, oldest first.
func (db *DB) SubscriptionPayments(ctx context.Context, subscriptionID int64) ([]SubscriptionPayment, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+subPaymentColumns+` FROM subscription_payments p WHERE p.subscription_id = $1
		ORDER BY p.occurred_at, p.id`, subscriptionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SubscriptionPayment
	for rows.Next() {
		p, err := scanSubPayment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// SubscriptionCourseIDs lists the public (published or unlisted) courses
// opted into the subscription, by id.
func (db *DB) SubscriptionCourseIDs(ctx context.Context) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT sc.course_id FROM subscription_courses sc JOIN courses c ON c.id = sc.course_id
		WHERE c.status IN ('published', 'unlisted') ORDER BY sc.course_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
