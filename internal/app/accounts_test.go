package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
)

const (
	uaFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
	uaIPhone  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)

// loginFrom signs in from a device with the given User-Agent.
func (e *env) loginFrom(email, password, ua string) account {
	e.t.Helper()
	r := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": email, "password": password},
		Header: map[string]string{"User-Agent": ua}}).expect(e.t, 200)
	return account{Email: email, Password: password, Access: r.str("access_token"), Refresh: r.str("refresh_token")}
}

func (e *env) sessions(acc account) []map[string]any {
	e.t.Helper()
	r := e.do(req{Method: "GET", Path: "/api/v1/me/sessions", Token: acc.Access}).expect(e.t, 200)
	var out []map[string]any
	for _, it := range r.JSON["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func (e *env) refresh(acc account) resp {
	return e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": acc.Refresh}})
}

func TestSessionsListAndEnd(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		e.register("ses@x.io", "a fine password", "Ses")
		laptop := e.loginFrom("ses@x.io", "a fine password", uaFirefox)
		phone := e.loginFrom("ses@x.io", "a fine password", uaIPhone)

		list := e.sessions(laptop)
		if len(list) != 3 {
			t.Fatalf("sessions = %v, want 3 (registration, laptop, phone)", list)
		}
		var phoneID string
		current := 0
		for _, s := range list {
			if s["current"] == true {
				current++
				if s["device"] != "Firefox on Linux" {
					t.Errorf("current session device = %v", s["device"])
				}
			}
			if s["device"] == "Safari on iPhone" {
				phoneID = s["id"].(string)
			}
			if s["ip"] != "127.0.0.1" || s["created_at"] == nil || s["last_used_at"] == nil {
				t.Errorf("session = %v", s)
			}
		}
		if current != 1 || phoneID == "" {
			t.Fatalf("sessions = %v", list)
		}

		// Ending the phone's session stops its access token at once, and its refresh token.
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: phone.Access}).expect(t, 200)
		e.do(req{Method: "DELETE", Path: "/api/v1/me/sessions/" + phoneID, Token: laptop.Access}).expect(t, 204)
		if r := e.do(req{Method: "GET", Path: "/api/v1/me", Token: phone.Access}).expect(t, 401); r.str("code") != "session_expired" {
			t.Errorf("ended session's access = %s", r.Body)
		}
		e.refresh(phone).expect(t, 401)
		e.do(req{Method: "DELETE", Path: "/api/v1/me/sessions/" + phoneID, Token: laptop.Access}).expect(t, 404)

		// Another user cannot end my session.
		other := e.register("other@x.io", "another fine password", "Other")
		for _, s := range e.sessions(laptop) {
			e.do(req{Method: "DELETE", Path: "/api/v1/me/sessions/" + s["id"].(string), Token: other.Access}).expect(t, 404)
		}
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: laptop.Access}).expect(t, 200)

		// A refreshed pair stays in the same session.
		r := e.refresh(laptop).expect(t, 200)
		laptop.Access, laptop.Refresh = r.str("access_token"), r.str("refresh_token")
		if n := len(e.sessions(laptop)); n != 2 {
			t.Errorf("after a refresh: %d sessions, want 2", n)
		}

		// Sign out everywhere else.
		r = e.do(req{Method: "DELETE", Path: "/api/v1/me/sessions", Token: laptop.Access}).expect(t, 200)
		if r.JSON["ended"] != float64(1) {
			t.Errorf("ended = %s", r.Body)
		}
		if list := e.sessions(laptop); len(list) != 1 || list[0]["current"] != true {
			t.Errorf("after ending the others: %v", list)
		}
	})
}

func TestLogoutEndsAccessTokenAtOnce(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("bye@x.io", "a fine password", "Bye")
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 200)
		e.do(req{Method: "POST", Path: "/api/v1/auth/logout", Body: map[string]string{"refresh_token": acc.Refresh}}).expect(t, 204)
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 401)
	})
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.register("pw@x.io", "the first password", "Pw")
		b := e.loginFrom("pw@x.io", "the first password", uaIPhone)
		e.secrets = append(e.secrets, "the second password")
		e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: a.Access, Body: map[string]string{"current_password": "the first password", "new_password": "the second password"}}).expect(t, 200)
		// B's access token stops now, not at expiry; its refresh token too.
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: b.Access}).expect(t, 401)
		e.refresh(b).expect(t, 401)
		// A carries on.
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: a.Access}).expect(t, 200)
		e.refresh(a).expect(t, 200)
	})
}

