package e2e

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/store"
)

// A student takes a quiz, fails, tries again and passes; ticks the last
// lecture complete in the sidebar, sees the course-complete moment,
// downloads the certificate PDF and opens its public verification page.
func TestQuizFinishCertificate(t *testing.T) {
	s := startSite(t)
	ctx0 := context.Background()
	tess, err := s.App.CreateUser(ctx0, "tess@example.com", "teaching for real 7", "Tess Teacher", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.CreateUser(ctx0, "quinn@example.com", "questions answered 7", "Quinn Quizzer", []string{"student"}, true); err != nil {
		t.Fatal(err)
	}
	title, desc, free := "Capitals of Europe", "Learn them, then prove it.", int64(0)
	course, err := s.App.Catalog.Create(ctx0, tess, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &free})
	if err != nil {
		t.Fatal(err)
	}
	sec, err := s.App.Catalog.AddSection(ctx0, tess, course.ID, "Western Europe")
	if err != nil {
		t.Fatal(err)
	}
	article, quiz, body := store.LectureArticle, store.LectureQuiz, "Paris is the capital of France."
	readTitle, quizTitle := "Read this", "Check yourself"
	if _, err := s.App.Catalog.AddLecture(ctx0, tess, sec.ID, catalog.LectureInput{Title: &readTitle, Kind: &article, BodyMD: &body}); err != nil {
		t.Fatal(err)
	}
	ql, err := s.App.Catalog.AddLecture(ctx0, tess, sec.ID, catalog.LectureInput{Title: &quizTitle, Kind: &quiz})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Learning.SaveQuiz(ctx0, tess, ql.ID, store.Quiz{PassPercent: 100, Questions: []store.QuizQuestion{{ID: "france", Prompt: "Capital of France?",
		Answers: []store.QuizAnswer{{ID: "paris", Body: "Paris", Correct: true, Explanation: "Since the 10th century."}, {ID: "lyon", Body: "Lyon", Explanation: "Lyon is the third city."}}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Catalog.Publish(ctx0, tess, course.ID); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	run(t, ctx, "log in and enroll",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "quinn@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "questions answered 7"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
		chromedp.Navigate(s.URL+"/courses/"+course.Slug),
		chromedp.WaitVisible(css(`[data-testid="enroll"]`)),
		chromedp.Click(css(`[data-testid="enroll"]`)),
		chromedp.WaitVisible(css(`[data-testid="player-page"]`)),
	)
	quizURL := s.URL + "/learn/" + course.Slug + "/" + strconv.FormatInt(ql.ID, 10)
	run(t, ctx, "answer wrong and fail",
		chromedp.Navigate(quizURL),
		chromedp.WaitVisible(css(`[data-testid="quiz"]`)),
		chromedp.Click(css(`[data-testid="quiz-choice"][value="lyon"]`)),
		chromedp.Click(css(`[data-testid="quiz-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="quiz-result"][data-passed="false"]`)),
	)
	if text := get(t, ctx, "read the result", chromedp.Text(css(`[data-testid="quiz-result"]`))); !strings.Contains(text, "Lyon is the third city.") || !strings.Contains(text, "0%") {
		t.Errorf("the failed result shows %q", text)
	}
	run(t, ctx, "try again and pass",
		chromedp.Click(css(`[data-testid="quiz-retry"]`)),
		chromedp.WaitVisible(css(`[data-testid="quiz"]`)),
		chromedp.Click(css(`[data-testid="quiz-choice"][value="paris"]`)),
		chromedp.Click(css(`[data-testid="quiz-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="quiz-result"][data-passed="true"]`)),
		chromedp.WaitVisible(css(`[data-testid="player-lecture"][href$="/`+strconv.FormatInt(ql.ID, 10)+`"][data-done]`)),
	)
	run(t, ctx, "tick the article complete: the course is finished",
		chromedp.Click(css(`[data-testid="lecture-complete-toggle"]`)),
		chromedp.WaitVisible(css(`[data-testid="course-complete"]`)),
	)
	pdfURL := get(t, ctx, "read the PDF link", chromedp.Evaluate[string](`document.querySelector('[data-testid="certificate-pdf"]').href`))
	res, err := http.Get(pdfURL)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("the certificate PDF: %d %s, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(pdf))
	}
	run(t, ctx, "open the verification page",
		chromedp.Click(css(`[data-testid="certificate-page"]`)),
		chromedp.WaitVisible(css(`[data-testid="certificate"]`)),
	)
	// Anyone may open it: a fresh browser with nobody signed in.
	verify := get(t, ctx, "read its address", chromedp.Evaluate[string](`location.href`))
	anon := browser(t)
	run(t, anon, "open it signed out", chromedp.Navigate(verify), chromedp.WaitVisible(css(`[data-testid="certificate"]`)))
	if text := get(t, anon, "read the certificate", chromedp.Text(css(`[data-testid="certificate"]`))); !strings.Contains(text, "Quinn Quizzer") ||
		!strings.Contains(text, "Capitals of Europe") || !strings.Contains(text, "Tess Teacher") {
		t.Errorf("the verification page shows %q", text)
	}
}
