package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lectern/lectern/internal/store"
)

// A visitor types "pyth" in the header and picks a suggestion; searches
// "pyhton" and sees the Python courses; and a filter's count equals the
// results after choosing it.
func TestSearchSuggestTyposFacets(t *testing.T) {
	s := startSite(t)
	ctx0 := context.Background()
	u, err := s.App.CreateUser(ctx0, "ivy@example.com", "teaching is learning twice", "Ivy Instructor", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	cats, err := s.App.DB.Categories(ctx0)
	if err != nil || len(cats) < 2 {
		t.Fatalf("categories: %v %v", cats, err)
	}
	courses := []struct {
		title string
		cat   int
		price int64
	}{
		{"Python for Data Science", 0, 0}, {"Python Web Apps", 1, 1999}, {"Advanced Python Patterns", 1, 2999}, {"Watercolour Landscapes", 0, 0},
	}
	var bulk []store.BulkCourse
	for i, c := range courses {
		cat := cats[c.cat].ID
		bulk = append(bulk, store.BulkCourse{NewCourse: store.NewCourse{InstructorID: u.ID, Slug: "course-" + strconv.Itoa(i), Title: c.title,
			Language: "en", Level: "all", CategoryID: &cat, PriceCents: c.price, Currency: "USD"},
			DescriptionMD: "A course.", PublishedAt: time.Now().Add(-time.Duration(i) * time.Hour)})
	}
	if err := s.App.DB.InTx(ctx0, func(tx *store.Tx) error { return tx.InsertPublishedCoursesNoIndex(ctx0, bulk) }); err != nil {
		t.Fatal(err)
	}
	s.App.Catalog.InvalidateAll() // the index catches up with courses written behind its back
	wctx, cancel := context.WithTimeout(ctx0, 30*time.Second)
	defer cancel()
	if err := s.App.Search.WaitReady(wctx); err != nil {
		t.Fatal("index not ready")
	}

	ctx := browser(t)
	run(t, ctx, "type pyth and pick the first suggestion with the keyboard",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(css(`#header-search`)),
		chromedp.SendKeys(css(`#header-search`), "pyth"),
		chromedp.WaitVisible(css(`[data-testid="search-suggestions"] [data-kind="course"]`)),
		chromedp.SendKeys(css(`#header-search`), kb.ArrowDown),
		chromedp.SendKeys(css(`#header-search`), kb.Enter),
	)
	h1 := get(t, ctx, "open the course", chromedp.Poll[string](`location.pathname.startsWith('/courses/course-') && document.querySelector('main h1')?.textContent.includes('Python') ? document.querySelector('main h1').textContent : ''`))
	if !strings.Contains(h1, "Python") {
		t.Errorf("picked suggestion led to %q", h1)
	}

	run(t, ctx, "search with a typo",
		chromedp.Navigate(s.URL+"/courses?q=pyhton"),
		chromedp.WaitVisible(css(`[data-testid="search-results"]`)),
	)
	cards := get(t, ctx, "count results", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="search-results"] [data-testid="course-card"]').length`))
	if cards != 3 {
		t.Errorf("pyhton shows %d courses, want the 3 Python ones", cards)
	}
	marks := get(t, ctx, "highlights", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="search-results"] mark').length`))
	if marks < 3 {
		t.Errorf("highlighted words: %d", marks)
	}

	// The paid option says how many results it gives; choosing it shows as many.
	label := get(t, ctx, "read the paid count", chromedp.Poll[string](`document.querySelector('select[name="price"] option[value="paid"]').textContent`))
	open, close := strings.LastIndex(label, "("), strings.LastIndex(label, ")")
	if open < 0 || close < open {
		t.Fatalf("paid option has no count: %q", label)
	}
	want, _ := strconv.Atoi(label[open+1 : close])
	get(t, ctx, "choose paid", chromedp.Evaluate[bool](`(() => { const s = document.querySelector('select[name="price"]'); s.value = 'paid'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`))
	got := get(t, ctx, "count paid results", chromedp.Poll[int](`(() => { const n = document.querySelectorAll('[data-testid="search-results"] [data-testid="course-card"]').length; return location.search.includes('price=paid') && n > 0 && n !== 3 ? n : 0 })()`))
	if want != 2 || got != want {
		t.Errorf("paid option says %d, results show %d", want, got)
	}
}
