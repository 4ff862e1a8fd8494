package app_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/auth/authtest"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// withProvider configures the test provider p as sign-in provider "test".
func withProvider(p *authtest.Provider) func(*config.Config) {
	return func(c *config.Config) {
		c.OIDC = []config.OIDCProvider{{ID: "test", Name: "Test ID", Issuer: p.URL, ClientID: authtest.ClientID, ClientSecret: authtest.ClientSecret}}
	}
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// raw sends a request without following redirects.
func (e *env) raw(method, path, token string, cookies ...*http.Cookie) *http.Response {
	e.t.Helper()
	r, err := http.NewRequest(method, e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	res, err := noRedirects.Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func stateCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "lectern_oidc" {
			return c
		}
	}
	return nil
}

// providerFlow runs a provider sign-in (or, with linkToken, a link from
// settings) up to our callback, letting tweak change the callback query,
// and returns the query of the UI page the callback redirects to.
func (e *env) providerFlow(p *authtest.Provider, linkToken string, tweak func(q url.Values, c **http.Cookie)) url.Values {
	e.t.Helper()
	return e.providerFlowAt("test", p, linkToken, tweak)
}

func (e *env) providerFlowAt(provider string, p *authtest.Provider, linkToken string, tweak func(q url.Values, c **http.Cookie)) url.Values {
	e.t.Helper()
	var authorize string
	var cookie *http.Cookie
	if linkToken == "" {
		res := e.raw("GET", "/api/v1/auth/oidc/"+provider+"/start", "")
		if res.StatusCode != 302 {
			e.t.Fatalf("start: %s", res.Status)
		}
		authorize, cookie = res.Header.Get("Location"), stateCookie(res)
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			e.t.Fatalf("state cookie = %+v", cookie)
		}
	} else {
		r := e.do(req{Method: "POST", Path: "/api/v1/me/identities/" + provider, Token: linkToken}).expect(e.t, 200)
		authorize = r.str("redirect_url")
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == "lectern_oidc" {
				cookie = c
			}
		}
	}
	au, _ := url.Parse(authorize)
	if q := au.Query(); q.Get("code_challenge_method") != "S256" || q.Get("state") == "" || (provider != "github" && q.Get("nonce") == "") ||
		q.Get("redirect_uri") != "http://lectern.test/api/v1/auth/oidc/"+provider+"/callback" {
		e.t.Fatalf("authorization URL = %s", authorize)
	}
	back, err := p.Approve(authorize)
	if err != nil {
		e.t.Fatal(err)
	}
	bu, _ := url.Parse(back)
	q := bu.Query()
	if tweak != nil {
		tweak(q, &cookie)
	}
	var cookies []*http.Cookie
	if cookie != nil {
		cookies = append(cookies, cookie)
	}
	res := e.raw("GET", bu.Path+"?"+q.Encode(), "", cookies...)
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != 302 || loc.Path != "/auth/callback" || loc.Host != "lectern.test" {
		e.t.Fatalf("callback answered %s to %s", res.Status, loc)
	}
	if strings.Contains(loc.RawQuery, "access_token") || strings.Contains(loc.RawQuery, "refresh") {
		e.t.Fatalf("tokens in a URL: %s", loc)
	}
	return loc.Query()
}

// exchange trades a callback's one-time code for a session.
func (e *env) exchange(code string) resp {
	e.t.Helper()
	return e.do(req{Method: "POST", Path: "/api/v1/auth/oidc/exchange", Body: map[string]string{"code": code}})
}

