package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestCart(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		a := mkCourse(t, db, ins.ID, "A", 100, store.CoursePublished)
		b := mkCourse(t, db, ins.ID, "B", 200, store.CoursePublished)
		for _, id := range []int64{a.ID, b.ID, a.ID} {
			if err := db.AddToCart(ctx, stu.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		cart, err := db.Cart(ctx, stu.ID)
		if err != nil || len(cart) != 2 || cart[0].ID != a.ID || cart[1].ID != b.ID {
			t.Fatalf("Cart = %v, %v; want A then B once each", titles(cart), err)
		}
		if other, _ := db.Cart(ctx, ins.ID); len(other) != 0 {
			t.Errorf("another user's cart = %v", titles(other))
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.RemoveFromCart(ctx, stu.ID, a.ID, 999999) })
		if cart, _ := db.Cart(ctx, stu.ID); len(cart) != 1 || cart[0].ID != b.ID {
			t.Errorf("Cart after removing A = %v", titles(cart))
		}
	})
}

func TestCoupons(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Coupons", 1000, store.CoursePublished)
		exp := time.Now().Add(24 * time.Hour)
		var once, site *store.Coupon
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			once, err = tx.CreateCoupon(ctx, store.Coupon{Code: "ONCE", CourseID: &c.ID, CreatedBy: ins.ID, PercentOff: ptr(25), MaxRedemptions: ptr(1), ExpiresAt: &exp})
			if err != nil {
				return err
			}
			site, err = tx.CreateCoupon(ctx, store.Coupon{Code: "SITE", CreatedBy: ins.ID, AmountOffCents: ptr(int64(300)), Currency: "USD"})
			return err
		})
		if *once.PercentOff != 25 || once.AmountOffCents != nil || *once.MaxRedemptions != 1 || once.ExpiresAt == nil || *once.CourseID != c.ID {
			t.Errorf("CreateCoupon = %+v", once)
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateCoupon(ctx, store.Coupon{Code: "ONCE", CreatedBy: ins.ID, PercentOff: ptr(10)})
			return err
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate code: %v, want ErrConflict", err)
		}
		if got, err := db.CouponsForCourse(ctx, c.ID); err != nil || len(got) != 1 || got[0].ID != once.ID {
			t.Errorf("CouponsForCourse = %+v, %v; the site-wide coupon is not the course's", got, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.CouponByCode(ctx, "SITE")
			if err != nil || got.ID != site.ID || *got.AmountOffCents != 300 || got.CourseID != nil || got.MaxRedemptions != nil {
				t.Errorf("CouponByCode = %+v, %v", got, err)
			}
			if _, err := tx.CouponByCode(ctx, "NOPE"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown code: %v", err)
			}
			if ok, err := tx.RedeemCoupon(ctx, once.ID); err != nil || !ok {
				t.Errorf("first RedeemCoupon = %v, %v", ok, err)
			}
			if ok, err := tx.RedeemCoupon(ctx, once.ID); err != nil || ok {
				t.Errorf("RedeemCoupon past its limit = %v, %v", ok, err)
			}
			if err := tx.ReleaseCoupon(ctx, once.ID); err != nil {
				return err
			}
			if ok, err := tx.RedeemCoupon(ctx, once.ID); err != nil || !ok {
				t.Errorf("RedeemCoupon after a release = %v, %v", ok, err)
			}
			for range 3 { // no limit
				if ok, err := tx.RedeemCoupon(ctx, site.ID); err != nil || !ok {
					t.Errorf("RedeemCoupon without a limit = %v, %v", ok, err)
				}
			}
			return nil
		})
		inTx(t, db, func(tx *store.Tx) error {
			if got, _ := tx.CouponByCode(ctx, "SITE"); got.Redemptions != 3 {
				t.Errorf("redemptions = %d, want 3", got.Redemptions)
			}
			return nil
		})
		// A disabled coupon keeps its redemptions and can no longer be redeemed.
		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.DisableCoupon(ctx, site.ID)
			if err != nil || got.DisabledAt == nil || got.Redemptions != 3 {
				t.Errorf("DisableCoupon = %+v, %v", got, err)
			}
			if ok, err := tx.RedeemCoupon(ctx, site.ID); err != nil || ok {
				t.Errorf("RedeemCoupon of a disabled coupon = %v, %v", ok, err)
			}
			if _, err := tx.DisableCoupon(ctx, 1<<40); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("DisableCoupon of no coupon: %v", err)
			}
			return nil
		})
		if got, err := db.CouponByID(ctx, site.ID); err != nil || got.DisabledAt == nil || got.Code != "SITE" {
			t.Errorf("CouponByID = %+v, %v", got, err)
		}
		if _, err := db.CouponByID(ctx, 1<<40); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("CouponByID of no coupon: %v", err)
		}
	})
}
