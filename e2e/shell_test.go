package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lectern/lectern/internal/store"
)

// On a phone-sized screen the header folds its links into a menu that opens
// from a button and closes with Escape (focus back on the button); the footer
// and the menu lead a visitor to "Teach on Lectern", which asks them to sign
// up, and a signed-in student becomes an instructor from it.
func TestCompactHeaderFooterAndTeachPage(t *testing.T) {
	s := startSite(t)
	if _, err := s.App.CreateUser(context.Background(), "stu@e2e.io", "student pass 42", "Stu Dent", []string{store.RoleStudent}, true); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	run(t, ctx, "open the home page on a phone",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(css(`[data-testid="menu-button"]`)),
		chromedp.WaitNotVisible(css(`[data-testid="compact-menu"]`)),
		chromedp.WaitVisible(css(`[data-testid="search-toggle"]`)),
	)
	if n := get(t, ctx, "count header links", chromedp.Evaluate[int](`document.querySelectorAll('.site-header .header-nav').length`)); n != 0 {
		t.Errorf("the desktop links are in the phone header (%d)", n)
	}
	run(t, ctx, "open the search field",
		chromedp.Click(css(`[data-testid="search-toggle"]`)),
		chromedp.WaitVisible(css(`#header-search`)),
	)
	if f := get(t, ctx, "focus in the search field", chromedp.Evaluate[string](`document.activeElement?.id ?? ''`)); f != "header-search" {
		t.Errorf("focus after opening the search: %q", f)
	}
	run(t, ctx, "open the menu",
		chromedp.Click(css(`[data-testid="menu-button"]`)),
		chromedp.WaitVisible(css(`[data-testid="compact-menu"] a[href="/teach"]`)),
	)
	links := get(t, ctx, "read the menu", chromedp.Text(css(`[data-testid="compact-menu"]`)))
	for _, want := range []string{"Courses", "Teach on Lectern", "Log in", "Sign up"} {
		if !strings.Contains(links, want) {
			t.Errorf("the menu lacks %q: %q", want, links)
		}
	}
	run(t, ctx, "Escape closes the menu",
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(css(`[data-testid="compact-menu"]`)),
	)
	if f := get(t, ctx, "focus back on the button", chromedp.Evaluate[string](`document.activeElement?.dataset.testid ?? ''`)); f != "menu-button" {
		t.Errorf("focus after Escape: %q", f)
	}
	artefact(t, ctx, "shell-home-390")

	run(t, ctx, "the footer leads to the teach page",
		chromedp.Click(css(`[data-testid="site-footer"] a[href="/teach"]`)),
		chromedp.WaitVisible(css(`[data-testid="teach-page"]`)),
		chromedp.WaitVisible(css(`[data-testid="teach-signup"]`)),
	)
	if href := get(t, ctx, "sign-up link", chromedp.Evaluate[string](`document.querySelector('[data-testid="teach-signup"]').getAttribute('href')`)); href != "/signup?next=%2Fteach" {
		t.Errorf("the teach page's sign-up link: %q", href)
	}
	artefact(t, ctx, "teach-390")

	// A signed-in student becomes an instructor from the page, at desktop width.
	run(t, ctx, "desktop width", chromedp.EmulateViewport(1280, 800))
	uiLogin(t, ctx, s.URL, "stu@e2e.io", "student pass 42")
	run(t, ctx, "the header leads a student to the teach page",
		chromedp.Click(css(`[data-testid="teach-link"]`)),
		chromedp.WaitVisible(css(`[data-testid="teach-become"]`)),
		chromedp.Click(css(`[data-testid="teach-become"]`)),
	)
	get(t, ctx, "on to the instructor dashboard", chromedp.Poll[bool](`location.pathname === '/instructor'`))
	u, err := s.App.DB.UserByEmail(context.Background(), "stu@e2e.io")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(u.Roles, ","), store.RoleInstructor) {
		t.Errorf("roles after becoming an instructor: %v", u.Roles)
	}
	run(t, ctx, "an instructor's header says Teach and goes to the dashboard",
		chromedp.WaitVisible(css(`[data-testid="teach-link"][href="/instructor"]`)),
	)
}