func TestProviderSignInNewAccountAndUnlinkRules(t *testing.T) {
	t.Parallel()
	p := authtest.New()
	defer p.Close()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", withProvider(p))
		list := e.do(req{Method: "GET", Path: "/api/v1/auth/providers"}).expect(t, 200)
		if items := list.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != "test" || items[0].(map[string]any)["name"] != "Test ID" {
			t.Errorf("providers = %s", list.Body)
		}

		p.SetNext(authtest.Identity{Subject: "new-1", Email: "New.Person@Example.com", EmailVerified: true, Name: "New Person"})
		q := e.providerFlow(p, "", nil)
		if q.Get("code") == "" {
			t.Fatalf("callback = %v", q)
		}
		s := e.exchange(q.Get("code")).expect(t, 200)
		e.exchange(q.Get("code")).expect(t, 400) // one time only
		me := e.do(req{Method: "GET", Path: "/api/v1/me", Token: s.str("access_token")}).expect(t, 200)
		if me.str("email") != "new.person@example.com" || me.str("name") != "New Person" || me.JSON["email_verified"] != true || me.JSON["has_password"] != false {
			t.Errorf("new account = %s", me.Body)
		}
		ids := e.do(req{Method: "GET", Path: "/api/v1/me/identities", Token: s.str("access_token")}).expect(t, 200)
		if items := ids.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["provider"] != "test" {
			t.Errorf("identities = %s", ids.Body)
		}

		// The only way in cannot be removed.
		r := e.do(req{Method: "DELETE", Path: "/api/v1/me/identities/test", Token: s.str("access_token")}).expect(t, 409)
		if r.str("code") != "last_sign_in_method" {
			t.Errorf("unlink last = %s", r.Body)
		}

		// Signing in again finds the same account.
		q = e.providerFlow(p, "", nil)
		again := e.exchange(q.Get("code")).expect(t, 200)
		if again.JSON["user"].(map[string]any)["id"] != me.str("id") {
			t.Errorf("second sign-in made another account: %s", again.Body)
		}

		// A provider-only user sets a password without a current one, then may unlink.
		e.secrets = append(e.secrets, "my own new password")
		e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: s.str("access_token"), Body: map[string]string{"new_password": "my own new password"}}).expect(t, 200)
		e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: s.str("access_token"), Body: map[string]string{"new_password": "yet another password"}}).expect(t, 422)
		e.do(req{Method: "DELETE", Path: "/api/v1/me/identities/test", Token: s.str("access_token")}).expect(t, 204)
		e.do(req{Method: "DELETE", Path: "/api/v1/me/identities/test", Token: s.str("access_token")}).expect(t, 404)
		e.login("new.person@example.com", "my own new password")

		// A new person whose email the provider has not verified gets an
		// account with an unverified email.
		p.SetNext(authtest.Identity{Subject: "new-2", Email: "unverified@example.com", EmailVerified: false, Name: "Un Verified"})
		s = e.exchange(e.providerFlow(p, "", nil).Get("code")).expect(t, 200)
		if s.JSON["user"].(map[string]any)["email_verified"] != false {
			t.Errorf("unverified new account = %s", s.Body)
		}
	})
}

func TestProviderLinkingRules(t *testing.T) {
	t.Parallel()
	p := authtest.New()
	defer p.Close()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", withProvider(p))
		owner := e.register("owner@x.io", "the owner's password", "Owner")

		// The provider says it is owner@x.io but has not verified that: no
		// link, no new account.
		p.SetNext(authtest.Identity{Subject: "mallory", Email: "owner@x.io", EmailVerified: false, Name: "Mallory"})
		if q := e.providerFlow(p, "", nil); q.Get("error") != "email_unverified" || q.Get("code") != "" || q.Get("link_token") != "" {
			t.Errorf("unverified email of another account: %v", q)
		}

		// Verified: the owner must still prove the account is theirs.
		p.SetNext(authtest.Identity{Subject: "owner-sub", Email: "owner@x.io", EmailVerified: true, Name: "Owner"})
		q := e.providerFlow(p, "", nil)
		if q.Get("link_token") == "" || q.Get("code") != "" || q.Get("email") != "owner@x.io" {
			t.Fatalf("verified email of an existing account: %v", q)
		}
		e.do(req{Method: "POST", Path: "/api/v1/auth/oidc/link", Body: map[string]string{"link_token": q.Get("link_token"), "password": "a wrong password"}}).expect(t, 422)
		ids := e.do(req{Method: "GET", Path: "/api/v1/me/identities", Token: owner.Access}).expect(t, 200)
		if len(ids.JSON["items"].([]any)) != 0 {
			t.Fatalf("linked by email alone: %s", ids.Body)
		}
		s := e.do(req{Method: "POST", Path: "/api/v1/auth/oidc/link", Body: map[string]string{"link_token": q.Get("link_token"), "password": "the owner's password"}}).expect(t, 200)
		if s.JSON["user"].(map[string]any)["id"] != owner.ID {
			t.Fatalf("link signed in as %s", s.Body)
		}
		e.do(req{Method: "POST", Path: "/api/v1/auth/oidc/link", Body: map[string]string{"link_token": q.Get("link_token"), "password": "the owner's password"}}).expect(t, 400)
		// From now on the provider signs the owner in directly.
		if again := e.exchange(e.providerFlow(p, "", nil).Get("code")).expect(t, 200); again.JSON["user"].(map[string]any)["id"] != owner.ID {
			t.Errorf("linked sign-in = %s", again.Body)
		}

		// Linking from settings: the signed-in user is the proof, whatever the email.
		other := e.register("other@x.io", "the other's password", "Other")
		p.SetNext(authtest.Identity{Subject: "other-sub", Email: "work-address@corp.example", EmailVerified: false})
		if q := e.providerFlow(p, other.Access, nil); q.Get("linked") != "test" {
			t.Errorf("link from settings: %v", q)
		}
		// That identity cannot then be linked to yet another account.
		third := e.register("third@x.io", "the third's password", "Third")
		if q := e.providerFlow(p, third.Access, nil); q.Get("error") != "identity_taken" {
			t.Errorf("linking someone else's identity: %v", q)
		}
		if u, err := e.app.DB.UserByEmail(context.Background(), "work-address@corp.example"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an account was made for the linked email: %v", u)
		}
	})
}

