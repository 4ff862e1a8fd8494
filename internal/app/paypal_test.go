package app_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lectern/lectern/internal/commerce/paypal"
	"github.com/lectern/lectern/internal/commerce/paypal/paypaltest"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// payPalShop is a shop that offers PayPal, against the local fake of
// PayPal's REST API.
func payPalShop(t *testing.T, target testdb.Target) (*shop, *paypaltest.Server) {
	fake := paypaltest.New(t)
	s := newShop(t, target, func(c *config.Config) {
		c.PayPalClientID, c.PayPalSecret, c.PayPalWebhookID, c.PayPalAPIBase = paypaltest.ClientID, paypaltest.Secret, fake.WebhookID, fake.URL
	})
	s.secrets = append(s.secrets, paypaltest.Secret)
	return s, fake
}

func (s *shop) notify(fake *paypaltest.Server, body []byte, signed bool) int {
	s.t.Helper()
	st, err := fake.Send(s.srv.URL+"/api/v1/webhooks/paypal", body, signed)
	if err != nil {
		s.t.Fatal(err)
	}
	return st
}

func (s *shop) payPalCapture(a account, oid string) resp {
	return s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/paypal-capture", Token: a.Access})
}

// payPalCheckout starts a PayPal checkout of the paid course and returns
// our order id and PayPal's.
func (s *shop) payPalCheckout(a account) (string, string) {
	s.t.Helper()
	co := s.checkout(a, map[string]any{"course_ids": []string{s.paid}, "provider": "paypal"}).expect(s.t, 201)
	o := co.JSON["order"].(map[string]any)
	ref, _ := o["provider_ref"].(string)
	if o["provider"] != "paypal" || ref == "" || !strings.Contains(co.str("checkout_url"), "/checkoutnow?token="+ref) {
		s.t.Fatalf("paypal checkout = %s", co.Body)
	}
	return co.str("order_id"), ref
}

