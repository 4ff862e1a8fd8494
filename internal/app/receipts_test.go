package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// mails counts the emails to addr whose subject contains word, and returns
// the last one's body.
func (e *env) mails(addr, word string) (int, string) {
	e.t.Helper()
	emails, err := e.app.DB.EmailsTo(context.Background(), addr)
	if err != nil {
		e.t.Fatal(err)
	}
	n, body := 0, ""
	for _, m := range emails {
		if strings.Contains(m.Subject, word) {
			n++
			body = m.Body
		}
	}
	return n, body
}

// TestReceipts: one emailed receipt per payment and per refund, however
// often the payment is confirmed; a receipt page for the buyer and admins
// only, and only for paid orders.
func TestReceipts(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		ctx, svc := context.Background(), e.app.Commerce
		teach := e.instructor("teach@x.io", "Teacher")
		course := mustID(t, e.publishedCourse(teach, map[string]any{"title": "Receipts 101", "price_cents": 2500, "currency": "USD"}))
		buyerAcc := e.register("buyer@x.io", "student pass 42", "Bea Buyer")
		buyer := e.storeUser(buyerAcc)
		other := e.register("other@x.io", "student pass 43", "Other")
		root := e.admin()

		o, err := svc.Checkout(ctx, buyer, []int64{course}, "")
		if err != nil {
			t.Fatal(err)
		}
		oid := strconv.FormatInt(o.ID, 10)
		e.do(req{Method: "GET", Path: "/api/v1/orders/" + oid + "/receipt", Token: buyerAcc.Access}).expect(t, 409)
		if _, err := svc.PayLocal(ctx, buyer, o.ID, true); err != nil {
			t.Fatal(err)
		}
		// The payment confirmed again (a duplicate webhook, the success page): no second receipt.
		if err := svc.Fulfil(ctx, o.ID, "again"); err != nil {
			t.Fatal(err)
		}
		n, body := e.mails("buyer@x.io", "receipt for order #"+oid)
		if n != 1 || !strings.Contains(body, "25.00 USD") || !strings.Contains(body, "Receipts 101") || !strings.Contains(body, "/orders/"+oid+"/receipt") {
			t.Errorf("%d receipts; body %q", n, body)
		}

		// The receipt page: buyer and admins.
		r := e.do(req{Method: "GET", Path: "/api/v1/orders/" + oid + "/receipt", Token: buyerAcc.Access}).expect(t, 200)
		if r.JSON["buyer"].(map[string]any)["name"] != "Bea Buyer" || r.JSON["order"].(map[string]any)["total_cents"] != float64(2500) || len(r.JSON["refunds"].([]any)) != 0 {
			t.Errorf("receipt = %s", r.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/orders/" + oid + "/receipt", Token: root.Access}).expect(t, 200)
		e.do(req{Method: "GET", Path: "/api/v1/orders/" + oid + "/receipt", Token: other.Access}).expect(t, 404)
		e.do(req{Method: "GET", Path: "/api/v1/orders/" + oid + "/receipt", Token: teach.Access}).expect(t, 404)
		e.do(req{Method: "GET", Path: "/api/v1/orders/" + oid + "/receipt"}).expect(t, 401)

		// A refund: one refund receipt; a second attempt changes nothing.
		if _, err := svc.Refund(ctx, buyer, o.ID, "wrong course"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Refund(ctx, buyer, o.ID, "again"); code(err) != "not_refundable" {
			t.Errorf("second refund: %v", err)
		}
		if n, body := e.mails("buyer@x.io", "refund for order #"+oid); n != 1 || !strings.Contains(body, "25.00 USD") {
			t.Errorf("%d refund receipts; body %q", n, body)
		}
		r = e.do(req{Method: "GET", Path: "/api/v1/orders/" + oid + "/receipt", Token: buyerAcc.Access}).expect(t, 200)
		if refunds := r.JSON["refunds"].([]any); len(refunds) != 1 || refunds[0].(map[string]any)["reason"] != "wrong course" {
			t.Errorf("receipt after the refund = %s", r.Body)
		}
	})
}
