package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
)

// shop is a setup with an instructor, a paid course and a student.
type shop struct {
	*env
	teacher, student account
	paid, free       string
}

func newShop(t *testing.T, target testdb.Target, opts ...func(*config.Config)) *shop {
	e := setup(t, target, "", opts...)
	s := &shop{env: e}
	s.teacher = e.instructor("teach@x.io", "Teacher")
	s.student = e.register("stu@x.io", "student pass 42", "Stu")
	s.paid = e.publishedCourse(s.teacher, map[string]any{"title": "Paid Course", "price_cents": 1999, "currency": "USD"})
	s.free = e.publishedCourse(s.teacher, map[string]any{"title": "Free Course"})
	return s
}

func (s *shop) enrolled(a account, course string) bool {
	r := s.do(req{Method: "GET", Path: "/api/v1/courses/" + course, Token: a.Access}).expect(s.t, 200)
	return r.JSON["enrolled"] == true
}

func (s *shop) checkout(a account, body map[string]any) resp {
	return s.do(req{Method: "POST", Path: "/api/v1/checkout", Token: a.Access, Body: body})
}

func TestLocalPurchase(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		// The cart.
		s.do(req{Method: "POST", Path: "/api/v1/cart/items", Token: s.student.Access, Body: map[string]any{"course_id": s.free}}).expect(t, 409)
		s.do(req{Method: "POST", Path: "/api/v1/cart/items", Token: s.teacher.Access, Body: map[string]any{"course_id": s.paid}}).expect(t, 409)
		cart := s.do(req{Method: "POST", Path: "/api/v1/cart/items", Token: s.student.Access, Body: map[string]any{"course_id": s.paid}}).expect(t, 201)
		if items := cart.JSON["items"].([]any); len(items) != 1 {
			t.Fatalf("cart = %s", cart.Body)
		}
		if tot := cart.JSON["totals"].([]any)[0].(map[string]any); tot["amount_cents"] != float64(1999) || tot["currency"] != "USD" {
			t.Errorf("totals = %v", tot)
		}

		// Checkout: a pending order priced now; later price changes do not touch it.
		co := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201)
		oid := co.str("order_id")
		if !strings.Contains(co.str("checkout_url"), "/checkout/test/"+oid) {
			t.Errorf("checkout_url = %q", co.str("checkout_url"))
		}
		s.do(req{Method: "PATCH", Path: "/api/v1/courses/" + s.paid, Token: s.teacher.Access, Body: map[string]any{"price_cents": 4999}}).expect(t, 200)
		if s.enrolled(s.student, s.paid) {
			t.Fatal("enrolled before paying")
		}
		other := s.register("other@x.io", "student pass 43", "Other")
		s.do(req{Method: "GET", Path: "/api/v1/orders/" + oid, Token: other.Access}).expect(t, 404)
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/test-payment", Token: other.Access, Body: map[string]string{"action": "pay"}}).expect(t, 404)

		paid := s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/test-payment", Token: s.student.Access, Body: map[string]string{"action": "pay"}}).expect(t, 200)
		if paid.str("status") != "paid" || paid.JSON["total_cents"] != float64(1999) || paid.JSON["paid_at"] == nil {
			t.Errorf("order = %s", paid.Body)
		}
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/test-payment", Token: s.student.Access, Body: map[string]string{"action": "pay"}}).expect(t, 409)
		if !s.enrolled(s.student, s.paid) {
			t.Fatal("not enrolled after paying")
		}
		if c := s.do(req{Method: "GET", Path: "/api/v1/cart/items", Token: s.student.Access}).expect(t, 200); len(c.JSON["items"].([]any)) != 0 {
			t.Errorf("cart after paying = %s", c.Body)
		}
		list := s.do(req{Method: "GET", Path: "/api/v1/orders", Token: s.student.Access}).expect(t, 200)
		if items := list.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["refundable"] != true {
			t.Errorf("orders = %s", list.Body)
		}
		// Buying again is refused; so is enrolling in the paid course for free.
		s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}}).expect(t, 422)
		s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.paid + "/enroll", Token: other.Access}).expect(t, 409)

		// Revenue: 70% to the instructor.
		rev := s.do(req{Method: "GET", Path: "/api/v1/instructor/revenue", Token: s.teacher.Access}).expect(t, 200)
		tot := rev.JSON["totals"].([]any)
		if len(tot) != 1 || tot[0].(map[string]any)["gross_cents"] != float64(1999) || tot[0].(map[string]any)["earnings_cents"] != float64(1399) {
			t.Errorf("revenue = %s", rev.Body)
		}

		// Refund: access ends at once; revenue nets it out.
		ref := s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access, Body: map[string]string{"reason": "changed my mind"}}).expect(t, 200)
		if ref.str("status") != "refunded" || ref.JSON["refunded_cents"] != float64(1999) {
			t.Errorf("refunded order = %s", ref.Body)
		}
		if s.enrolled(s.student, s.paid) {
			t.Error("still enrolled after the refund")
		}
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access}).expect(t, 409)
		rev = s.do(req{Method: "GET", Path: "/api/v1/instructor/revenue", Token: s.teacher.Access}).expect(t, 200)
		if tot := rev.JSON["totals"].([]any)[0].(map[string]any); tot["earnings_cents"] != float64(0) || tot["refunded_cents"] != float64(1399) { // the instructor's 70% of 19.99
			t.Errorf("revenue after refund = %s", rev.Body)
		}

		// Cancelling a checkout grants nothing.
		co = s.checkout(other, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201)
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + co.str("order_id") + "/test-payment", Token: other.Access, Body: map[string]string{"action": "cancel"}}).expect(t, 200)
		if s.enrolled(other, s.paid) {
			t.Error("enrolled after cancelling")
		}
		adm := s.admin()
		all := s.do(req{Method: "GET", Path: "/api/v1/admin/orders", Token: adm.Access}).expect(t, 200)
		if n := len(all.JSON["items"].([]any)); n != 2 {
			t.Errorf("admin sees %d orders", n)
		}
		s.do(req{Method: "GET", Path: "/api/v1/admin/orders", Token: s.student.Access}).expect(t, 403)
	})
}

