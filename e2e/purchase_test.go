package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/store"
)

// A student buys a paid course through the cart and the built-in test
// provider, watches its video, refunds the order and loses access: the
// player refuses, and the course page offers the course for sale again.
func TestPurchasePlayRefund(t *testing.T) {
	s := startSite(t)
	course := paidCourseWithVideo(t, s, "Sourdough Science", 1999)
	if _, err := s.App.CreateUser(context.Background(), "sam@example.com", "a loaf a day keeps", "Sam Student", []string{"student"}, true); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	page := s.URL + "/courses/" + course.Slug

	run(t, ctx, "log in",
		chromedp.Navigate(s.URL+"/login?next="+"/courses/"+course.Slug),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "sam@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "a loaf a day keeps"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
	run(t, ctx, "add the course to the cart",
		chromedp.WaitVisible(css(`[data-testid="course-page"] [data-testid="add-to-cart"]`)),
		chromedp.Click(css(`[data-testid="add-to-cart"]`)),
		chromedp.WaitVisible(css(`[data-testid="go-to-cart"]`)),
		chromedp.WaitVisible(css(`[data-testid="cart-count"]`)),
	)
	if n := get(t, ctx, "read the cart count", chromedp.Text(css(`[data-testid="cart-count"]`))); !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(n, ",")), "1") {
		t.Errorf("the header's cart count shows %q, want 1", n)
	}
	run(t, ctx, "open the cart",
		chromedp.Click(css(`[data-testid="go-to-cart"]`)),
		chromedp.WaitVisible(css(`[data-testid="cart-item"]`)),
	)
	if total := get(t, ctx, "read the total", chromedp.Text(css(`[data-testid="cart-total"]`))); total != "$19.99" {
		t.Errorf("the cart total is %q, want $19.99", total)
	}

	run(t, ctx, "check out",
		chromedp.Click(css(`[data-testid="checkout"]`)),
		chromedp.WaitVisible(css(`[data-testid="test-checkout"] [data-testid="test-banner"]`)),
	)
	if loc := get(t, ctx, "read the address", chromedp.Location()); !strings.Contains(loc, "/checkout/test/") {
		t.Errorf("checkout went to %q", loc)
	}
	if total := get(t, ctx, "read the order total", chromedp.Text(css(`[data-testid="order-total"]`))); total != "$19.99" {
		t.Errorf("the test checkout shows a total of %q", total)
	}

	run(t, ctx, "pay",
		chromedp.Click(css(`[data-testid="test-pay"]`)),
		chromedp.WaitVisible(css(`[data-testid="payment-received"]`)),
	)
	run(t, ctx, "start learning",
		chromedp.Click(css(`[data-testid="start-learning"]`)),
		chromedp.WaitReady(css(`[data-testid="player-video"]`)),
	)
	// The player may add the lecture to the address (/learn/{slug}/{lecture}).
	if loc := get(t, ctx, "read the address", chromedp.Location()); !strings.Contains(loc, "/learn/"+course.Slug) {
		t.Errorf("Start learning went to %q", loc)
	}
	// Headless Chromium may refuse to autoplay; a click on play is what a student would do.
	get(t, ctx, "start the video", chromedp.Evaluate[chromedp.Void](`(() => { const v = document.querySelector('[data-testid=player-video]'); v.muted = true; v.play().catch(() => {}); })()`))
	get(t, ctx, "the video plays", chromedp.Poll[bool](`document.querySelector('[data-testid=player-video]')?.currentTime > 0.5`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))

	run(t, ctx, "ask for a refund",
		chromedp.Navigate(s.URL+"/orders"),
		chromedp.WaitVisible(css(`[data-testid="order"][data-status="paid"] [data-testid="refund-order"]`)),
		chromedp.Click(css(`[data-testid="refund-order"]`)),
		chromedp.WaitVisible(css(`[data-testid="refund-dialog"] textarea[name="reason"]`)),
		chromedp.SendKeys(css(`[data-testid="refund-dialog"] textarea[name="reason"]`), "Changed my mind."),
		chromedp.Click(css(`[data-testid="confirm-refund"]`)),
		chromedp.WaitVisible(css(`[data-testid="order"][data-status="refunded"]`)),
		chromedp.WaitNotPresent(css(`[data-testid="refund-dialog"]`)),
	)
	if status := get(t, ctx, "read the order's status", chromedp.Text(css(`[data-testid="order"] [data-testid="order-status"]`))); status != "Refunded" {
		t.Errorf("the order shows %q, want Refunded", status)
	}
	orders, err := s.App.DB.Orders(context.Background(), store.OrderQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 1 || orders[0].Status != store.OrderRefunded || orders[0].RefundedCents != 1999 {
		t.Fatalf("orders after the refund: %+v", orders)
	}

	run(t, ctx, "the player refuses",
		chromedp.Navigate(s.URL+"/learn/"+course.Slug),
		chromedp.WaitVisible(css(`[data-testid="player-error"]`)),
	)
	run(t, ctx, "the course is for sale again",
		chromedp.Navigate(page),
		chromedp.WaitVisible(css(`[data-testid="course-page"] [data-testid="add-to-cart"]`)),
		chromedp.WaitVisible(css(`[data-testid="buy-now"]`)),
	)
}

// paidCourseWithVideo publishes a course by instructor Ines at priceCents USD
// whose one lecture has a processed 4-second video: made through the services,
// not the UI (uploading is another test's business), with the workers running.
func paidCourseWithVideo(t *testing.T, s *site, title string, priceCents int64) *store.Course {
	t.Helper()
	ines, err := s.App.CreateUser(context.Background(), "ines@example.com", "knead, fold, repeat", "Ines Instructor", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	desc, usd := "Flour, water, salt and time: the science of a good loaf.", "USD"
	course, _ := courseWithVideo(t, s, ines, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &priceCents, Currency: &usd},
		"Starters", "Feeding a starter", 4, "854x480")
	if course.Slug == "" {
		t.Fatalf("published course %d has no slug", course.ID)
	}
	return course
}
