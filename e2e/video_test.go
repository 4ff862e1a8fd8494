package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// An instructor uploads a video through the course editor's file input and
// watches it upload and process; a student who enrolled then opens the
// player, and the video really plays (its time advances) with hls.js offering
// more than one quality — all under the site's CSP, which must report nothing.
func TestUploadThenPlay(t *testing.T) {
	s := startSite(t)
	workers, stopWorkers := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.App.RunWorkers(workers); close(done) }()
	t.Cleanup(func() { stopWorkers(); <-done })

	ctx0 := context.Background()
	if _, err := s.App.CreateUser(ctx0, "vera@example.com", "moving pictures 42", "Vera Video", []string{"instructor"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.CreateUser(ctx0, "sam@example.com", "student of film 42", "Sam Student", []string{"student"}, true); err != nil {
		t.Fatal(err)
	}
	// 854x480 makes a 480p and a 360p rendition.
	clipPath := filepath.Join(t.TempDir(), "test-card.mp4")
	if err := os.WriteFile(clipPath, makeClip(t, 6, "854x480"), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	cspErrors := watchCSP(t, ctx)
	uiLogin(t, ctx, s.URL, "vera@example.com", "moving pictures 42")

	run(t, ctx, "create a course",
		chromedp.Navigate(s.URL+"/instructor"),
		chromedp.WaitVisible(css(`[data-testid="create-course"] input[name="title"]`)),
		chromedp.SendKeys(css(`[data-testid="create-course"] input[name="title"]`), "Filming Test Patterns"),
		chromedp.Click(css(`[data-testid="create-course"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="course-editor"]`)),
		chromedp.SendKeys(css(`textarea[name="description_md"]`), "Colour bars, tones and what they tell you."),
		chromedp.Click(css(`[data-testid="save-details"]`)),
		chromedp.WaitVisible(css(`#details .alert-success`)),
	)
	courseID := get(t, ctx, "read the course id", chromedp.AttributeValue(css(`[data-testid="course-editor"]`), "data-course-id")).Value

	run(t, ctx, "add a section and a video lecture",
		chromedp.SendKeys(css(`#new-section-title`), "Signals"),
		chromedp.Click(css(`[data-testid="add-section"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="section"] [data-testid="add-lecture"] input[name="lecture-title"]`)),
		chromedp.SendKeys(css(`[data-testid="section"] [data-testid="add-lecture"] input[name="lecture-title"]`), "Test card"),
		chromedp.Click(css(`[data-testid="section"] [data-testid="add-lecture"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="lecture"] [data-testid="video-status"][data-status="none"]`)),
	)
	if status := get(t, ctx, "read the empty status", chromedp.Text(css(`[data-testid="lecture"] [data-testid="video-status"]`))); !strings.Contains(status, "none yet") {
		t.Errorf("before an upload the lecture says %q", status)
	}

	// Every status the editor shows from here on is recorded, so the test
	// sees the upload and processing states however briefly they last.
	get(t, ctx, "watch the status", chromedp.Evaluate[bool](`(() => {
		window.__seen = [];
		const note = () => {
			const el = document.querySelector('[data-testid="lecture"] [data-testid="video-status"]');
			const s = el && el.dataset.status;
			if (s && window.__seen[window.__seen.length - 1] !== s) window.__seen.push(s);
		};
		new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
		return true;
	})()`))
	run(t, ctx, "upload the clip through the file input",
		chromedp.SetUploadFiles(css(`[data-testid="lecture"] [data-testid="video-upload-input"]`), []string{clipPath}, chromedp.NodeReady),
	)
	get(t, ctx, "wait until the video is ready", chromedp.Poll[bool](
		`!!document.querySelector('[data-testid="lecture"] [data-testid="video-status"][data-status="ready"]')`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	seen := get(t, ctx, "read the statuses shown", chromedp.Evaluate[[]string](`window.__seen.filter(s => s !== 'none')`))
	if len(seen) < 3 || seen[0] != "uploading" || !(hasString(seen, "queued") || hasString(seen, "processing")) {
		t.Errorf("the editor showed the statuses %q; want uploading, then queued or processing, then ready", seen)
	}
	if status := get(t, ctx, "read the ready status", chromedp.Text(css(`[data-testid="lecture"] [data-testid="video-status"]`))); !strings.Contains(status, "ready") || !strings.Contains(status, "0:06") {
		t.Errorf("a processed video shows %q", status)
	}
	if q := get(t, ctx, "read the qualities", chromedp.Text(css(`[data-testid="lecture"] .video-renditions`))); !strings.Contains(q, "480p") || !strings.Contains(q, "360p") {
		t.Errorf("the qualities listed are %q", q)
	}

	form := `[data-testid="section"] [data-testid="add-lecture"]`
	get(t, ctx, "the lecture form clears", chromedp.Poll[bool](`document.querySelector('[data-testid="section"] [data-testid="add-lecture"] input[name="lecture-title"]').value === ""`))
	run(t, ctx, "add an article after the video",
		chromedp.SendKeys(css(form+` input[name="lecture-title"]`), "Reading the bars"),
		chromedp.SetValue(css(form+` select[name="lecture-kind"]`), "article"),
		chromedp.Click(css(form+` button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="lecture"]:nth-child(2) textarea[name="body_md"]`)),
		chromedp.SendKeys(css(`[data-testid="lecture"]:nth-child(2) textarea[name="body_md"]`), "Bars go **left** to right."),
		chromedp.Click(css(`[data-testid="lecture"]:nth-child(2) [data-testid="save-body"]`)),
		chromedp.WaitVisible(css(`[data-testid="save-status"]`)),
	)
	get(t, ctx, "the article is saved", chromedp.Poll[bool](`document.querySelector('[data-testid="save-status"]').dataset.state === 'success'`))
	run(t, ctx, "publish the (free) course",
		chromedp.Click(css(`[data-testid="publish"]`)),
		chromedp.WaitVisible(css(`[data-testid="course-status"][data-status="published"]`)),
	)

	// The student enrolls (through the API: the course page's buy box is not
	// what this test is about), then watches in a browser of their own.
	session := api(t, "POST", s.URL+"/api/v1/auth/login", "", map[string]string{"email": "sam@example.com", "password": "student of film 42"}, 200)
	token, _ := session["access_token"].(string)
	course := api(t, "POST", s.URL+"/api/v1/courses/"+courseID+"/enroll", token, nil, 201)
	slug, _ := course["slug"].(string)

	student := browser(t)
	studentCSP := watchCSP(t, student)
	uiLogin(t, student, s.URL, "sam@example.com", "student of film 42")
	run(t, student, "open the player",
		chromedp.Navigate(s.URL+"/learn/"+slug),
		chromedp.WaitVisible(css(`[data-testid="player-video"]`)),
	)
	get(t, student, "the video plays past one second", chromedp.Poll[bool](
		`(() => { const v = document.querySelector('[data-testid=player-video]'); return !!v && v.currentTime > 1.0 && !v.paused; })()`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	levels := get(t, student, "read the quality levels", chromedp.Evaluate[int](`window.__lecternPlayer ? window.__lecternPlayer.levels : 0`))
	if levels < 2 {
		t.Errorf("hls.js found %d quality levels, want at least 2 (480p and 360p)", levels)
	}
	options := get(t, student, "read the quality menu", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-testid="quality-menu"] option')].map(o => o.textContent)`))
	if len(options) < 3 || !strings.HasPrefix(options[0], "Auto") || options[1] != "480p" || options[2] != "360p" {
		t.Errorf("the quality menu offers %q", options)
	}
	if wm := get(t, student, "read the watermark", chromedp.Text(css(`[data-testid="player-watermark"]`))); wm != "sam@example.com" {
		t.Errorf("the watermark says %q", wm)
	}

	// The next lecture is the article: its text, and "Mark as done" ticks it off.
	run(t, student, "open the article and mark it done",
		chromedp.Click(css(`[data-testid="next-lecture"]`)),
		chromedp.WaitVisible(css(`[data-testid="player-article"] strong`)),
		chromedp.Click(css(`[data-testid="mark-done"]`)),
		chromedp.WaitVisible(css(`[data-testid="player-curriculum"] [data-testid="player-lecture"][data-done]`)),
	)
	if body := get(t, student, "read the article", chromedp.Text(css(`[data-testid="player-article"] .learn-article-body`))); body != "Bars go left to right." {
		t.Errorf("the article shows %q", body)
	}
	if msgs := cspErrors(); len(msgs) > 0 {
		t.Errorf("the editor broke the CSP: %q", msgs)
	}
	if msgs := studentCSP(); len(msgs) > 0 {
		t.Errorf("the player broke the CSP: %q", msgs)
	}
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func uiLogin(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	run(t, ctx, "log in as "+email,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), email),
		chromedp.SendKeys(css(`input[name="password"]`), password),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
}

// watchCSP collects the browser's reports of Content Security Policy
// violations in a tab; call the returned func to read them.
func watchCSP(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var found []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if strings.Contains(m.Text, "Content Security Policy") {
				mu.Lock()
				found = append(found, m.Text)
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), found...)
	}
}
