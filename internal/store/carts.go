package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AddToCart puts a course in a user's cart (idempotent).
func (db *DB) AddToCart(ctx context.Context, userID, courseID int64) error {
	var exists bool
	if err := db.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM cart_items WHERE user_id = $1 AND course_id = $2)`, userID, courseID).Scan(&exists); err != nil || exists {
		return err
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO cart_items (user_id, course_id, added_at) VALUES ($1, $2, $3)`, userID, courseID, now())
	if isUniqueViolation(err) {
		return nil
	}
	return err
}

// RemoveFromCart takes courses out of a user's cart.
func (tx *Tx) RemoveFromCart(ctx context.Context, userID int64, courseIDs ...int64) error {
	for _, c := range courseIDs {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM cart_items WHERE user_id = $1 AND course_id = $2`, userID, c); err != nil {
			return err
		}
	}
	return nil
}

// Cart lists the courses in a user's cart, oldest first.
func (db *DB) Cart(ctx context.Context, userID int64) ([]*Course, error) {
	return db.queryCourses(ctx, `SELECT `+courseColumns+courseFrom+`JOIN cart_items ci ON ci.course_id = c.id
		WHERE ci.user_id = $1 ORDER BY ci.added_at, c.id`, userID)
}

// Coupon is a discount code.
type Coupon struct {
	ID             int64
	Code           string
	CourseID       *int64
	CreatedBy      int64
	PercentOff     *int
	AmountOffCents *int64
	Currency       string
	MaxRedemptions *int
	Redemptions    int
	ExpiresAt      *time.Time
	CreatedAt      time.Time
	// DisabledAt is when the coupon was switched off; checkout refuses it.
	DisabledAt *time.Time
}

const couponColumns = `id, code, course_id, created_by, percent_off, amount_off_cents, currency, max_redemptions, redemptions, expires_at, created_at, disabled_at`

func scanCoupon(row interface{ Scan(...any) error }) (*Coupon, error) {
	var c Coupon
	var course, amount sql.NullInt64
	var percent, max sql.NullInt32
	var exp, disabled sql.NullTime
	err := row.Scan(&c.ID, &c.Code, &course, &c.CreatedBy, &percent, &amount, &c.Currency, &max, &c.Redemptions, &exp, &c.CreatedAt, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if course.Valid {
		c.CourseID = &course.Int64
	}
	if amount.Valid {
		c.AmountOffCents = &amount.Int64
	}
	if percent.Valid {
		p := int(percent.Int32)
		c.PercentOff = &p
	}
	if max.Valid {
		m := int(max.Int32)
		c.MaxRedemptions = &m
	}
	c.ExpiresAt = nullTime(exp)
	c.DisabledAt = nullTime(disabled)
	return &c, nil
}

// CreateCoupon stores a coupon; ErrConflict when the code exists.
func (tx *Tx) CreateCoupon(ctx context.Context, c Coupon) (*Coupon, error) {
	var exp *time.Time
	if c.ExpiresAt != nil {
		t := c.ExpiresAt.UTC()
		exp = &t
	}
	out, err := scanCoupon(tx.tx.QueryRowContext(ctx, `INSERT INTO coupons (code, course_id, created_by, percent_off, amount_off_cents, currency, max_redemptions, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING `+couponColumns,
		c.Code, c.CourseID, c.CreatedBy, c.PercentOff, c.AmountOffCents, c.Currency, c.MaxRedemptions, exp, now()))
	if isUniqueViolation(err) {
		return nil, ErrConflict
	}
	return out, err
}

// CouponByCode finds a coupon by its (upper-case) code inside tx.
func (tx *Tx) CouponByCode(ctx context.Context, code string) (*Coupon, error) {
	return scanCoupon(tx.tx.QueryRowContext(ctx, `SELECT `+couponColumns+` FROM coupons WHERE code = $1`, code))
}

// CouponsForCourse lists a course's coupons.
func (db *DB) CouponsForCourse(ctx context.Context, courseID int64) ([]*Coupon, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+couponColumns+` FROM coupons WHERE course_id = $1 ORDER BY id DESC`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Coupon
	for rows.Next() {
		c, err := scanCoupon(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RedeemCoupon takes one redemption, atomically: of two buyers racing for
// the last one, exactly one gets true.
func (tx *Tx) RedeemCoupon(ctx context.Context, id int64) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE coupons SET redemptions = redemptions + 1
		WHERE id = $1 AND disabled_at IS NULL AND (max_redemptions IS NULL OR redemptions < max_redemptions)`, id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CouponByID finds a coupon by its id.
func (db *DB) CouponByID(ctx context.Context, id int64) (*Coupon, error) {
	return scanCoupon(db.read.QueryRowContext(ctx, `SELECT `+couponColumns+` FROM coupons WHERE id = $1`, id))
}

// DisableCoupon switches a coupon off (once; a second call keeps the first
// time) and returns it.
func (tx *Tx) DisableCoupon(ctx context.Context, id int64) (*Coupon, error) {
	return scanCoupon(tx.tx.QueryRowContext(ctx, `UPDATE coupons SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1 RETURNING `+couponColumns, id, now()))
}

// ReleaseCoupon gives back a redemption of an order that was not paid.
func (tx *Tx) ReleaseCoupon(ctx context.Context, id int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE coupons SET redemptions = redemptions - 1 WHERE id = $1 AND redemptions > 0`, id)
	return err
}

// StalePendingOrders lists pending orders created before t.
func (db *DB) StalePendingOrders(ctx context.Context, before time.Time) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM orders WHERE status = 'pending' AND created_at < $1`, before.UTC())
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
