package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lectern/lectern/internal/catalog"
)

// artefact saves a screenshot of the page under the test output directory
// (LECTERN_TEST_ARTIFACTS, by default e2e/artifacts), kept after the run.
func artefact(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LECTERN_TEST_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A visitor sees the featured row the admin chose, plays a course's preview
// in a modal on its page and follows the instructor to their profile.
func TestLandingFeaturedRowAndInstructorProfile(t *testing.T) {
	s := startSite(t)
	bg := context.Background()
	if err := s.App.SeedDemo(bg); err != nil {
		t.Fatal(err)
	}
	ian, err := s.App.DB.UserByEmail(bg, "instructor@demo.lectern.dev")
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := s.App.DB.UserByEmail(bg, "admin@demo.lectern.dev")
	// One course with a processed preview video.
	course, lectureID := courseWithVideo(t, s, ian, catalog.CourseInput{Title: ptr("Concurrency in Go"), Subtitle: ptr("Goroutines and channels"),
		DescriptionMD: ptr("Learn goroutines."), PriceCents: ptr(int64(2900))}, "Start", "Goroutines", 6, "640x360")
	yes := true
	if _, err := s.App.Catalog.UpdateLecture(bg, ian, lectureID, catalog.LectureInput{IsPreview: &yes}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)

	featuredTitles := func() string {
		return get(t, ctx, "read the featured row", chromedp.Evaluate[string](
			`[...document.querySelectorAll('[data-testid="featured-row"] .course-card-title')].map(e => e.textContent).join('|')`))
	}
	run(t, ctx, "open the home page",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(css(`[data-testid="featured-row"] [data-testid="course-card"]`)),
	)
	artefact(t, ctx, "landing-home")
	if got := featuredTitles(); !strings.Contains(got, "Go for Busy Engineers") || strings.Contains(got, "Concurrency in Go") {
		t.Errorf("featured row before the admin's change: %s", got)
	}
	// The admin's switch decides the row.
	goCourse, _ := s.App.DB.CourseBySlug(bg, "go-for-busy-engineers")
	if _, err := s.App.Catalog.Feature(bg, admin, goCourse.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Catalog.Feature(bg, admin, course.ID, true); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "reload the home page",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(css(`[data-testid="featured-row"] [data-testid="course-card"]`)),
	)
	if got := featuredTitles(); strings.Contains(got, "Go for Busy Engineers") || !strings.Contains(got, "Concurrency in Go") {
		t.Errorf("featured row after the admin featured one course and unfeatured another: %s", got)
	}

	run(t, ctx, "open the course and play its preview in place",
		chromedp.Navigate(s.URL+"/courses/"+course.Slug),
		chromedp.WaitVisible(css(`[data-testid="course-included"]`)),
		chromedp.WaitVisible(css(`[data-testid="last-updated"]`)),
		chromedp.WaitVisible(css(`[data-testid="share-links"]`)),
		chromedp.Click(css(`[data-testid="preview-play"]`)),
		chromedp.WaitVisible(css(`[data-testid="preview-player"] video`)),
	)
	get(t, ctx, "the preview plays", chromedp.Poll[bool](`(() => { const v = document.querySelector('[data-testid="preview-player"] video'); return !!v && v.currentTime > 0.5 })()`))
	if u := get(t, ctx, "still on the course page", chromedp.Location()); !strings.HasSuffix(u, "/courses/"+course.Slug) {
		t.Errorf("playing the preview left the course page for %s", u)
	}
	artefact(t, ctx, "landing-course-preview")
	run(t, ctx, "close the preview", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(css(`[data-testid="preview-dialog"]`)))
	included := get(t, ctx, "read what is included", chromedp.Text(css(`[data-testid="course-included"]`)))
	if !strings.Contains(included, "video lecture") {
		t.Errorf("what the course includes: %q", included)
	}

	run(t, ctx, "follow the instructor to their profile",
		chromedp.Click(css(`[data-testid="instructor-link"]`)),
		chromedp.WaitVisible(css(`[data-testid="instructor-page"]`)),
		chromedp.WaitVisible(css(`[data-testid="instructor-courses"] [data-testid="course-card"]`)),
	)
	artefact(t, ctx, "instructor-profile")
	page := get(t, ctx, "read the profile", chromedp.Text(css(`[data-testid="instructor-page"]`)))
	cards := get(t, ctx, "count the courses", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="instructor-courses"] [data-testid="course-card"]').length`))
	if !strings.Contains(page, "Ian Instructor") || !strings.Contains(page, "payment systems") || !strings.Contains(page, "instructor rating") || cards != 5 {
		t.Errorf("instructor profile with %d courses:\n%s", cards, page)
	}
	if u := get(t, ctx, "profile address", chromedp.Location()); !strings.HasSuffix(u, fmt.Sprintf("/instructors/%d", ian.ID)) {
		t.Errorf("profile at %s", u)
	}
}

func ptr[T any](v T) *T { return &v }