func TestResetRoleAndDisableEndSessions(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		root := e.admin()
		acc := e.register("rr@x.io", "a fine password", "Rr")
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + acc.ID, Token: root.Access, Body: map[string]any{"roles": []string{"instructor"}}}).expect(t, 200)
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 401)
		e.refresh(acc).expect(t, 401)

		acc2 := e.login("rr@x.io", "a fine password")
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/forgot", Body: map[string]string{"email": "rr@x.io"}}).expect(t, 202)
		token := e.lastEmailToken("rr@x.io", "Reset")
		e.secrets = append(e.secrets, "a brand new password")
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/reset", Body: map[string]string{"token": token, "password": "a brand new password"}}).expect(t, 204)
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc2.Access}).expect(t, 401)

		acc3 := e.login("rr@x.io", "a brand new password")
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + acc.ID, Token: root.Access, Body: map[string]any{"disabled": true}}).expect(t, 200)
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + acc.ID, Token: root.Access, Body: map[string]any{"disabled": false}}).expect(t, 200)
		// Re-enabling does not bring old sessions back.
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc3.Access}).expect(t, 401)
	})
}

// A password reset lets the owner in at once even after others exhausted
// the account's failed-login limit.
func TestResetClearsFailedLogins(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "login=100/1m,login_account=3/15m,register=100/1m")
		e.register("locked@x.io", "the real password", "Locked")
		for i := 0; i < 3; i++ {
			e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "locked@x.io", "password": "a wrong guess"}}).expect(t, 401)
		}
		e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "locked@x.io", "password": "the real password"}}).expect(t, 429)
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/forgot", Body: map[string]string{"email": "locked@x.io"}}).expect(t, 202)
		e.secrets = append(e.secrets, "a brand new password")
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/reset", Body: map[string]string{"token": e.lastEmailToken("locked@x.io", "Reset"), "password": "a brand new password"}}).expect(t, 204)
		e.login("locked@x.io", "a brand new password")
	})
}

// The refresh cookie only works from our own pages.
func TestRefreshCookieChecksOrigin(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("origin@x.io", "a fine password", "Origin")
		cookie := []*http.Cookie{{Name: "lectern_refresh", Value: acc.Refresh}}
		r := e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Cookies: cookie, Header: map[string]string{"Origin": "https://evil.example"}}).expect(t, 403)
		if r.str("code") != "bad_origin" {
			t.Errorf("cross-site refresh = %s", r.Body)
		}
		e.do(req{Method: "POST", Path: "/api/v1/auth/logout", Cookies: cookie, Header: map[string]string{"Origin": "https://evil.example"}}).expect(t, 403)
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Cookies: cookie, Header: map[string]string{"Origin": "http://lectern.test"}}).expect(t, 200)
	})
}

// totp drives an authenticator app in a test: each code it gives is of a
// new time step, as a code may be used once.
type totp struct {
	secret string
	last   int64
}

