package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lectern/lectern/internal/catalog"
)

// A visitor (not signed in) opens a course and clicks its free preview
// lecture in the curriculum: the lecture plays in a modal player (its video is
// encrypted, so this also fetches the key as a visitor), focus is inside the
// modal, Escape closes it and stops the video, and the address never changes.
func TestPreviewLectureInModalForVisitor(t *testing.T) {
	s := startSite(t)
	bg := context.Background()
	ian, err := s.App.CreateUser(bg, "ian@e2e.io", "instructor pass 42", "Ian Instructor", []string{"student", "instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	course, lectureID := courseWithVideo(t, s, ian, catalog.CourseInput{Title: ptr("Previewable Course"), Subtitle: ptr("Try before you buy"),
		DescriptionMD: ptr("Watch the first lecture free."), PriceCents: ptr(int64(1900))}, "Start", "Free first lecture", 6, "640x360")
	yes := true
	if _, err := s.App.Catalog.UpdateLecture(bg, ian, lectureID, catalog.LectureInput{IsPreview: &yes}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	page := s.URL + "/courses/" + course.Slug
	run(t, ctx, "open the course as a visitor",
		chromedp.Navigate(page),
		chromedp.WaitVisible(css(`[data-testid="curriculum-preview"]`)),
	)
	before := get(t, ctx, "history length", chromedp.Evaluate[int](`history.length`))
	run(t, ctx, "click the preview lecture",
		chromedp.Click(css(`[data-testid="curriculum-preview"]`)),
		chromedp.WaitVisible(css(`[data-testid="preview-dialog"] [data-testid="preview-player"] video`)),
	)
	if modal := get(t, ctx, "the dialog is modal and has focus", chromedp.Evaluate[bool](
		`(() => { const d = document.querySelector('[data-testid="preview-dialog"]'); return d.matches(':modal') && d.contains(document.activeElement); })()`)); !modal {
		t.Error("the preview is not a modal dialog holding the focus")
	}
	get(t, ctx, "the preview video plays", chromedp.Poll[bool](
		`(() => { const v = document.querySelector('[data-testid="preview-dialog"] video'); return !!v && v.currentTime > 1 && !v.paused; })()`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if u := get(t, ctx, "address while playing", chromedp.Location()); u != page {
		t.Errorf("playing the preview moved to %s", u)
	}
	artefact(t, ctx, "preview-modal")

	run(t, ctx, "Escape closes the preview",
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotPresent(css(`[data-testid="preview-dialog"]`)),
	)
	if n := get(t, ctx, "no video left on the page", chromedp.Evaluate[int](`document.querySelectorAll('video').length`)); n != 0 {
		t.Errorf("%d video elements remain after closing the preview", n)
	}
	if f := get(t, ctx, "focus back on the lecture", chromedp.Evaluate[string](`document.activeElement?.dataset.testid ?? ''`)); f != "curriculum-preview" {
		t.Errorf("focus after closing: %q", f)
	}
	if u := get(t, ctx, "address after closing", chromedp.Location()); u != page {
		t.Errorf("the course page's address changed to %s", u)
	}
	if after := get(t, ctx, "history length after", chromedp.Evaluate[int](`history.length`)); after != before {
		t.Errorf("history grew from %d to %d entries", before, after)
	}

	// The header's "Preview this course" opens the same player; its close button closes it.
	run(t, ctx, "preview from the course header",
		chromedp.Click(css(`[data-testid="preview-play"]`)),
		chromedp.WaitVisible(css(`[data-testid="preview-dialog"] [data-testid="preview-player"] video`)),
		chromedp.Click(css(`[data-testid="preview-close"]`)),
		chromedp.WaitNotPresent(css(`[data-testid="preview-dialog"]`)),
	)
}
