package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/store"
)

// axePage is one page of the app, checked as one kind of user.
type axePage struct {
	name string // file name of its screenshots
	path string
	// open brings up the state to check once the page is ready: a menu, a
	// dialog, a dropdown. Such a page is loaded afresh at each width.
	open func(width int64) []chromedp.Action[chromedp.Void]
	only int64  // check at this width only (0: at both)
	h1   string // what the page's heading must say, for a page showing seeded state
}

// axeFinding is one serious or critical axe-core violation.
type axeFinding struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// Every page of the app (every route of web/src/app/router.tsx), as the user
// who can see it, and the states with a menu, a dialog or the search
// suggestions open, at a desktop and a phone width: axe-core finds no serious or critical accessibility violation (nor
// the two moderate ones once reported here: heading order and two search
// landmarks with the same name), and a
// full-page screenshot of each is kept (LECTERN_TEST_ARTIFACTS, by default
// e2e/artifacts). axe-core comes from web/node_modules (npm ci installs it).
func TestAccessibilityOfEveryPage(t *testing.T) {
	axeSource, err := os.ReadFile(filepath.Join("..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing (run `cd web && npm ci`): %v", err)
	}
	s := startSite(t)
	bg := context.Background()
	if err := s.App.SeedDemo(bg); err != nil {
		t.Fatal(err)
	}
	course, err := s.App.DB.CourseBySlug(bg, "go-for-busy-engineers")
	if err != nil {
		t.Fatal(err)
	}
	seeded := seedAxeStates(t, s, course)
	ctx := browserWithin(t, 390*time.Second)

	id := func(n int64) string { return fmt.Sprint(n) }
	// The states with a menu or a dialog open.
	clickAndSee := func(button, shown string) func(int64) []chromedp.Action[chromedp.Void] {
		return func(int64) []chromedp.Action[chromedp.Void] {
			return []chromedp.Action[chromedp.Void]{chromedp.Click(css(button)), chromedp.WaitVisible(css(shown))}
		}
	}
	suggestions := func(w int64) []chromedp.Action[chromedp.Void] {
		var steps []chromedp.Action[chromedp.Void]
		if w < 700 { // the phone header shows the search box behind a button
			steps = append(steps, chromedp.Click(css(`[data-testid="search-toggle"]`)))
		}
		return append(steps, chromedp.WaitVisible(css(`#header-search`)), chromedp.SendKeys(css(`#header-search`), "go"),
			chromedp.WaitVisible(css(`[data-testid="search-suggestions"] [role="option"]`)))
	}
	roles := []struct {
		email, password string
		pages           []axePage
	}{
		{"", "", []axePage{
			{name: "home", path: "/"},
			{name: "search", path: "/courses?q=go"},
			{name: "category", path: "/courses?category=" + course.CategorySlug},
			{name: "course", path: "/courses/" + course.Slug},
			{name: "instructor-profile", path: "/instructors/" + id(course.InstructorID)},
			{name: "teach", path: "/teach"},
			{name: "login", path: "/login"},
			{name: "signup", path: "/signup"},
			{name: "forgot-password", path: "/forgot-password"},
			{name: "plans", path: "/plans"},
			{name: "not-found", path: "/no-such-page"},
			{name: "reset-password", path: "/reset-password?token=" + seeded.resetToken, h1: "Choose a new password"},
			{name: "provider-callback", path: "/auth/callback", h1: "couldn’t sign you in"},
			{name: "provider-link", path: "/auth/callback?link_token=seen-in-the-test&provider=github&email=student%40demo.lectern.dev", h1: "Link your account"},
			{name: "certificate-public", path: "/certificates/" + seeded.certificate, h1: "Sam Student"},
			{name: "course-preview-open", path: "/courses/" + course.Slug, open: clickAndSee(`[data-testid="preview-play"]`, `[data-testid="preview-dialog"]`)},
			{name: "search-suggestions-open", path: "/", open: suggestions},
			// Last: following the link may sign the visitor in.
			{name: "verify-email", path: "/verify-email?token=" + seeded.verifyToken, h1: "Your email is verified"},
		}},
		{"student@demo.lectern.dev", "demo-learn-pass", []axePage{
			{name: "home-student", path: "/"},
			{name: "my-learning", path: "/my-courses"},
			{name: "cart", path: "/cart"},
			{name: "wishlist", path: "/wishlist"},
			{name: "orders", path: "/orders"},
			{name: "account", path: "/account"},
			{name: "subscription", path: "/subscription"},
			{name: "checkout-pending", path: "/checkout/test/" + id(seeded.pendingOrder), h1: "Pay for your order"},
			{name: "order", path: "/orders/" + id(seeded.paidOrder), h1: "Payment received"},
			{name: "receipt", path: "/orders/" + id(seeded.paidOrder) + "/receipt", h1: "Receipt"},
			{name: "certificate", path: "/certificates/" + seeded.certificate, h1: "Sam Student"},
			{name: "paypal-return", path: "/checkout/paypal/return", h1: "No order to confirm"},
			{name: "subscribe-test", path: "/subscribe/test/" + id(seeded.subscription), h1: "Your subscription"},
			{name: "user-menu-open", path: "/", only: 1280, open: clickAndSee(`[data-testid="user-menu"]`, `[data-testid="logout"]`)},
			{name: "phone-menu-open", path: "/", only: 390, open: clickAndSee(`[data-testid="menu-button"]`, `[data-testid="compact-menu"]`)},
			{name: "notifications-open", path: "/", only: 1280, open: clickAndSee(`[data-testid="bell"]`, `[data-testid="bell-panel"]`)},
			{name: "refund-dialog-open", path: "/orders", open: clickAndSee(`[data-order-id="`+id(seeded.paidOrder)+`"] [data-testid="refund-order"]`, `[data-testid="refund-dialog"]`)},
			{name: "report-dialog-open", path: "/courses/" + course.Slug, open: clickAndSee(`[data-testid="review"] [data-testid="report"]`, `[data-testid="report-dialog"]`)},
		}},
		{"instructor@demo.lectern.dev", "demo-teach-pass", []axePage{
			{name: "instructor-dashboard", path: "/instructor"},
			{name: "course-editor", path: "/instructor/courses/" + id(course.ID) + "/edit"},
			{name: "course-analytics", path: "/instructor/courses/" + id(course.ID) + "/analytics"},
			{name: "instructor-reviews", path: "/instructor/reviews"},
			{name: "instructor-questions", path: "/instructor/questions"},
			{name: "revenue", path: "/instructor/revenue"},
			{name: "player", path: "/learn/" + course.Slug},
			{name: "player-lecture", path: "/learn/" + course.Slug + "/" + id(seeded.lecture)},
		}},
		{"admin@demo.lectern.dev", "demo-admin-pass", []axePage{
			{name: "admin-overview", path: "/admin"},
			{name: "admin-users", path: "/admin/users"},
			{name: "admin-courses", path: "/admin/courses"},
			{name: "admin-reviews", path: "/admin/reviews"},
			{name: "admin-orders", path: "/admin/orders"},
			{name: "admin-order", path: "/admin/orders/1"},
			{name: "admin-payouts", path: "/admin/payouts"},
			{name: "admin-audit-log", path: "/admin/audit-log"},
			{name: "admin-status", path: "/admin/status"},
			{name: "admin-user", path: "/admin/users/" + id(seeded.student), h1: "Sam Student"},
			{name: "admin-questions", path: "/admin/questions"},
			{name: "admin-refund-open", path: "/admin/orders/" + id(seeded.paidOrder), open: clickAndSee(`[data-testid="refund-all"]`, `[data-testid="refund-dialog"]`)},
			{name: "admin-confirm-open", path: "/admin/users", open: clickAndSee(`input[data-testid="disable-user"]:not([disabled])`, `[data-testid="confirm-user-change"]`)},
		}},
	}
	widths := [][2]int64{{1280, 800}, {390, 844}}

	// Ready: the page's heading is there and nothing is loading, and the header
	// matches the width (the compact header follows a media query).
	ready := `(() => document.querySelector('main h1') && !document.querySelector('main .spinner') &&
		matchMedia('(max-width: 43.75rem)').matches === !!document.querySelector('.site-header-compact'))()`
	check := `(async () => {
		const r = await axe.run(document, { resultTypes: ['violations'] });
		return JSON.stringify(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order' || v.id === 'landmark-unique').map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 6).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
		})));
	})()`

	// The source goes in as a JSON string, evaluated once per loaded page.
	js, _ := json.Marshal(string(axeSource))
	inject := string(js)
	start := time.Now()
	checked := 0
	for _, role := range roles {
		if role.email != "" {
			run(t, ctx, "desktop width to log in", chromedp.EmulateViewport(1280, 800))
			uiLogin(t, ctx, s.URL, role.email, role.password)
		}
		for _, p := range role.pages {
			if p.open == nil {
				run(t, ctx, "open "+p.path, chromedp.EmulateViewport(widths[0][0], widths[0][1]), chromedp.Navigate(s.URL+p.path))
			}
			for _, w := range widths {
				if p.only != 0 && p.only != w[0] {
					continue
				}
				where := fmt.Sprintf("%s at %d px", p.path, w[0])
				if p.open != nil {
					where = fmt.Sprintf("%s (%s) at %d px", p.path, p.name, w[0])
				}
				if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(w[0], w[1])); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				if p.open != nil {
					run(t, ctx, "open "+where, chromedp.Navigate(s.URL+p.path))
				}
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](ready, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
					t.Errorf("%s: the page did not finish loading (no h1, or a spinner stayed): %v", where, err)
					continue
				}
				if p.h1 != "" {
					if h := get(t, ctx, "read the heading", chromedp.Evaluate[string](`document.querySelector('main h1').textContent`)); !strings.Contains(h, p.h1) {
						t.Errorf("%s: the heading says %q, want %q (the seeded state is not shown)", where, h, p.h1)
					}
				}
				if p.open != nil {
					run(t, ctx, "bring up "+where, p.open(w[0])...)
				}
				shot(t, ctx, fmt.Sprintf("axe-%s-%d", p.name, w[0]))
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === 'undefined' ? (0, eval)(`+inject+`) === undefined || true : true`)); err != nil {
					t.Fatalf("%s: injecting axe-core: %v", where, err)
				}
				out := get(t, ctx, "axe on "+where, chromedp.Evaluate[string](check, chromedp.EvalAwaitPromise))
				var found []axeFinding
				if err := json.Unmarshal([]byte(out), &found); err != nil {
					t.Fatalf("%s: axe's answer %q: %v", where, out, err)
				}
				for _, f := range found {
					t.Errorf("%s (%s): %s [%s] %s\n    %s", where, role.email, f.ID, f.Impact, f.Help, strings.Join(f.Nodes, "\n    "))
				}
				checked++
			}
		}
		// Log out (the visitor too: following the emailed link may have signed them in).
		run(t, ctx, "back home", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(s.URL+"/"),
			chromedp.WaitVisible(css(`[data-testid="user-menu"], header a[href^="/login"]`)))
		if get(t, ctx, "signed in?", chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="user-menu"]')`)) {
			run(t, ctx, "log out",
				chromedp.Click(css(`[data-testid="user-menu"]`)),
				chromedp.Click(css(`[data-testid="logout"]`)),
				chromedp.WaitNotPresent(css(`[data-testid="user-menu"]`)),
			)
		}
	}
	t.Logf("axe checked %d page views in %s", checked, time.Since(start).Round(time.Second))
}