func TestPayPalCheckoutCaptureAndRefund(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s, fake := payPalShop(t, target)
		cart := s.do(req{Method: "POST", Path: "/api/v1/cart/items", Token: s.student.Access, Body: map[string]any{"course_id": s.paid}}).expect(t, 201)
		if p, _ := cart.JSON["payment_providers"].([]any); len(p) != 2 || p[0] != "local" || p[1] != "paypal" {
			t.Errorf("payment_providers = %v", cart.JSON["payment_providers"])
		}
		oid, ref := s.payPalCheckout(s.student)
		po, _ := fake.Order(ref)
		pu := po.PurchaseUnits[0]
		if po.Intent != "CAPTURE" || pu.CustomID != oid || pu.InvoiceID != "lectern.test-"+oid || pu.Amount.Value != "19.99" || pu.Amount.CurrencyCode != "USD" {
			t.Errorf("paypal order = %+v (invoice_id carries this install's prefix, the host of its public address)", po)
		}
		if ret, err := url.Parse(fake.ReturnURL(ref)); err != nil || ret.Host != "lectern.test" || ret.Path != "/checkout/paypal/return" ||
			ret.Query().Get("order") != oid || ret.Query().Get("token") != ref {
			t.Errorf("return url = %s", ret)
		}

		// Back before approving: nothing is captured, the order waits.
		if r := s.payPalCapture(s.student, oid).expect(t, 409); r.str("code") != "payment_not_approved" {
			t.Errorf("capture before approval = %s", r.Body)
		}
		// Only the buyer captures.
		other := s.register("other@x.io", "student pass 42", "Other")
		s.payPalCapture(other, oid).expect(t, 404)
		if s.order(s.student, oid).str("status") != "pending" || s.enrolled(s.student, s.paid) {
			t.Fatal("an unapproved order was fulfilled")
		}

		// Approve, come back: captured and enrolled, once.
		if err := fake.Approve(ref); err != nil {
			t.Fatal(err)
		}
		if o := s.payPalCapture(s.student, oid).expect(t, 200); o.str("status") != "paid" {
			t.Fatalf("after capture: %s", o.Body)
		}
		capture := fake.CaptureID(ref)
		if !s.enrolled(s.student, s.paid) || s.courseEnrollments(s.paid) != 1 || capture == "" {
			t.Fatal("the capture did not enroll the buyer")
		}
		// The page reloaded, then PayPal's notifications (twice each).
		s.payPalCapture(s.student, oid).expect(t, 200)
		completed, approved := fake.CaptureCompleted(ref), fake.OrderApproved(ref)
		for _, ev := range [][]byte{completed, completed, approved, approved} {
			if st := s.notify(fake, ev, true); st != 200 {
				t.Errorf("notification after the return: %d", st)
			}
		}
		if fake.Calls("capture") != 2 || s.courseEnrollments(s.paid) != 1 { // the unapproved try and the capture
			t.Errorf("captures %d, enrollments %v", fake.Calls("capture"), s.courseEnrollments(s.paid))
		}
		if n := len(cart.JSON["items"].([]any)); n != 1 || len(s.do(req{Method: "GET", Path: "/api/v1/cart/items", Token: s.student.Access}).JSON["items"].([]any)) != 0 {
			t.Error("the bought course stayed in the cart")
		}

		// One OAuth token served every call so far.
		if n := fake.Calls("token"); n != 1 {
			t.Errorf("token requests = %d, want 1 (cached)", n)
		}

		// A refund through the API goes to PayPal and takes access away.
		o := s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access, Body: map[string]any{"reason": "wrong course"}}).expect(t, 200)
		if o.str("status") != "refunded" || s.enrolled(s.student, s.paid) || s.courseEnrollments(s.paid) != 0 {
			t.Fatalf("after the refund: %s", o.Body)
		}
		if rf, ok := fake.LastRefund(capture); !ok || rf.Amount.Value != "19.99" {
			t.Errorf("paypal refund = %+v", rf)
		}
		// PayPal reports it (twice): nothing more is refunded.
		refunded := fake.CaptureRefunded(capture)
		for range 2 {
			if st := s.notify(fake, refunded, true); st != 200 {
				t.Errorf("refund notification: %d", st)
			}
		}
		if o := s.order(s.student, oid); o.str("status") != "refunded" || o.JSON["refunded_cents"] != float64(1999) {
			t.Errorf("order after the refund notification = %s", o.Body)
		}
		// A second refund is refused without asking PayPal.
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access}).expect(t, 409)
		if fake.Calls("refund") != 1 {
			t.Errorf("refund calls = %d", fake.Calls("refund"))
		}
	})
}

