package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
)

// logIn signs in through the login page and waits for the user menu.
func logIn(t *testing.T, ctx context.Context, base, next, email, password string) {
	t.Helper()
	run(t, ctx, "log in as "+email,
		chromedp.Navigate(base+"/login?next="+next),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), email),
		chromedp.SendKeys(css(`input[name="password"]`), password),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
}

// A student subscribes with the built-in test provider, plays a course
// they did not buy, cancels, and loses access when the period ends (the
// test clock moved forward); the instructor sees the month's share.
func TestSubscribePlayCancel(t *testing.T) {
	s := startSite(t, func(c *config.Config) { c.TestClock = true })
	bg := context.Background()
	teacher, err := s.App.CreateUser(bg, "tess@example.com", "teach by the minute", "Tess Teacher", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	root, err := s.App.CreateUser(bg, "root@example.com", "admin of the realm", "Root", []string{"admin"}, true)
	if err != nil {
		t.Fatal(err)
	}
	sue, err := s.App.CreateUser(bg, "sue@example.com", "subscribe to all", "Sue Subscriber", []string{"student"}, true)
	if err != nil {
		t.Fatal(err)
	}
	title, desc, usd, price := "Knots at Sea", "Bowline, clove hitch and the sheet bend.", "USD", int64(2999)
	course, _ := courseWithVideo(t, s, teacher, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &price, Currency: &usd},
		"Basics", "The bowline", 4, "854x480")
	if err := s.App.Commerce.SetInSubscription(bg, teacher, course.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Commerce.SetPlan(bg, root, "all-access", commerce.PlanInput{Name: "All access", Currency: "USD", MonthlyCents: 1000, YearlyCents: 10000}); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	logIn(t, ctx, s.URL, "/plans", "sue@example.com", "subscribe to all")
	run(t, ctx, "subscribe monthly",
		chromedp.WaitVisible(css(`[data-testid="subscribe-month"]`)),
		chromedp.Click(css(`[data-testid="subscribe-month"]`)),
		chromedp.WaitVisible(css(`[data-testid="test-subscription"] [data-testid="test-banner"]`)),
		chromedp.Click(css(`[data-testid="test-sub-pay"]`)),
		chromedp.WaitVisible(css(`[data-testid="test-subscription"][data-status="active"]`)),
	)
	run(t, ctx, "the course card says it is in the subscription",
		chromedp.Navigate(s.URL+"/courses?q=knots"),
		chromedp.WaitVisible(css(`[data-testid="course-card"] [data-testid="card-owned"]`)),
		chromedp.WaitNotPresent(css(`[data-testid="course-card"] [data-testid="card-price"]`)),
	)
	if owned := get(t, ctx, "read the card", chromedp.Text(css(`[data-testid="course-card"] [data-testid="card-owned"]`))); strings.TrimSpace(owned) != "In your subscription" {
		t.Errorf("the card reads %q, want In your subscription", owned)
	}
	run(t, ctx, "the course page says it is in the subscription",
		chromedp.Navigate(s.URL+"/courses/"+course.Slug),
		chromedp.WaitVisible(css(`[data-testid="course-page"] [data-testid="subscribed"]`)),
		chromedp.WaitNotPresent(css(`[data-testid="course-page"] [data-testid="price"]`)),
		chromedp.Click(css(`[data-testid="learn-with-subscription"]`)),
		chromedp.WaitReady(css(`[data-testid="player-video"]`)),
	)
	get(t, ctx, "start the video", chromedp.Evaluate[chromedp.Void](`(() => { const v = document.querySelector('[data-testid=player-video]'); v.muted = true; v.play().catch(() => {}); })()`))
	get(t, ctx, "the video plays to its end", chromedp.Poll[bool](`document.querySelector('[data-testid=player-video]')?.ended === true`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	// The player reports the seconds watched when the video ends.
	month := time.Now().UTC().Format("2006-01")
	var watched float64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if watched, err = s.App.DB.InstructorWatchSeconds(bg, teacher.ID, month); err != nil || watched > 0 {
			break
		}
	}
	if watched < 2 {
		t.Fatalf("subscriber watch time recorded for the instructor: %v s (%v)", watched, err)
	}

	run(t, ctx, "cancel at period end",
		chromedp.Navigate(s.URL+"/subscription"),
		chromedp.WaitVisible(css(`[data-testid="my-subscription"][data-status="active"]`)),
		chromedp.Click(css(`[data-testid="manage-subscription"]`)),
		chromedp.WaitVisible(css(`[data-testid="test-sub-cancel"]`)),
		chromedp.Click(css(`[data-testid="test-sub-cancel"]`)),
		chromedp.WaitVisible(css(`[data-testid="test-subscription"][data-status="canceled"]`)),
	)
	run(t, ctx, "still playable until the period ends",
		chromedp.Navigate(s.URL+"/learn/"+course.Slug),
		chromedp.WaitReady(css(`[data-testid="player-video"]`)),
	)

	// The period ends: 40 days on the test clock.
	if _, err := s.App.Commerce.AdvanceTestClock(bg, root, 40*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "the player refuses",
		chromedp.Navigate(s.URL+"/learn/"+course.Slug),
		chromedp.WaitVisible(css(`[data-testid="player-error"]`)),
	)
	run(t, ctx, "the subscription reads ended",
		chromedp.Navigate(s.URL+"/subscription"),
		chromedp.WaitVisible(css(`[data-testid="my-subscription"][data-status="ended"]`)),
	)

	// The instructor sees the closed month's share: all of the 70% of 10.00,
	// as hers were the only minutes watched.
	tctx := browser(t)
	logIn(t, tctx, s.URL, "/instructor/revenue", "tess@example.com", "teach by the minute")
	sel := `[data-testid="subscription-share"][data-month="` + month + `"][data-closed="true"] [data-testid="share-amount"]`
	run(t, tctx, "see the month's share", chromedp.WaitVisible(css(sel)))
	if amount := get(t, tctx, "read the share", chromedp.Text(css(sel))); strings.TrimSpace(amount) != "$7.00" {
		t.Errorf("the month's share reads %q, want $7.00", amount)
	}

	// An admin refunds 2.50 of the (closed month's) payment from Sue's page;
	// the closed share stays, the payment shows what was refunded.
	actx := browser(t)
	logIn(t, actx, s.URL, fmt.Sprintf("/admin/users/%d", sue.ID), "root@example.com", "admin of the realm")
	run(t, actx, "refund part of the subscription payment",
		chromedp.WaitVisible(css(`[data-testid="user-subscription-payments"] [data-testid="subscription-refund"]`)),
		chromedp.Click(css(`[data-testid="subscription-refund"]`)),
		chromedp.WaitVisible(css(`[data-testid="subscription-refund-dialog"] input[name="amount"]`)),
		chromedp.SendKeys(css(`[data-testid="subscription-refund-dialog"] input[name="amount"]`), "2.50"),
		chromedp.SendKeys(css(`[data-testid="subscription-refund-dialog"] textarea[name="reason"]`), "Goodwill"),
		chromedp.Click(css(`[data-testid="subscription-refund-dialog"] [data-testid="confirm-yes"]`)),
		chromedp.WaitNotPresent(css(`[data-testid="subscription-refund-dialog"]`)),
	)
	sel = `[data-testid="user-subscription-payments"] [data-testid="payment-refunded"]`
	get(t, actx, "the refund shows on the payment", chromedp.Poll[bool](`document.querySelector('`+sel+`')?.textContent.trim() === '$2.50'`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if mails, err := s.App.DB.EmailsTo(bg, "sue@example.com"); err != nil || !slices.ContainsFunc(mails, func(m store.Email) bool { return m.Subject == "Your subscription refund" }) {
		t.Errorf("no refund receipt to the subscriber (%v)", err)
	}
}
