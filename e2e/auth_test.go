package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var emailLinkToken = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

// emailToken reads the token of the newest email to addr whose subject has
// subjectWord, waiting a little for it to be queued.
func emailToken(t *testing.T, s *site, addr, subjectWord string) string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		emails, err := s.App.DB.EmailsTo(context.Background(), addr)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range emails {
			if g := emailLinkToken.FindStringSubmatch(m.Body); g != nil && strings.Contains(m.Subject, subjectWord) {
				return g[1]
			}
		}
	}
	t.Fatalf("no %q email to %s", subjectWord, addr)
	return ""
}

// A visitor signs up, logs out, logs back in and sees their name in the
// header; a page reload keeps them signed in (refresh cookie).
func TestSignUpLogOutLogIn(t *testing.T) {
	s := startSite(t)
	ctx := browser(t)
	run(t, ctx, "sign up",
		chromedp.Navigate(s.URL+"/signup"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="name"]`), "Grace Hopper"),
		chromedp.SendKeys(css(`input[name="email"]`), "grace@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "compilers are fun"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="signup-check-email"]`)),
	)
	// The account is made when the emailed link is followed, which signs in.
	run(t, ctx, "follow the emailed link",
		chromedp.Navigate(s.URL+"/verify-email?token="+emailToken(t, s, "grace@example.com", "Confirm")),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
	if name := get(t, ctx, "read header", chromedp.Text(css(`[data-testid="user-menu"]`))); !strings.Contains(name, "Grace Hopper") {
		t.Fatalf("header after sign-up shows %q", name)
	}

	run(t, ctx, "reload keeps the session",
		chromedp.Reload(),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)

	run(t, ctx, "log out",
		chromedp.Click(css(`[data-testid="user-menu"]`)),
		chromedp.WaitVisible(css(`[data-testid="logout"]`)),
		chromedp.Click(css(`[data-testid="logout"]`)),
		chromedp.WaitVisible(css(`header a[href="/login"]`)),
	)
	run(t, ctx, "still logged out after a reload",
		chromedp.Reload(),
		chromedp.WaitVisible(css(`header a[href="/login"]`)),
		chromedp.WaitNotPresent(css(`[data-testid="user-menu"]`)),
	)

	run(t, ctx, "wrong password",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "grace@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "not my password"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[role="alert"]`)),
	)
	if problem := get(t, ctx, "read error", chromedp.Text(css(`[role="alert"]`))); !strings.Contains(strings.ToLower(problem), "not correct") {
		t.Errorf("login error shows %q", problem)
	}

	run(t, ctx, "log in",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "grace@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "compilers are fun"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
	if name := get(t, ctx, "read header", chromedp.Text(css(`[data-testid="user-menu"]`))); !strings.Contains(name, "Grace Hopper") {
		t.Fatalf("header after log-in shows %q", name)
	}
}
