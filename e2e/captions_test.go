package e2e

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
)

// An instructor adds captions to a lecture in the editor (an SRT file, which
// becomes WebVTT), replaces them, watches the lecture with them on — the
// captions sit above the control bar, and the bar stays on one row at a
// desktop width and at a phone's — and deletes them again.
func TestCaptionsInEditorAndPlayer(t *testing.T) {
	s := startSite(t)
	owner, err := s.App.CreateUser(context.Background(), "cara@example.com", "subtitles all the way 3", "Cara Captions", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	title, desc, free := "Captioned Colour Bars", "Bars, with words.", int64(0)
	course, lectureID := courseWithVideo(t, s, owner, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &free}, "Signals", "Reading the bars", 12, "640x360")
	dir := t.TempDir()
	srt := filepath.Join(dir, "bars.srt")
	if err := os.WriteFile(srt, []byte("1\r\n00:00:00,000 --> 00:00:30,000\r\nThe bars are <i>calibrated</i>\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vtt := filepath.Join(dir, "bars.vtt")
	if err := os.WriteFile(vtt, []byte("WEBVTT\n\n00:00.000 --> 00:30.000\nEvery bar has a meaning\nand a second line\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// Two uploads, the player at two widths and a delete: more steps than
	// most browser tests, so more time on a busy machine.
	ctx := browserWithin(t, 180*time.Second)
	uiLogin(t, ctx, s.URL, "cara@example.com", "subtitles all the way 3")
	editor := s.URL + "/instructor/courses/" + strconv.FormatInt(course.ID, 10) + "/edit"
	run(t, ctx, "add Spanish captions from an SRT file",
		chromedp.Navigate(editor),
		chromedp.WaitVisible(css(`[data-testid="captions-editor"]`)),
		chromedp.SendKeys(css(`[data-testid="captions-editor"] input[name="language"]`), "es"),
		chromedp.SendKeys(css(`[data-testid="captions-editor"] input[name="label"]`), "Español"),
		chromedp.SetUploadFiles(css(`[data-testid="caption-file"]`), []string{srt}, chromedp.NodeReady),
		chromedp.Click(css(`[data-testid="captions-editor"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="caption-track"][data-language="es"]`)),
	)
	run(t, ctx, "replace them with a WebVTT file",
		chromedp.SendKeys(css(`[data-testid="captions-editor"] input[name="language"]`), "es"),
		chromedp.SetUploadFiles(css(`[data-testid="caption-file"]`), []string{vtt}, chromedp.NodeReady),
		chromedp.Click(css(`[data-testid="captions-editor"] button[type="submit"]`)),
	)
	// Leave the editor only once the new file is stored: navigating away
	// mid-request would cancel it.
	stored := time.Now().Add(20 * time.Second)
	for !strings.Contains(storedCaptions(t, s, lectureID), "Every bar has a meaning") {
		if time.Now().After(stored) {
			t.Fatalf("the WebVTT file was not stored: %q", storedCaptions(t, s, lectureID))
		}
		time.Sleep(50 * time.Millisecond)
	}
	poll := func(step, cond string, timeout time.Duration) {
		t.Helper()
		get(t, ctx, step, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	}
	poll("the replacement is saved", `(() => { const b = document.querySelector('[data-testid="captions-editor"] button[type="submit"]'); return !!b && !b.disabled && !document.querySelector('[data-testid="captions-editor"] [role="alert"]'); })()`, 10*time.Second)
	tracks, err := s.App.DB.Captions(context.Background(), mustVideo(t, s, lectureID))
	if err != nil || len(tracks) != 1 || tracks[0].Language != "es" {
		t.Fatalf("stored tracks = %+v, %v", tracks, err)
	}

	// Watch with captions on: they show above the bar, which stays one row.
	layout := `(() => {
		const cap = document.querySelector('[data-testid="player-captions"]');
		const bar = document.querySelector('.player-bar');
		const seek = document.querySelector('.player-seek');
		if (!cap || !bar || !seek) return '';
		const tops = [...bar.querySelectorAll(':scope > *, :scope > .player-settings > *')].filter((el) => el.getBoundingClientRect().width > 0).map((el) => el.getBoundingClientRect());
		const oneRow = tops.every((r) => r.top < tops[0].bottom && r.bottom > tops[0].top);
		const frame = document.querySelector('[data-testid="player-frame"]').getBoundingClientRect();
		const inside = tops.every((r) => r.right <= frame.right + 1);
		const above = cap.getBoundingClientRect().bottom <= seek.getBoundingClientRect().top + 1;
		return JSON.stringify({ oneRow, inside, above, text: cap.innerText });
	})()`
	check := func(width int) {
		t.Helper()
		run(t, ctx, "open the player at width "+strconv.Itoa(width),
			chromedp.EmulateViewport(int64(width), 800),
			chromedp.Navigate(s.URL+"/learn/"+course.Slug+"/"+strconv.FormatInt(lectureID, 10)),
			chromedp.WaitVisible(css(`[data-testid="player-play"]`)),
		)
		// A narrow player keeps speed, quality and captions behind its settings button.
		narrow := get(t, ctx, "is the player narrow", chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('[data-testid="player-settings"]')).display !== 'none'`))
		if narrow {
			run(t, ctx, "open the player settings", chromedp.Click(css(`[data-testid="player-settings"]`)))
		}
		run(t, ctx, "choose the captions",
			chromedp.WaitVisible(css(`[data-testid="captions-menu"]`)),
			chromedp.SetValue(css(`[data-testid="captions-menu"]`), "0"),
		)
		get(t, ctx, "turn captions on", chromedp.Evaluate[bool](`(() => { const s = document.querySelector('[data-testid="captions-menu"]'); s.dispatchEvent(new Event('change', { bubbles: true })); document.querySelector('video[data-testid="player-video"]').currentTime = 1; return true; })()`))
		if narrow {
			run(t, ctx, "close the player settings", chromedp.Click(css(`[data-testid="player-settings"]`)), chromedp.WaitNotVisible(css(`[data-testid="captions-menu"]`)))
		}
		poll("captions show", `(() => { const c = document.querySelector('[data-testid="player-captions"]'); return !!c && c.innerText.includes('Every bar has a meaning'); })()`, 20*time.Second)
		got := get(t, ctx, "measure the layout", chromedp.Evaluate[string](layout))
		want := `{"oneRow":true,"inside":true,"above":true,"text":"Every bar has a meaning\nand a second line"}`
		if got != want {
			t.Errorf("at %d px wide: %s, want %s", width, got, want)
		}
	}
	check(1280)
	check(380)

	run(t, ctx, "delete the captions",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(editor),
		chromedp.WaitVisible(css(`[data-testid="caption-track"][data-language="es"]`)),
	)
	get(t, ctx, "accept the confirmation", chromedp.Evaluate[bool](`(() => { window.confirm = () => true; return true; })()`))
	run(t, ctx, "delete the captions",
		chromedp.Click(css(`[data-testid="caption-track"][data-language="es"] .btn-danger-link`)),
		chromedp.WaitNotPresent(css(`[data-testid="caption-track"]`)),
	)
	if tracks, _ := s.App.DB.Captions(context.Background(), mustVideo(t, s, lectureID)); len(tracks) != 0 {
		t.Errorf("tracks after delete = %+v", tracks)
	}
}

// storedCaptions is the text of the lecture's one stored caption file
// ("" while there is none).
func storedCaptions(t *testing.T, s *site, lectureID int64) string {
	t.Helper()
	ctx := context.Background()
	tracks, err := s.App.DB.Captions(ctx, mustVideo(t, s, lectureID))
	if err != nil || len(tracks) != 1 {
		return ""
	}
	r, err := s.App.Files.Open(ctx, tracks[0].Key)
	if err != nil {
		return ""
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	return string(b)
}

func mustVideo(t *testing.T, s *site, lectureID int64) int64 {
	t.Helper()
	v, err := s.App.DB.LatestVideoForLecture(context.Background(), lectureID)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}
