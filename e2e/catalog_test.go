package e2e

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// An instructor creates a course through the UI, describes it, builds and
// reorders a curriculum and publishes it; a visitor in another browser then
// finds it by a word of its description and sees its curriculum.
func TestInstructorPublishesVisitorFinds(t *testing.T) {
	s := startSite(t)
	if _, err := s.App.CreateUser(context.Background(), "ivy@example.com", "teaching is learning twice", "Ivy Instructor", []string{"instructor"}, true); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)

	run(t, ctx, "log in",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "ivy@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "teaching is learning twice"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)

	run(t, ctx, "create a course",
		chromedp.Click(css(`header a[href="/instructor"]`)),
		chromedp.WaitVisible(css(`[data-testid="create-course"] input[name="title"]`)),
		chromedp.SendKeys(css(`[data-testid="create-course"] input[name="title"]`), "Brewing at Home"),
		chromedp.Click(css(`[data-testid="create-course"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="course-editor"]`)),
	)
	idAttr := get(t, ctx, "read the course id", chromedp.AttributeValue(css(`[data-testid="course-editor"]`), "data-course-id"))
	courseID, err := strconv.ParseInt(idAttr.Value, 10, 64)
	if err != nil {
		t.Fatalf("course id %q: %v", idAttr.Value, err)
	}

	run(t, ctx, "describe the course",
		chromedp.SendKeys(css(`textarea[name="description_md"]`), "A friendly introduction to zymurgy: yeast, sugar and patience."),
		chromedp.Click(css(`[data-testid="save-details"]`)),
		chromedp.WaitVisible(css(`#details .alert-success`)),
	)

	section := func(n int) string { return fmt.Sprintf(`[data-testid="section"]:nth-child(%d)`, n) }
	lecture := func(sec, n int) string {
		return fmt.Sprintf(`%s [data-testid="lecture"]:nth-child(%d)`, section(sec), n)
	}
	// emptied waits for an add form to clear itself after a save, so the
	// next title typed into it is not wiped by a late reset.
	emptied := func(step, sel string) {
		get(t, ctx, step, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q).value === ""`, sel)))
	}
	addSection := func(n int, title string) {
		run(t, ctx, "add section "+title,
			chromedp.SendKeys(css(`#new-section-title`), title),
			chromedp.Click(css(`[data-testid="add-section"] button[type="submit"]`)),
			chromedp.WaitVisible(css(section(n))),
		)
		emptied("the section form clears", `#new-section-title`)
	}
	addArticle := func(sec, n int, title, body string) {
		form := section(sec) + ` [data-testid="add-lecture"]`
		run(t, ctx, "add lecture "+title,
			chromedp.SendKeys(css(form+` input[name="lecture-title"]`), title),
			chromedp.SetValue(css(form+` select[name="lecture-kind"]`), "article"),
			chromedp.Click(css(form+` button[type="submit"]`)),
			// An empty article opens its text editor by itself.
			chromedp.WaitVisible(css(lecture(sec, n)+` textarea[name="body_md"]`)),
			chromedp.SendKeys(css(lecture(sec, n)+` textarea[name="body_md"]`), body),
			chromedp.Click(css(lecture(sec, n)+` [data-testid="save-body"]`)),
		)
		emptied("the lecture form clears", form+` input[name="lecture-title"]`)
	}
	addSection(1, "Yeast and sugar")
	addSection(2, "Packaging")
	addArticle(1, 1, "Choosing a yeast", "Ale yeasts like it warm; lager yeasts like it cool.")
	addArticle(1, 2, "Sugar and gravity", "Measure the original gravity before pitching.")
	addArticle(2, 1, "Bottling", "Prime with sugar, cap, and wait two weeks.")

	// The last lecture of section 1 moves down into section 2 (to its top),
	// then Bottling moves up above it: the buttons a keyboard user has.
	run(t, ctx, "reorder with the buttons",
		chromedp.Click(css(lecture(1, 2)+` [data-testid="move-down"]`)),
		chromedp.WaitVisible(css(lecture(2, 2))),
		chromedp.Click(css(lecture(2, 2)+` [data-testid="move-up"]`)),
	)
	// Then section 2 is dragged above section 1 by its handle (HTML5 drag and drop).
	// A tall window keeps both ends of the drag on screen (the open article
	// editors make the sections long); the drag itself does not scroll.
	run(t, ctx, "reorder by dragging",
		chromedp.EmulateViewport(1280, 2400),
		chromedp.ScrollIntoView(css(`#curriculum`)),
		chromedp.DragAndDrop(css(section(2)+` .builder-section-head .drag-handle`), css(section(1)+` .builder-section-head`)),
		chromedp.WaitVisible(css(section(1)+` [data-testid="section-title"][value="Packaging"]`)),
		chromedp.ResetViewport(),
	)
	want := [][]string{{"Bottling", "Sugar and gravity"}, {"Choosing a yeast"}}
	eventually(t, "the new order and the article texts are saved", func() (bool, string) {
		sections, err := s.App.DB.Curriculum(context.Background(), courseID)
		if err != nil {
			return false, err.Error()
		}
		var got [][]string
		empty := 0
		for _, sec := range sections {
			var titles []string
			for _, l := range sec.Lectures {
				titles = append(titles, l.Title)
				if strings.TrimSpace(l.BodyMD) == "" {
					empty++
				}
			}
			got = append(got, titles)
		}
		return reflect.DeepEqual(got, want) && empty == 0, fmt.Sprintf("order %q, %d empty articles", got, empty)
	})

	run(t, ctx, "reload the editor",
		chromedp.Reload(),
		chromedp.WaitVisible(css(lecture(1, 2))),
	)
	shown := get(t, ctx, "read the order on the page", chromedp.Evaluate[[][]string](
		`[...document.querySelectorAll('[data-testid="section"]')].map(s => [...s.querySelectorAll('[data-testid="lecture-title"]')].map(i => i.value))`))
	if !reflect.DeepEqual(shown, want) {
		t.Fatalf("after a reload the editor shows %q, want %q", shown, want)
	}

	run(t, ctx, "publish",
		chromedp.Click(css(`[data-testid="publish"]`)),
		chromedp.WaitVisible(css(`[data-testid="course-status"][data-status="published"]`)),
	)

	// A visitor, in a browser of their own, searches from the header.
	visitor := browser(t)
	run(t, visitor, "search for a word of the description",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(css(`#header-search`)),
		chromedp.SendKeys(css(`#header-search`), "zymurgy"),
		chromedp.Click(css(`.header-search-button`)),
		chromedp.WaitVisible(css(`[data-testid="search-results"] [data-testid="course-card"]`)),
	)
	if card := get(t, visitor, "read the result", chromedp.Text(css(`[data-testid="search-results"] [data-testid="course-card"]`))); !strings.Contains(card, "Brewing at Home") || !strings.Contains(card, "Free") {
		t.Fatalf("search result shows %q", card)
	}
	if loc := get(t, visitor, "read the address", chromedp.Location()); !strings.HasSuffix(loc, "/courses?q=zymurgy") {
		t.Errorf("search address is %q", loc)
	}

	run(t, visitor, "open the course page",
		chromedp.Click(css(`[data-testid="search-results"] [data-testid="course-card"] a`)),
		chromedp.WaitVisible(css(`[data-testid="curriculum"]`)),
	)
	rows := get(t, visitor, "read the curriculum", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-testid="curriculum-section"] summary .accordion-title, [data-testid="curriculum-lecture"] .lecture-title')].map(e => e.textContent)`))
	wantRows := []string{"Packaging", "Bottling", "Sugar and gravity", "Yeast and sugar", "Choosing a yeast"}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Fatalf("the course page's curriculum shows %q, want %q", rows, wantRows)
	}
	if about := get(t, visitor, "read the description", chromedp.Text(css(`.prose`))); !strings.Contains(about, "zymurgy") {
		t.Errorf("the description shows %q", about)
	}
	if cta := get(t, visitor, "read the call to action", chromedp.Text(css(`.enroll-box`))); !strings.Contains(cta, "Log in to enroll for free") {
		t.Errorf("a logged-out visitor sees %q", cta)
	}
}

// eventually polls cond until it holds, failing the test with cond's last
// explanation after a few seconds.
func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, detail := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after 10 s: %s", what, detail)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
