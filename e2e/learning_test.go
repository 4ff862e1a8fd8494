package e2e

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/store"
)

// A student enrolls in a free course, watches a few seconds of its video,
// reloads and carries on from the same second, watches to the end and sees
// the lecture ticked off; then writes a 5-star review and sees the course's
// rating become 5.0. An admin hides that review from the moderation console,
// and the course page goes back to "No ratings yet".
func TestWatchResumeReviewModerate(t *testing.T) {
	s := startSite(t)
	ctx0 := context.Background()
	if _, err := s.App.CreateUser(ctx0, "admin@example.com", "keeper of the keys 7", "Ada Admin", []string{"admin"}, true); err != nil {
		t.Fatal(err)
	}
	student, err := s.App.CreateUser(ctx0, "lena@example.com", "the art of learning 7", "Lena Learner", []string{"student"}, true)
	if err != nil {
		t.Fatal(err)
	}
	course, lectureID := freeCourseWithClip(t, s)
	slug := course.Slug

	// ---- The student enrolls and watches. ----
	ctx := browser(t)
	run(t, ctx, "log in as the student",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "lena@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "the art of learning 7"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
	// Enrolling in a free course takes the student straight into it.
	run(t, ctx, "enroll on the course page",
		chromedp.Navigate(s.URL+"/courses/"+slug),
		chromedp.WaitVisible(css(`[data-testid="enroll"]`)),
		chromedp.Click(css(`[data-testid="enroll"]`)),
		chromedp.WaitVisible(css(`video[data-testid="player-video"]`)),
	)
	if u := get(t, ctx, "the address after enrolling", chromedp.Location()); !strings.Contains(u, "/learn/"+slug) {
		t.Errorf("enrolling left the student at %s, want the player", u)
	}

	const video = `document.querySelector('video[data-testid="player-video"]')`
	poll := func(step, cond string, timeout time.Duration) {
		t.Helper()
		get(t, ctx, step, chromedp.Poll[bool](cond,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	}
	poll("the video plays past 4 s", `(() => { const v = `+video+`; return !!v && !v.paused && v.currentTime > 4.2; })()`, 30*time.Second)
	// Pausing reports the position at once; the reload then finds it saved.
	before := get(t, ctx, "pause", chromedp.Evaluate[float64](`(() => { const v = `+video+`; v.pause(); return v.currentTime; })()`))
	eventually(t, "the position is saved", func() (bool, string) {
		p, err := s.App.Learning.Progress(ctx0, student, course.ID)
		if err != nil {
			return false, err.Error()
		}
		pos := p.ByLecture[lectureID].PositionS
		return math.Abs(pos-before) < 0.6, fmt.Sprintf("saved %.1f s, paused at %.1f s", pos, before)
	})

	// The address is /learn/{slug}/{lecture} by now: a reload asks for this lecture by id.
	run(t, ctx, "reload the player",
		chromedp.Reload(),
		chromedp.WaitVisible(css(`video[data-testid="player-video"]`)),
	)
	// A player that starts from 0 passes 1 s only after a second of playing;
	// one that resumes jumps straight past it.
	poll("the video resumes", `(() => { const v = `+video+`; return !!v && v.readyState >= 1 && v.currentTime > 1; })()`, 20*time.Second)
	after := get(t, ctx, "read where it resumed", chromedp.Evaluate[float64](video+`.currentTime`))
	if math.Abs(after-before) >= 2.5 {
		t.Fatalf("after a reload the video is at %.1f s; it was paused at %.1f s", after, before)
	}

	// The server completes a lecture only when 90% of it was really played:
	// play the rest (at 2x, the fastest the server believes) rather than seek.
	get(t, ctx, "play to the end at double speed",
		chromedp.Evaluate[bool](`(() => { const v = `+video+`; v.playbackRate = 2; v.play(); return true; })()`))
	poll("the video ends", video+`.ended`, 30*time.Second)
	run(t, ctx, "the sidebar ticks the lecture",
		chromedp.WaitVisible(css(`[data-testid="player-curriculum"] [data-testid="player-lecture"][data-done]`)),
	)
	p, err := s.App.Learning.Progress(ctx0, student, course.ID)
	if err != nil {
		t.Fatal(err)
	}
	if lp := p.ByLecture[lectureID]; lp.CompletedAt == nil || p.Percent != 100 {
		t.Errorf("after watching to the end: completed at %v, course %d%% done", lp.CompletedAt, p.Percent)
	}

	// ---- The student reviews the course. ----
	const comment = "Clear and calm.\nThe second half made it click."
	run(t, ctx, "write a 5-star review",
		chromedp.Navigate(s.URL+"/courses/"+slug),
		chromedp.WaitVisible(css(`[data-testid="review-form"]`)),
		chromedp.Click(css(`[data-testid="review-form"] label[data-star="5"]`)),
		chromedp.SendKeys(css(`[data-testid="review-form"] textarea[name="comment"]`), comment),
		chromedp.Click(css(`[data-testid="review-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="my-review"][data-status="visible"]`)),
	)
	get(t, ctx, "the rating average shows 5.0", chromedp.Poll[bool](
		`document.querySelector('[data-testid="rating-average"]')?.textContent === '5.0'`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	listed := get(t, ctx, "read the review list", chromedp.Text(css(`[data-testid="review-list"]`)))
	if !strings.Contains(listed, "Lena Learner") || !strings.Contains(listed, "The second half made it click.") {
		t.Errorf("the review list shows %q", listed)
	}

	// ---- An admin hides the review. ----
	admin := browser(t)
	run(t, admin, "log in as the admin",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "admin@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "keeper of the keys 7"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
	item := `[data-testid="moderation-queue"] [data-testid="moderation-item"]`
	run(t, admin, "open the visible reviews",
		chromedp.Navigate(s.URL+"/admin/reviews?status=visible"),
		chromedp.WaitVisible(css(item)),
	)
	if text := get(t, admin, "read the queue", chromedp.Text(css(item))); !strings.Contains(text, "The second half made it click.") || !strings.Contains(text, "Crystal Clear Colour Bars") {
		t.Errorf("the moderation queue shows %q", text)
	}
	run(t, admin, "hide the review",
		chromedp.SendKeys(css(item+` input[name="reason"]`), "e2e: checking moderation"),
		chromedp.Click(css(item+` [data-testid="hide-review"]`)),
		chromedp.WaitVisible(css(item+`[data-status="hidden"] [data-testid="moderation-result"]`)),
	)

	run(t, ctx, "the course page has no rating again",
		chromedp.Reload(),
		chromedp.WaitVisible(css(`[data-testid="rating-summary"]`)),
		chromedp.WaitVisible(css(`[data-testid="my-review"][data-status="hidden"]`)),
	)
	summary := get(t, ctx, "read the rating summary", chromedp.Text(css(`[data-testid="rating-summary"]`)))
	shown := get(t, ctx, "look for an average", chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="rating-average"]')`))
	if !strings.Contains(summary, "No ratings yet") || shown {
		t.Errorf("after hiding the only review the summary says %q (average shown: %v)", summary, shown)
	}
}

// freeCourseWithClip publishes a free course by instructor Ivo whose one
// lecture has a processed 12-second video (made through the services: the
// upload UI is another test's business), with the workers running.
func freeCourseWithClip(t *testing.T, s *site) (*store.Course, int64) {
	t.Helper()
	ivo, err := s.App.CreateUser(context.Background(), "ivo@example.com", "colour me calibrated", "Ivo Instructor", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	title, desc, free := "Crystal Clear Colour Bars", "What a test card tells you, in twelve seconds.", int64(0)
	return courseWithVideo(t, s, ivo, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &free},
		"Signals", "Reading the bars", 12, "640x360")
}
