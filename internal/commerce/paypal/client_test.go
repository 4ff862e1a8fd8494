package paypal_test

import (
	"context"
	"testing"

	"github.com/lectern/lectern/internal/commerce/paypal"
	"github.com/lectern/lectern/internal/commerce/paypal/paypaltest"
)

func TestAmounts(t *testing.T) {
	for _, c := range []struct {
		minor int64
		cur   string
		want  string
	}{{1999, "usd", "19.99"}, {5, "EUR", "0.05"}, {1200, "JPY", "1200"}, {150000, "HUF", "1500"}} {
		m, err := paypal.FormatAmount(c.minor, c.cur)
		if err != nil || m.Value != c.want {
			t.Errorf("FormatAmount(%d, %s) = %v %v, want %s", c.minor, c.cur, m, err, c.want)
			continue
		}
		if back, err := paypal.ParseAmount(m); err != nil || back != c.minor {
			t.Errorf("ParseAmount(%v) = %d %v, want %d", m, back, err, c.minor)
		}
	}
	if _, err := paypal.FormatAmount(150050, "HUF"); err == nil {
		t.Error("fractions of a forint were accepted")
	}
	if _, err := paypal.ParseAmount(paypal.Money{CurrencyCode: "USD", Value: "1.999"}); err == nil {
		t.Error("three decimals of a dollar were accepted")
	}
}

func TestClientAgainstTheFake(t *testing.T) {
	fake := paypaltest.New(t)
	ctx := context.Background()
	c := fake.Client()
	total := paypal.Money{CurrencyCode: "USD", Value: "10.00"}
	in := paypal.CreateOrder{Intent: "CAPTURE", PurchaseUnits: []paypal.PurchaseUnit{{CustomID: "7", Amount: &paypal.Amount{Money: total}}},
		PaymentSource: &paypal.PaymentSource{PayPal: &paypal.PayPalSource{ExperienceContext: paypal.ExperienceContext{ReturnURL: "http://x/r", CancelURL: "http://x/c"}}}}
	o, err := c.CreateOrder(ctx, in, "req-1")
	if err != nil || o.ApproveURL() == "" || o.Status != "PAYER_ACTION_REQUIRED" {
		t.Fatalf("create = %+v %v", o, err)
	}
	// The same request id gives the same order.
	if again, err := c.CreateOrder(ctx, in, "req-1"); err != nil || again.ID != o.ID {
		t.Errorf("retried create = %+v %v", again, err)
	}
	if _, err := c.CaptureOrder(ctx, o.ID, "cap-1"); !paypal.IssueOf(err, "ORDER_NOT_APPROVED") {
		t.Errorf("capture before approval: %v", err)
	}
	if err := fake.Approve(o.ID); err != nil {
		t.Fatal(err)
	}
	done, err := c.CaptureOrder(ctx, o.ID, "cap-2")
	if err != nil || done.Status != "COMPLETED" || done.FirstCapture() == nil || done.FirstCapture().CustomID != "7" {
		t.Fatalf("capture = %+v %v", done, err)
	}
	if _, err := c.CaptureOrder(ctx, o.ID, "cap-3"); !paypal.IssueOf(err, "ORDER_ALREADY_CAPTURED") {
		t.Errorf("second capture: %v", err)
	}
	rf, err := c.RefundCapture(ctx, done.FirstCapture().ID, paypal.RefundRequest{}, "ref-1")
	if err != nil || rf.Status != "COMPLETED" || rf.CaptureID() != done.FirstCapture().ID || rf.Amount.Value != "10.00" {
		t.Errorf("refund = %+v %v", rf, err)
	}
	body := fake.CaptureRefunded(done.FirstCapture().ID)
	if ok, err := c.VerifyWebhook(ctx, fake.WebhookID, fake.Sign(body), body); !ok || err != nil {
		t.Errorf("signed notification: %v %v", ok, err)
	}
	if ok, err := c.VerifyWebhook(ctx, "WHOTHER", fake.Sign(body), body); ok || err != nil {
		t.Errorf("another webhook's notification: %v %v", ok, err)
	}
	if fake.Calls("token") != 1 {
		t.Errorf("token requests = %d, want 1", fake.Calls("token"))
	}
	bad := paypal.New(fake.URL, "nobody", "wrong", nil)
	if _, err := bad.GetOrder(ctx, o.ID); err == nil {
		t.Error("wrong credentials were accepted")
	}
}