func (a *totp) code(t *testing.T) string {
	t.Helper()
	now := time.Now().Unix() / 30
	step := max(a.last+1, now-1)
	if step > now+1 {
		time.Sleep(time.Until(time.Unix((step-1)*30, 0)))
	}
	a.last = step
	c, err := auth.TOTPCode(a.secret, time.Unix(step*30, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (a *totp) codeOfLast(t *testing.T) string {
	c, _ := auth.TOTPCode(a.secret, time.Unix(a.last*30, 0))
	return c
}

// enrol turns two-factor on for acc and returns the app and recovery codes.
func (e *env) enrol(acc account) (*totp, []string) {
	e.t.Helper()
	r := e.do(req{Method: "POST", Path: "/api/v1/me/2fa/totp", Token: acc.Access}).expect(e.t, 200)
	app := &totp{secret: r.str("secret")}
	if !strings.HasPrefix(r.str("otpauth_uri"), "otpauth://totp/Lectern:") || !strings.Contains(r.str("otpauth_uri"), "secret="+app.secret) {
		e.t.Errorf("enrolment = %s", r.Body)
	}
	r = e.do(req{Method: "POST", Path: "/api/v1/me/2fa/totp/confirm", Token: acc.Access, Body: map[string]string{"code": app.code(e.t)}}).expect(e.t, 200)
	var codes []string
	for _, c := range r.JSON["recovery_codes"].([]any) {
		codes = append(codes, c.(string))
	}
	if len(codes) != 10 {
		e.t.Fatalf("recovery codes = %s", r.Body)
	}
	return app, codes
}

func TestTwoFactor(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("tf@x.io", "a fine password", "Tf")
		// Confirming needs a right code.
		e.do(req{Method: "POST", Path: "/api/v1/me/2fa/totp", Token: acc.Access}).expect(t, 200)
		e.do(req{Method: "POST", Path: "/api/v1/me/2fa/totp/confirm", Token: acc.Access, Body: map[string]string{"code": "000000"}}).expect(t, 422)
		app, recovery := e.enrol(acc)
		if me := e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 200); me.JSON["two_factor"] != true {
			t.Errorf("me = %s", me.Body)
		}

		login := func() string {
			r := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "tf@x.io", "password": "a fine password"}}).expect(t, 200)
			if r.JSON["two_factor_required"] != true || r.str("challenge") == "" || r.str("access_token") != "" || r.Header.Get("Set-Cookie") != "" {
				t.Fatalf("login with two-factor on = %s", r.Body)
			}
			return r.str("challenge")
		}
		second := func(body map[string]string) resp {
			return e.do(req{Method: "POST", Path: "/api/v1/auth/2fa", Body: body})
		}
		ch := login()
		second(map[string]string{"challenge": ch, "code": "123456"}).expect(t, 401)
		r := second(map[string]string{"challenge": ch, "code": app.code(t)}).expect(t, 200)
		if r.str("access_token") == "" {
			t.Fatalf("2fa = %s", r.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: r.str("access_token")}).expect(t, 200)
		// The same code (same time step) is refused on a new challenge.
		reused := second(map[string]string{"challenge": login(), "code": app.codeOfLast(t)}).expect(t, 401)
		if reused.str("code") != "invalid_code" {
			t.Errorf("reused code = %s", reused.Body)
		}
		// The challenge is spent.
		if r := second(map[string]string{"challenge": ch, "code": app.code(t)}).expect(t, 401); r.str("code") != "challenge_expired" {
			t.Errorf("spent challenge = %s", r.Body)
		}

		// A recovery code works once.
		second(map[string]string{"challenge": login(), "recovery_code": strings.ToUpper(recovery[3])}).expect(t, 200)
		second(map[string]string{"challenge": login(), "recovery_code": recovery[3]}).expect(t, 401)

		// Turning it off takes the password.
		e.do(req{Method: "DELETE", Path: "/api/v1/me/2fa", Token: acc.Access, Body: map[string]string{"password": "not the password"}}).expect(t, 422)
		e.do(req{Method: "DELETE", Path: "/api/v1/me/2fa", Token: acc.Access, Body: map[string]string{"password": "a fine password"}}).expect(t, 204)
		e.login("tf@x.io", "a fine password")
	})
}

func TestTwoFactorRateLimit(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "login=100/1m,login_account=100/1m,register=100/1m,two_factor=3/15m")
		acc := e.register("tl@x.io", "a fine password", "Tl")
		app, _ := e.enrol(acc)
		r := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "tl@x.io", "password": "a fine password"}}).expect(t, 200)
		ch := r.str("challenge")
		for i := 0; i < 3; i++ {
			e.do(req{Method: "POST", Path: "/api/v1/auth/2fa", Body: map[string]string{"challenge": ch, "code": "000000"}}).expect(t, 401)
		}
		// Even the right code now waits.
		e.do(req{Method: "POST", Path: "/api/v1/auth/2fa", Body: map[string]string{"challenge": ch, "code": app.code(t)}}).expect(t, 429)
	})
}

func TestAdminTwoFactorRequired(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) { c.RequireAdmin2FA = true })
		root := e.admin()
		r := e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: root.Access}).expect(t, 403)
		if r.str("code") != "two_factor_required" {
			t.Errorf("admin without 2fa = %s", r.Body)
		}
		// Account routes still work, so the admin can set it up.
		app, _ := e.enrol(root)
		e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: root.Access}).expect(t, 200)
		ch := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "root@lectern.test", "password": "admin-pass-9f3k"}}).expect(t, 200).str("challenge")
		r = e.do(req{Method: "POST", Path: "/api/v1/auth/2fa", Body: map[string]string{"challenge": ch, "code": app.code(t)}}).expect(t, 200)
		e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: r.str("access_token")}).expect(t, 200)
	})
}

func TestMetricsAreForOperators(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) { c.MetricsToken = "scrape-token-123" })
		e.do(req{Method: "GET", Path: "/metrics"}).expect(t, 200) // loopback
		e.do(req{Method: "GET", Path: "/metrics", Header: map[string]string{"X-Forwarded-For": "203.0.113.9"}}).expect(t, 401)
		e.do(req{Method: "GET", Path: "/metrics", Header: map[string]string{"X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer scrape-token-123"}}).expect(t, 200)
		e.do(req{Method: "GET", Path: "/metrics", Header: map[string]string{"X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer wrong"}}).expect(t, 401)

		admin := setup(t, target, "", func(c *config.Config) { c.AdminAddr = "127.0.0.1:0" })
		admin.do(req{Method: "GET", Path: "/metrics"}).expect(t, 404)
	})
}
