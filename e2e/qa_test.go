package e2e

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A student plays a video lecture and asks a question at the time it is
// paused at; the instructor answers it from the Q&A inbox; the student's
// bell counts the answer, its notification leads to the question with the
// instructor's answer marked, and the student accepts it. Then a note
// written at a time in the video plays the video from there when clicked.
func TestQuestionAnswerNotificationNote(t *testing.T) {
	s := startSite(t)
	ctx0 := context.Background()
	student, err := s.App.CreateUser(ctx0, "sam@example.com", "curious about colour 7", "Sam Student", []string{"student"}, true)
	if err != nil {
		t.Fatal(err)
	}
	course, lectureID := freeCourseWithClip(t, s) // instructor: ivo@example.com

	ctx := browser(t)
	uiLogin(t, ctx, s.URL, "sam@example.com", "curious about colour 7")
	run(t, ctx, "enroll and open the player",
		chromedp.Navigate(s.URL+"/courses/"+course.Slug),
		chromedp.WaitVisible(css(`[data-testid="enroll"]`)),
		chromedp.Click(css(`[data-testid="enroll"]`)),
		chromedp.WaitVisible(css(`video[data-testid="player-video"]`)),
	)
	const video = `document.querySelector('video[data-testid="player-video"]')`
	poll := func(c context.Context, step, cond string, timeout time.Duration) {
		t.Helper()
		get(t, c, step, chromedp.Poll[bool](cond,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	}
	poll(ctx, "the video plays past 3 s", `(() => { const v = `+video+`; return !!v && !v.paused && v.currentTime > 3.2; })()`, 30*time.Second)
	pausedAt := get(t, ctx, "pause", chromedp.Evaluate[float64](`(() => { const v = `+video+`; v.pause(); return v.currentTime; })()`))
	if get(t, ctx, "look at the bell", chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="bell-count"]')`)) {
		t.Fatal("the bell shows unread notifications before anything happened")
	}

	// ---- The student asks at the paused time. ----
	const title = "Why is the blue bar darker than the red one?"
	run(t, ctx, "ask a question at the current time",
		chromedp.WaitVisible(css(`[data-testid="qa-ask"]`)),
		chromedp.SendKeys(css(`input[data-testid="qa-title"]`), title),
		chromedp.Click(css(`[data-testid="qa-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="qa-question"]`)),
	)
	stamp := fmt.Sprintf("0:%02d", int(pausedAt))
	if text := get(t, ctx, "read the question", chromedp.Text(css(`[data-testid="qa-question"]`))); !strings.Contains(text, title) || !strings.Contains(text, stamp) {
		t.Errorf("the question shows %q, want its title and %s", text, stamp)
	}
	page, err := s.App.Learning.LectureQuestions(ctx0, student, lectureID, "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Questions) != 1 || page.Questions[0].AtS == nil || *page.Questions[0].AtS != math.Floor(pausedAt) {
		t.Fatalf("stored questions after asking at %.2f s: %+v", pausedAt, page.Questions)
	}
	question := page.Questions[0]

	// ---- The instructor answers from the inbox. ----
	const reply = "Blue carries less luminance: the bars are equal in signal, not in brightness."
	ictx := browser(t)
	uiLogin(t, ictx, s.URL, "ivo@example.com", "colour me calibrated")
	run(t, ictx, "open the Q&A inbox",
		chromedp.Navigate(s.URL+"/instructor/questions"),
		chromedp.WaitVisible(css(`[data-testid="inbox-question"]`)),
	)
	if text := get(t, ictx, "read the inbox", chromedp.Text(css(`[data-testid="qa-inbox"]`))); !strings.Contains(text, title) || !strings.Contains(text, "Sam Student") || !strings.Contains(text, "at "+stamp) {
		t.Errorf("the inbox shows %q", text)
	}
	run(t, ictx, "answer inline",
		chromedp.SendKeys(css(`[data-testid="inbox-question"] textarea[data-testid="inbox-answer"]`), reply),
		chromedp.Click(css(`[data-testid="inbox-question"] [data-testid="inbox-submit"]`)),
	)
	poll(ictx, "the answered question leaves the inbox", `!document.querySelector('[data-testid="inbox-question"]') && document.body.textContent.includes('All caught up')`, 10*time.Second)

	// ---- The student's bell counts it; the notification leads to the answer. ----
	poll(ctx, "the bell counts one unread notification",
		`document.querySelector('[data-testid="bell-count"]')?.textContent.replace(/\D/g, '') === '1'`, 40*time.Second)
	run(t, ctx, "open the notification",
		chromedp.Click(css(`[data-testid="bell"]`)),
		chromedp.WaitVisible(css(`[data-testid="notification"] a`)),
		chromedp.Click(css(`[data-testid="notification"] a`)),
		chromedp.WaitVisible(css(`[data-testid="qa-question"][data-focused] [data-testid="qa-answer"][data-by-instructor]`)),
	)
	if u := get(t, ctx, "the address", chromedp.Location()); !strings.Contains(u, "/learn/"+course.Slug+"/"+strconv.FormatInt(lectureID, 10)) ||
		!strings.Contains(u, "question="+strconv.FormatInt(question.ID, 10)) {
		t.Errorf("the notification led to %s", u)
	}
	answer := `[data-testid="qa-question"][data-focused] [data-testid="qa-answer"]`
	if text := get(t, ctx, "read the answer", chromedp.Text(css(answer))); !strings.Contains(text, reply) || !strings.Contains(text, "Ivo Instructor") || !strings.Contains(text, "Instructor") {
		t.Errorf("the answer shows %q", text)
	}
	poll(ctx, "opening it marked it read", `!document.querySelector('[data-testid="bell-count"]')`, 10*time.Second)
	run(t, ctx, "accept the answer",
		chromedp.Click(css(answer+` [data-testid="qa-accept"]`)),
		chromedp.WaitVisible(css(answer+`[data-accepted]`)),
	)
	eventually(t, "the answer is stored as accepted", func() (bool, string) {
		page, err := s.App.Learning.LectureQuestions(ctx0, student, lectureID, "", 0, 10)
		if err != nil {
			return false, err.Error()
		}
		as := page.Answers[question.ID]
		if len(as) != 1 || !as[0].ByInstructor {
			return false, fmt.Sprintf("answers %+v", as)
		}
		return page.Questions[0].AcceptedAnswerID == as[0].ID, fmt.Sprintf("accepted %d, answer %d", page.Questions[0].AcceptedAnswerID, as[0].ID)
	})

	// ---- A note at 0:06 takes the video back there. ----
	run(t, ctx, "open the notes",
		chromedp.Click(css(`[data-testid="tab-notes"]`)),
		chromedp.WaitVisible(css(`[data-testid="notes-panel"]`)),
	)
	get(t, ctx, "move the video to 6 s", chromedp.Evaluate[bool](`(() => { const v = `+video+`; v.pause(); v.currentTime = 6.4; return true; })()`))
	poll(ctx, "the video is at 6 s", `(() => { const v = `+video+`; return !v.seeking && Math.abs(v.currentTime - 6.4) < 0.2; })()`, 10*time.Second)
	const note = "Luminance weights: 0.2126 R, 0.7152 G, 0.0722 B."
	run(t, ctx, "write a note",
		chromedp.SendKeys(css(`textarea[data-testid="note-body"]`), note),
		chromedp.Click(css(`[data-testid="note-save"]`)),
		chromedp.WaitVisible(css(`[data-testid="note"] [data-testid="note-time"]`)),
	)
	if text := get(t, ctx, "read the note", chromedp.Text(css(`[data-testid="note"]`))); !strings.Contains(text, "0:06") || !strings.Contains(text, note) {
		t.Errorf("the note shows %q", text)
	}
	get(t, ctx, "move the video to 10 s", chromedp.Evaluate[bool](`(() => { const v = `+video+`; v.currentTime = 10; return true; })()`))
	poll(ctx, "the video is at 10 s", `(() => { const v = `+video+`; return !v.seeking && v.currentTime > 9.8; })()`, 10*time.Second)
	run(t, ctx, "click the note's time", chromedp.Click(css(`[data-testid="note"] [data-testid="note-time"]`)))
	poll(ctx, "the video seeks to the note", `(() => { const v = `+video+`; return !v.seeking && Math.abs(v.currentTime - 6) < 0.3; })()`, 10*time.Second)
}