// shot saves a full-page JPEG of the page as a test artefact (faster than the
// PNGs artefact writes, which matters over some seventy page views).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LECTERN_TEST_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	img := get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(70))
	if err := os.WriteFile(filepath.Join(dir, name+".jpg"), img, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeSeeds is what the pages beyond the demo need: tokens from emails, a
// pending and a paid order, a certificate, a test-provider subscription.
type axeSeeds struct {
	resetToken, verifyToken, certificate  string
	pendingOrder, paidOrder, subscription int64
	lecture, student                      int64
}

func seedAxeStates(t *testing.T, s *site, course *store.Course) axeSeeds {
	t.Helper()
	bg := context.Background()
	var out axeSeeds
	sam, err := s.App.DB.UserByEmail(bg, "student@demo.lectern.dev")
	if err != nil {
		t.Fatal(err)
	}
	out.student = sam.ID
	admin, err := s.App.DB.UserByEmail(bg, "admin@demo.lectern.dev")
	if err != nil {
		t.Fatal(err)
	}

	// A password reset link for Sam, and a verification link for a new,
	// unverified account.
	if err := s.App.Auth.ForgotPassword(bg, sam.Email); err != nil {
		t.Fatal(err)
	}
	out.resetToken = emailToken(t, s, sam.Email, "Reset")
	vera, err := s.App.CreateUser(bg, "vera@example.com", "verify me please", "Vera Verify", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.App.Auth.ResendVerification(bg, vera); err != nil {
		t.Fatal(err)
	}
	out.verifyToken = emailToken(t, s, vera.Email, "Confirm")

	// Sam finishes the free course (its lectures are articles until the demo
	// videos are made): a certificate.
	if _, err := s.App.Commerce.EnrollFree(bg, sam, course.ID); err != nil {
		t.Fatal(err)
	}
	sections, err := s.App.DB.Curriculum(bg, course.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range sections {
		for _, l := range sec.Lectures {
			if out.lecture == 0 && sec.Position > 0 {
				out.lecture = l.ID // a lecture past the first section, for the player
			}
			if _, cert, err := s.App.Learning.SetCompleted(bg, sam, l.ID, true); err != nil {
				t.Fatal(err)
			} else if cert != nil {
				out.certificate = cert.ID
			}
		}
	}
	if out.certificate == "" {
		t.Fatal("finishing every lecture issued no certificate")
	}
	if out.lecture == 0 {
		out.lecture = sections[len(sections)-1].Lectures[0].ID
	}

	// Two paid courses Sam does not have: one order left pending, one paid.
	res, err := http.Get(s.URL + "/api/v1/courses?sort=newest&limit=50")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Items []struct {
			ID         string `json:"id"`
			PriceCents int64  `json:"price_cents"`
		} `json:"items"`
	}
	err = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var orders []int64
	for _, c := range list.Items {
		if c.PriceCents == 0 || len(orders) == 2 {
			continue
		}
		id, err := strconv.ParseInt(c.ID, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if o, err := s.App.Commerce.Checkout(bg, sam, []int64{id}, ""); err == nil {
			orders = append(orders, o.ID)
		}
	}
	if len(orders) < 2 {
		t.Fatalf("Sam could check out only %d courses", len(orders))
	}
	out.pendingOrder, out.paidOrder = orders[0], orders[1]
	if _, err := s.App.Commerce.PayLocal(bg, sam, out.paidOrder, true); err != nil {
		t.Fatal(err)
	}

	// A plan, and Sam's subscription waiting on the test provider's page.
	if _, err := s.App.Commerce.SetPlan(bg, admin, "all-access", commerce.PlanInput{Name: "All access", Currency: "USD", MonthlyCents: 1000, YearlyCents: 10000}); err != nil {
		t.Fatal(err)
	}
	url, err := s.App.Commerce.Subscribe(bg, sam, "all-access", "month")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Sscanf(url[strings.LastIndex(url, "/")+1:], "%d", &out.subscription); err != nil {
		t.Fatalf("subscription page %q: %v", url, err)
	}
	return out
}