func TestRefundWindow(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target, func(c *config.Config) { c.RefundWindow = time.Nanosecond })
		oid := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201).str("order_id")
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/test-payment", Token: s.student.Access, Body: map[string]string{"action": "pay"}}).expect(t, 200)
		r := s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access}).expect(t, 403)
		if r.str("code") != "refund_window_passed" {
			t.Errorf("problem = %s", r.Body)
		}
		if !s.enrolled(s.student, s.paid) {
			t.Error("a refused refund revoked access")
		}
		adm := s.admin()
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: adm.Access, Body: map[string]string{"reason": "support ticket 12"}}).expect(t, 200)
		if s.enrolled(s.student, s.paid) {
			t.Error("still enrolled after the admin's refund")
		}
		entries, _ := s.app.DB.AuditEntries(context.Background(), 5)
		if len(entries) == 0 || entries[0].Action != "order.refund" || entries[0].Detail != "support ticket 12" {
			t.Errorf("audit = %+v", entries)
		}
	})
}

func TestCoupons(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		path := "/api/v1/courses/" + s.paid + "/coupons"
		s.do(req{Method: "POST", Path: path, Token: s.student.Access, Body: map[string]any{"code": "FREE", "percent_off": 100}}).expect(t, 403)
		for _, bad := range []map[string]any{
			{"code": "x", "percent_off": 10},
			{"code": "HALF"},
			{"code": "HALF", "percent_off": 10, "amount_off_cents": 100},
			{"code": "HALF", "percent_off": 150},
			{"code": "HALF", "percent_off": 10, "expires_at": "2001-01-01T00:00:00Z"},
			{"code": "HALF", "percent_off": 10, "max_redemptions": 0},
		} {
			s.do(req{Method: "POST", Path: path, Token: s.teacher.Access, Body: bad}).expect(t, 422)
		}
		c := s.do(req{Method: "POST", Path: path, Token: s.teacher.Access, Body: map[string]any{"code": "half", "percent_off": 50, "max_redemptions": 1}}).expect(t, 201)
		if c.str("code") != "HALF" {
			t.Errorf("coupon = %s", c.Body)
		}
		s.do(req{Method: "POST", Path: path, Token: s.teacher.Access, Body: map[string]any{"code": "HALF", "percent_off": 10}}).expect(t, 409)
		s.do(req{Method: "POST", Path: path, Token: s.teacher.Access, Body: map[string]any{"code": "TWO-OFF", "amount_off_cents": 200}}).expect(t, 201)
		if list := s.do(req{Method: "GET", Path: path, Token: s.teacher.Access}).expect(t, 200); len(list.JSON["items"].([]any)) != 2 {
			t.Errorf("coupons = %s", list.Body)
		}
		s.do(req{Method: "GET", Path: path, Token: s.student.Access}).expect(t, 403) // the course is public: its coupons are forbidden, not hidden

		// Unknown and inapplicable codes.
		if r := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}, "coupon": "NOPE"}).expect(t, 422); r.fieldErrors()["coupon"] == "" {
			t.Errorf("unknown coupon: %s", r.Body)
		}
		other := s.publishedCourse(s.teacher, map[string]any{"title": "Other Paid", "price_cents": 999})
		s.checkout(s.student, map[string]any{"course_ids": []string{other}, "coupon": "half"}).expect(t, 422)

		// Ten buyers race for the last redemption: exactly one gets it.
		var buyers []account
		for i := 0; i < 10; i++ {
			buyers = append(buyers, s.register(fmt.Sprintf("b%d@x.io", i), "student pass 42", "B"))
		}
		var wg sync.WaitGroup
		results := make([]resp, len(buyers))
		for i, b := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = s.checkout(b, map[string]any{"course_ids": []string{s.paid}, "coupon": "Half"})
			}()
		}
		wg.Wait()
		won := 0
		for _, r := range results {
			switch r.Status {
			case 201:
				won++
				if r.JSON["order"].(map[string]any)["total_cents"] != float64(1999-999) {
					t.Errorf("discounted order = %s", r.Body)
				}
			case 422:
				if !strings.Contains(r.fieldErrors()["coupon"], "used up") {
					t.Errorf("loser's problem = %s", r.Body)
				}
			default:
				t.Errorf("status %d: %s", r.Status, r.Body)
			}
		}
		if won != 1 {
			t.Errorf("%d buyers got the last redemption, want 1", won)
		}
		// A cancelled order gives its redemption back.
		for _, r := range results {
			if r.Status == 201 {
				oid := r.str("order_id")
				var owner account
				for i, rr := range results {
					if rr.Status == 201 {
						owner = buyers[i]
					}
				}
				s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/test-payment", Token: owner.Access, Body: map[string]string{"action": "cancel"}}).expect(t, 200)
			}
		}
		s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}, "coupon": "HALF"}).expect(t, 201)
		// Fixed amount off.
		r := s.checkout(buyers[0], map[string]any{"course_ids": []string{s.paid}, "coupon": "two-off"}).expect(t, 201)
		if o := r.JSON["order"].(map[string]any); o["total_cents"] != float64(1799) || o["discount_cents"] != float64(200) {
			t.Errorf("amount-off order = %s", r.Body)
		}
	})
}