func TestPayPalWebhooksInAnyOrder(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s, fake := payPalShop(t, target)
		ctx := context.Background()

		// Refused notifications change nothing: forged, altered, unsigned.
		oid, ref := s.payPalCheckout(s.student)
		if err := fake.Approve(ref); err != nil {
			t.Fatal(err)
		}
		approved := fake.OrderApproved(ref)
		if st := s.notify(fake, approved, false); st != 400 {
			t.Errorf("forged signature: %d", st)
		}
		signed := fake.Sign(approved)
		altered := []byte(strings.Replace(string(approved), ref, ref+"X", 1))
		hdr := map[string]string{}
		for k := range signed {
			hdr[k] = signed.Get(k)
		}
		if r := s.do(req{Method: "POST", Path: "/api/v1/webhooks/paypal", Body: altered, Header: hdr}); r.Status != 400 {
			t.Errorf("altered body: %d", r.Status)
		}
		if r := s.do(req{Method: "POST", Path: "/api/v1/webhooks/paypal", Body: approved}); r.Status != 400 || r.str("code") != "bad_signature" {
			t.Errorf("no signature: %d %s", r.Status, r.Body)
		}
		if s.order(s.student, oid).str("status") != "pending" || s.enrolled(s.student, s.paid) || fake.Calls("capture") != 0 {
			t.Fatal("a refused notification changed the order")
		}
		// PayPal's verification API down: 503, PayPal retries.
		fake.FailNext("verify", paypaltest.Failure{Status: 503, Name: "SERVICE_UNAVAILABLE"})
		if st := s.notify(fake, approved, true); st != 503 {
			t.Errorf("verification down: %d", st)
		}

		// The approval notification first: Lectern captures and fulfils;
		// its duplicates and the buyer's return change nothing more.
		for range 2 {
			if st := s.notify(fake, approved, true); st != 200 {
				t.Fatalf("approval notification: %d", st)
			}
		}
		if s.order(s.student, oid).str("status") != "paid" || !s.enrolled(s.student, s.paid) {
			t.Fatalf("after the approval notification: %s", s.order(s.student, oid).Body)
		}
		if o := s.payPalCapture(s.student, oid).expect(t, 200); o.str("status") != "paid" || fake.Calls("capture") != 1 {
			t.Errorf("return after the notification: %s, captures %d", o.Body, fake.Calls("capture"))
		}

		// The capture notification before the return (PayPal captured, the
		// return is slow), 10 copies racing the return.
		buyer := s.register("second@x.io", "student pass 42", "Second")
		oid2, ref2 := s.payPalCheckout(buyer)
		if err := fake.Approve(ref2); err != nil {
			t.Fatal(err)
		}
		if _, err := fake.Client().CaptureOrder(ctx, ref2, "lectern-capture-"+oid2); err != nil {
			t.Fatal(err)
		}
		completed := fake.CaptureCompleted(ref2)
		var wg sync.WaitGroup
		statuses := make([]int, 10)
		for i := range statuses {
			wg.Add(1)
			go func() { defer wg.Done(); statuses[i] = s.notify(fake, completed, true) }()
		}
		ret := s.payPalCapture(buyer, oid2)
		wg.Wait()
		for _, st := range statuses {
			if st != 200 && st != 503 {
				t.Errorf("concurrent copy: %d", st)
			}
		}
		if ret.Status != 200 || s.order(buyer, oid2).str("status") != "paid" || s.courseEnrollments(s.paid) != 2 {
			t.Errorf("after the race: return %d %s, enrollments %v", ret.Status, ret.Body, s.courseEnrollments(s.paid))
		}

		// A refund made at PayPal, reported before its capture: postponed
		// (503), then the capture grants access and the retried refund
		// takes it away.
		third := s.register("third@x.io", "student pass 42", "Third")
		oid3, ref3 := s.payPalCheckout(third)
		if err := fake.Approve(ref3); err != nil {
			t.Fatal(err)
		}
		cl := fake.Client()
		if _, err := cl.CaptureOrder(ctx, ref3, "x"); err != nil {
			t.Fatal(err)
		}
		capture3 := fake.CaptureID(ref3)
		completed3 := fake.CaptureCompleted(ref3) // sent when the capture was made, delivered late
		if _, err := cl.RefundCapture(ctx, capture3, paypal.RefundRequest{}, "r"); err != nil {
			t.Fatal(err)
		}
		refunded := fake.CaptureRefunded(capture3)
		if st := s.notify(fake, refunded, true); st != 503 {
			t.Errorf("early refund: %d, want 503", st)
		}
		if st := s.notify(fake, completed3, true); st != 200 {
			t.Fatalf("capture notification: %d", st)
		}
		if !s.enrolled(third, s.paid) {
			t.Fatal("the capture notification did not enroll")
		}
		if st := s.notify(fake, refunded, true); st != 200 {
			t.Errorf("retried refund: %d", st)
		}
		if o := s.order(third, oid3); o.str("status") != "refunded" || s.enrolled(third, s.paid) {
			t.Errorf("after out-of-order notifications: %s", o.Body)
		}

		// The same rules through the service, without HTTP.
		fourth := s.register("fourth@x.io", "student pass 42", "Fourth")
		u, err := s.app.DB.UserByEmail(ctx, "fourth@x.io")
		if err != nil {
			t.Fatal(err)
		}
		cid, _ := strconv.ParseInt(s.paid, 10, 64)
		o, err := s.app.Commerce.CheckoutWith(ctx, u, []int64{cid}, "", "paypal")
		if err != nil || o.Provider != "paypal" || o.Status != store.OrderPending {
			t.Fatalf("service checkout: %+v %v", o, err)
		}
		if _, err := s.app.Commerce.CapturePayPal(ctx, u, o.ID); code(err) != "payment_not_approved" {
			t.Errorf("service capture before approval: %v", err)
		}
		if err := fake.Approve(o.ProviderRef); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if o, err = s.app.Commerce.CapturePayPal(ctx, u, o.ID); err != nil || o.Status != store.OrderPaid || o.PaymentRef != fake.CaptureID(o.ProviderRef) {
				t.Fatalf("service capture: %+v %v", o, err)
			}
		}
		if !s.enrolled(fourth, s.paid) {
			t.Error("the service capture did not enroll")
		}
	})
}

