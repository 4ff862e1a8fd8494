package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AddWatchTime adds seconds a subscriber watched of an opted-in course in
// a month (YYYY-MM, UTC).
func (tx *Tx) AddWatchTime(ctx context.Context, userID, courseID int64, month string, seconds float64) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO watch_time (user_id, course_id, month, seconds) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, course_id, month) DO UPDATE SET seconds = watch_time.seconds + excluded.seconds`,
		userID, courseID, month, seconds)
	return err
}

// InstructorSeconds is how long subscribers watched one instructor's
// opted-in courses in a month.
type InstructorSeconds struct {
	InstructorID int64
	Seconds      float64
}

// WatchSeconds sums a month's subscriber watch time per instructor, by
// instructor id.
func (db *DB) WatchSeconds(ctx context.Context, month string) ([]InstructorSeconds, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT c.instructor_id, SUM(w.seconds) FROM watch_time w JOIN courses c ON c.id = w.course_id
		WHERE w.month = $1 GROUP BY c.instructor_id ORDER BY c.instructor_id`, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InstructorSeconds
	for rows.Next() {
		var s InstructorSeconds
		if err := rows.Scan(&s.InstructorID, &s.Seconds); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PoolMonth is a closed month of subscription revenue in one currency.
type PoolMonth struct {
	Month         string
	Currency      string
	RevenueCents  int64
	PlatformCents int64
	PoolCents     int64
	Seconds       float64
	ClosedAt      time.Time
}

// PoolShare is one instructor's part of a month's pool.
type PoolShare struct {
	Month        string
	Currency     string
	InstructorID int64
	Seconds      float64
	AmountCents  int64
	ClosedAt     time.Time // filled by reads
}

// ClosePoolMonth records a month's split once; false means the month was
// already closed (and nothing was written).
func (tx *Tx) ClosePoolMonth(ctx context.Context, m PoolMonth, shares []PoolShare) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO pool_months (month, currency, revenue_cents, platform_cents, pool_cents, seconds, closed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (month, currency) DO NOTHING`,
		m.Month, m.Currency, m.RevenueCents, m.PlatformCents, m.PoolCents, m.Seconds, now())
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	for _, s := range shares {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO pool_shares (month, currency, instructor_id, seconds, amount_cents) VALUES ($1, $2, $3, $4, $5)`,
			m.Month, m.Currency, s.InstructorID, s.Seconds, s.AmountCents); err != nil {
			return false, err
		}
	}
	return true, nil
}

// PoolMonths lists the closed months' totals, newest first.
func (db *DB) PoolMonths(ctx context.Context) ([]PoolMonth, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT month, currency, revenue_cents, platform_cents, pool_cents, seconds, closed_at FROM pool_months
		ORDER BY month DESC, currency`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PoolMonth
	for rows.Next() {
		var m PoolMonth
		if err := rows.Scan(&m.Month, &m.Currency, &m.RevenueCents, &m.PlatformCents, &m.PoolCents, &m.Seconds, &m.ClosedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// InstructorPoolShares lists an instructor's shares of closed months,
// newest first.
func (db *DB) InstructorPoolShares(ctx context.Context, instructorID int64) ([]PoolShare, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT s.month, s.currency, s.instructor_id, s.seconds, s.amount_cents, m.closed_at
		FROM pool_shares s JOIN pool_months m ON m.month = s.month AND m.currency = s.currency
		WHERE s.instructor_id = $1 ORDER BY s.month DESC, s.currency`, instructorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PoolShare
	for rows.Next() {
		var s PoolShare
		if err := rows.Scan(&s.Month, &s.Currency, &s.InstructorID, &s.Seconds, &s.AmountCents, &s.ClosedAt); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// InstructorWatchSeconds is an instructor's subscriber watch time in a
// month not yet closed (what the pool will be split by).
func (db *DB) InstructorWatchSeconds(ctx context.Context, instructorID int64, month string) (float64, error) {
	var s float64
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(w.seconds), 0) FROM watch_time w JOIN courses c ON c.id = w.course_id
		WHERE w.month = $1 AND c.instructor_id = $2`, month, instructorID).Scan(&s)
	return s, err
}

// FirstSubscriptionPayment is when the first subscription payment was
// made (nil: none yet); months are closed from its month on.
func (db *DB) FirstSubscriptionPayment(ctx context.Context) (*time.Time, error) {
	// ORDER BY rather than MIN: SQLite's MIN returns text, not a time.
	var t sql.NullTime
	err := db.read.QueryRowContext(ctx, `SELECT occurred_at FROM subscription_payments WHERE status = 'paid' ORDER BY occurred_at LIMIT 1`).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return nullTime(t), err
}
