package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/store"
)

// An instructor with one sale and one review lands on their dashboard:
// the student count, the earnings (their 70% of the sale), the rating and
// the review's text are there, the course table has the course, and the
// page fits a phone.
func TestInstructorDashboard(t *testing.T) {
	s := startSite(t)
	bg := context.Background()
	teacher := s.user(t, "tess@e2e.io", "dashboard pass 42", "Tess Teacher", store.RoleInstructor)
	buyer := s.user(t, "bea@e2e.io", "dashboard pass 42", "Bea Buyer")
	cid := s.articleCourse(t, teacher, "Alpha Algebra", 3000)
	s.buy(t, buyer, cid)
	const comment = "Clear explanations and plenty of practice."
	if _, _, err := s.App.Learning.Review(bg, buyer, cid, 4, comment); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	uiLogin(t, ctx, s.URL, "tess@e2e.io", "dashboard pass 42")
	run(t, ctx, "open the dashboard from the header",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Click(css(`header a[href="/instructor"]`)),
		chromedp.WaitVisible(css(`[data-testid="dash-students-total"]`)),
	)
	text := func(step, sel string) string {
		return strings.TrimSpace(get(t, ctx, step, chromedp.Text(css(sel))))
	}
	if got := text("read the students", `[data-testid="dash-students-total"]`); got != "1" {
		t.Errorf("students: %q, want 1", got)
	}
	if got := text("read the earnings", `[data-testid="dash-earnings"]`); !strings.Contains(got, "$21.00") {
		t.Errorf("earnings card: %q, want $21.00 (70%% of $30.00)", got)
	}
	if got := text("read the rating", `[data-testid="dash-rating"]`); !strings.Contains(got, "4.0") || !strings.Contains(got, "1 review") {
		t.Errorf("rating card: %q, want 4.0 from 1 review", got)
	}
	if got := text("read the review", `[data-testid="dash-review"]`); !strings.Contains(got, comment) || !strings.Contains(got, "Bea Buyer") || !strings.Contains(got, "Alpha Algebra") {
		t.Errorf("recent review: %q", got)
	}
	if got := text("read the course table", `[data-testid="dash-course"]`); !strings.Contains(got, "Alpha Algebra") || !strings.Contains(got, "$21.00") || !strings.Contains(got, "Published") {
		t.Errorf("course row: %q", got)
	}
	artefact(t, ctx, "instructor-dashboard-1280")

	// A phone: nothing wider than the screen but the table, which scrolls
	// in its own region.
	run(t, ctx, "narrow to a phone", chromedp.EmulateViewport(390, 844))
	overflow := get(t, ctx, "measure the page width", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if overflow {
		t.Errorf("the dashboard is wider than a 390 px screen")
	}
	artefact(t, ctx, "instructor-dashboard-390")

	// Onward: the Q&A inbox and the revenue page are one click away.
	run(t, ctx, "go on to revenue",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Click(css(`[data-testid="revenue-link"]`)),
		chromedp.WaitVisible(css(`[data-testid="revenue-totals"]`)),
	)
}