func TestProviderRefusesBadResponses(t *testing.T) {
	t.Parallel()
	p := authtest.New()
	defer p.Close()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", withProvider(p))
		p.SetNext(authtest.Identity{Subject: "victim", Email: "victim@example.com", EmailVerified: true, Name: "Victim"})
		cases := map[string]struct {
			fault authtest.Fault
			tweak func(q url.Values, c **http.Cookie)
			want  string
		}{
			"state mismatch":   {tweak: func(q url.Values, _ **http.Cookie) { q.Set("state", "forged") }, want: "state_mismatch"},
			"no state cookie":  {tweak: func(_ url.Values, c **http.Cookie) { *c = nil }, want: "state_mismatch"},
			"forged cookie":    {tweak: func(_ url.Values, c **http.Cookie) { (*c).Value = "AAAA" + (*c).Value[4:] }, want: "state_mismatch"},
			"nonce mismatch":   {fault: authtest.FaultNonce, want: "provider_failed"},
			"tampered token":   {fault: authtest.FaultTampered, want: "provider_failed"},
			"wrong audience":   {fault: authtest.FaultAudience, want: "provider_failed"},
			"expired token":    {fault: authtest.FaultExpired, want: "provider_failed"},
			"wrong issuer":     {fault: authtest.FaultIssuer, want: "provider_failed"},
			"unknown key":      {fault: authtest.FaultOtherKey, want: "provider_failed"},
			"no ID token":      {fault: authtest.FaultNoIDToken, want: "provider_failed"},
			"provider refused": {tweak: func(q url.Values, _ **http.Cookie) { q.Del("code"); q.Set("error", "access_denied") }, want: "provider_refused"},
		}
		for name, c := range cases {
			p.SetFault(c.fault)
			q := e.providerFlow(p, "", c.tweak)
			if q.Get("error") != c.want || q.Get("code") != "" {
				t.Errorf("%s: callback = %v, want error %s", name, q, c.want)
			}
		}
		p.SetFault(authtest.FaultNone)
		if _, err := e.app.DB.UserByEmail(context.Background(), "victim@example.com"); !errors.Is(err, store.ErrNotFound) {
			t.Error("a refused sign-in made an account")
		}
		// The same flow without faults works, so the cases above prove something.
		e.exchange(e.providerFlow(p, "", nil).Get("code")).expect(t, 200)
		e.raw("GET", "/api/v1/auth/oidc/nope/start", "")
		if res := e.raw("GET", "/api/v1/auth/oidc/nope/start", ""); res.StatusCode != 404 {
			t.Errorf("unknown provider start: %s", res.Status)
		}
	})
}

// GitHub is OAuth2 without ID tokens: the identity is /user, the email the
// primary of /user/emails, trusted only when GitHub has verified it.
func TestGitHubSignIn(t *testing.T) {
	t.Parallel()
	p := authtest.New()
	defer p.Close()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) {
			c.GitHubClientID, c.GitHubClientSecret = authtest.ClientID, authtest.ClientSecret
			c.GitHubURL, c.GitHubAPIURL = p.URL, p.URL
		})
		list := e.do(req{Method: "GET", Path: "/api/v1/auth/providers"}).expect(t, 200)
		if items := list.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "GitHub" {
			t.Errorf("providers = %s", list.Body)
		}
		p.SetNext(authtest.Identity{Subject: "583231", Email: "octo@example.com", EmailVerified: true, Name: "Octo Cat"})
		s := e.exchange(e.providerFlowAt("github", p, "", nil).Get("code")).expect(t, 200)
		u := s.JSON["user"].(map[string]any)
		if u["email"] != "octo@example.com" || u["name"] != "Octo Cat" || u["email_verified"] != true {
			t.Errorf("github account = %s", s.Body)
		}
		// An unverified primary email of an existing account is not linked.
		e.register("taken@x.io", "a fine password", "Taken")
		p.SetNext(authtest.Identity{Subject: "99", Email: "taken@x.io", EmailVerified: false, Name: "Not Taken"})
		if q := e.providerFlowAt("github", p, "", nil); q.Get("error") != "email_unverified" {
			t.Errorf("unverified github email of another account: %v", q)
		}
	})
}
