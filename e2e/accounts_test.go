package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/auth/authtest"
	"github.com/lectern/lectern/internal/config"
)

// A visitor signs in through the test provider's page (a button there),
// lands signed in, finds a second session (another device) in account
// settings and ends it; that device's access token stops working at once.
func TestProviderSignInAndSessions(t *testing.T) {
	p := authtest.New()
	defer p.Close()
	p.SetNext(authtest.Identity{Subject: "ada-1", Email: "ada@example.com", EmailVerified: true, Name: "Ada Lovelace"})
	s := startSite(t, func(c *config.Config) {
		c.OIDC = []config.OIDCProvider{{ID: "test", Name: "Test ID", Issuer: p.URL, ClientID: authtest.ClientID, ClientSecret: authtest.ClientSecret}}
	})
	ctx := browser(t)
	run(t, ctx, "sign in with the provider",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(css(`a[data-provider="test"]`)),
		chromedp.Click(css(`a[data-provider="test"]`)),
		chromedp.WaitVisible(css(`#approve`)),
		chromedp.Click(css(`#approve`)),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
	)
	if name := get(t, ctx, "read header", chromedp.Text(css(`[data-testid="user-menu"]`))); !strings.Contains(name, "Ada Lovelace") {
		t.Fatalf("header after provider sign-in shows %q", name)
	}

	// The same person signs in on another device.
	other := providerSignIn(t, s, p)

	run(t, ctx, "open account settings",
		chromedp.Navigate(s.URL+"/account"),
		chromedp.WaitVisible(css(`[data-testid="session"][data-current]`)),
		chromedp.WaitVisible(css(`[data-testid="end-session"]`)),
	)
	count := func() int {
		return get(t, ctx, "count sessions", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="session"]').length`))
	}
	if n := count(); n != 2 {
		t.Fatalf("account settings list %d sessions, want 2", n)
	}
	if dev := get(t, ctx, "read this device", chromedp.Text(css(`[data-testid="session"][data-current]`))); !strings.Contains(dev, "This device") || !strings.Contains(dev, "Chrome") {
		t.Errorf("current session row = %q", dev)
	}
	run(t, ctx, "end the other session",
		chromedp.Click(css(`[data-testid="end-session"]`)),
		chromedp.WaitNotPresent(css(`[data-testid="end-session"]`)),
	)
	if n := count(); n != 1 {
		t.Errorf("after ending one: %d sessions", n)
	}
	req, _ := http.NewRequest("GET", s.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+other)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the ended session's access token: %s", res.Status)
	}
}

// providerSignIn signs in through the provider without a browser and
// returns the access token.
func providerSignIn(t *testing.T, s *site, p *authtest.Provider) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 30 * time.Second}
	res, err := c.Get(s.URL + "/api/v1/auth/oidc/test/start")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cookies := res.Cookies()
	back, err := p.Approve(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	bu, _ := url.Parse(back)
	req, _ := http.NewRequest("GET", s.URL+bu.RequestURI(), nil)
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	if res, err = c.Do(req); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	ui, _ := url.Parse(res.Header.Get("Location"))
	code := ui.Query().Get("code")
	if code == "" {
		t.Fatalf("callback sent the browser to %s", ui)
	}
	res, err = c.Post(s.URL+"/api/v1/auth/oidc/exchange", "application/json", strings.NewReader(`{"code":"`+code+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var sess struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(raw, &sess); err != nil || sess.AccessToken == "" {
		t.Fatalf("exchange: %s %s", res.Status, raw)
	}
	return sess.AccessToken
}