func TestPayPalErrors(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s, fake := payPalShop(t, target)
		// An unknown provider is a field error.
		r := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}, "provider": "bitcoin"}).expect(t, 422)
		if !strings.Contains(r.fieldErrors()["provider"], "local, paypal") {
			t.Errorf("unknown provider = %s", r.Body)
		}
		// PayPal down at checkout: 503 with a retry hint; PayPal refusing: 422 naming the issue.
		fake.FailNext("create", paypaltest.Failure{Status: 500})
		if r := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}, "provider": "paypal"}).expect(t, 503); r.str("code") != "payment_unavailable" || r.Header.Get("Retry-After") == "" {
			t.Errorf("paypal down = %s", r.Body)
		}
		fake.FailNext("create", paypaltest.Failure{Status: 422, Name: "UNPROCESSABLE_ENTITY", Issue: "CURRENCY_NOT_SUPPORTED"})
		if r := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}, "provider": "paypal"}).expect(t, 422); r.str("code") != "payment_refused" || !strings.Contains(r.str("detail"), "CURRENCY_NOT_SUPPORTED") {
			t.Errorf("paypal refusal = %s", r.Body)
		}

		// A declined payment method at capture: a clear 422; the order waits.
		oid, ref := s.payPalCheckout(s.student)
		if err := fake.Approve(ref); err != nil {
			t.Fatal(err)
		}
		fake.FailNext("capture", paypaltest.Failure{Status: 422, Name: "UNPROCESSABLE_ENTITY", Issue: "INSTRUMENT_DECLINED"})
		if r := s.payPalCapture(s.student, oid).expect(t, 422); r.str("code") != "payment_declined" {
			t.Errorf("declined = %s", r.Body)
		}
		if s.order(s.student, oid).str("status") != "pending" || s.enrolled(s.student, s.paid) {
			t.Fatal("a declined capture changed the order")
		}
		s.payPalCapture(s.student, oid).expect(t, 200)

		// PayPal down at refund: 503, the order stays paid and the course stays.
		fake.FailNext("refund", paypaltest.Failure{Status: 503, Name: "SERVICE_UNAVAILABLE"})
		if r := s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access}).expect(t, 503); r.str("code") != "payment_unavailable" {
			t.Errorf("refund while paypal is down = %s", r.Body)
		}
		if s.order(s.student, oid).str("status") != "paid" || !s.enrolled(s.student, s.paid) {
			t.Fatal("a failed refund changed the order")
		}
		// An admin's refund goes through PayPal too.
		admin := s.admin()
		if o := s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: admin.Access, Body: map[string]any{"reason": "support"}}).expect(t, 200); o.str("status") != "refunded" || fake.Calls("refund") != 2 {
			t.Errorf("admin refund = %s, refund calls %d", o.Body, fake.Calls("refund"))
		}
		if s.enrolled(s.student, s.paid) {
			t.Error("enrolled after the admin's refund")
		}
	})
}
