package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axePage is one page of the app, checked as one kind of user.
type axePage struct {
	name string // file name of its screenshots
	path string
}

// axeFinding is one serious or critical axe-core violation.
type axeFinding struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// Every page of the app, as the user who can see it, at a desktop and a phone
// width: axe-core finds no serious or critical accessibility violation (nor
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
	ctx := browserWithin(t, 240*time.Second)

	id := func(n int64) string { return fmt.Sprint(n) }
	roles := []struct {
		email, password string
		pages           []axePage
	}{
		{"", "", []axePage{
			{"home", "/"},
			{"search", "/courses?q=go"},
			{"category", "/courses?category=" + course.CategorySlug},
			{"course", "/courses/" + course.Slug},
			{"instructor-profile", "/instructors/" + id(course.InstructorID)},
			{"teach", "/teach"},
			{"login", "/login"},
			{"signup", "/signup"},
			{"forgot-password", "/forgot-password"},
			{"plans", "/plans"},
			{"not-found", "/no-such-page"},
		}},
		{"student@demo.lectern.dev", "demo-learn-pass", []axePage{
			{"home-student", "/"},
			{"my-learning", "/my-courses"},
			{"cart", "/cart"},
			{"wishlist", "/wishlist"},
			{"orders", "/orders"},
			{"account", "/account"},
			{"subscription", "/subscription"},
		}},
		{"instructor@demo.lectern.dev", "demo-teach-pass", []axePage{
			{"instructor-dashboard", "/instructor"},
			{"course-editor", "/instructor/courses/" + id(course.ID) + "/edit"},
			{"course-analytics", "/instructor/courses/" + id(course.ID) + "/analytics"},
			{"instructor-reviews", "/instructor/reviews"},
			{"instructor-questions", "/instructor/questions"},
			{"revenue", "/instructor/revenue"},
			{"player", "/learn/" + course.Slug},
		}},
		{"admin@demo.lectern.dev", "demo-admin-pass", []axePage{
			{"admin-overview", "/admin"},
			{"admin-users", "/admin/users"},
			{"admin-courses", "/admin/courses"},
			{"admin-reviews", "/admin/reviews"},
			{"admin-orders", "/admin/orders"},
			{"admin-order", "/admin/orders/1"},
			{"admin-payouts", "/admin/payouts"},
			{"admin-audit-log", "/admin/audit-log"},
			{"admin-status", "/admin/status"},
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
			run(t, ctx, "open "+p.path, chromedp.EmulateViewport(widths[0][0], widths[0][1]), chromedp.Navigate(s.URL+p.path))
			for _, w := range widths {
				where := fmt.Sprintf("%s at %d px", p.path, w[0])
				if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(w[0], w[1])); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](ready, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
					t.Errorf("%s: the page did not finish loading (no h1, or a spinner stayed): %v", where, err)
					continue
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
		if role.email != "" {
			run(t, ctx, "log out",
				chromedp.EmulateViewport(1280, 800),
				chromedp.Navigate(s.URL+"/"),
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
