package app_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/testdb"
)

func TestRegisterAndLogin(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		reg := e.do(req{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]string{"email": " Alice@Example.COM ", "password": "correct horse battery", "name": "Alice"}}).expect(t, 202)
		if reg.str("status") != "check_email" || reg.str("email") != "alice@example.com" || reg.str("access_token") != "" || reg.Header.Get("Set-Cookie") != "" {
			t.Errorf("register = %s", reg.Body)
		}
		// No account until the link is followed: the password does not work yet.
		e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "alice@example.com", "password": "correct horse battery"}}).expect(t, 401)
		r := e.do(req{Method: "POST", Path: "/api/v1/auth/email/verify", Body: map[string]string{"token": e.lastEmailToken("alice@example.com", "Confirm")}}).expect(t, 200)
		u := r.JSON["user"].(map[string]any)
		if u["email_verified"] != true {
			t.Errorf("a confirmed sign-up's email is verified: %v", u)
		}
		if u["email"] != "alice@example.com" || u["name"] != "Alice" || u["id"] == "" || u["created_at"] == nil {
			t.Errorf("user = %v", u)
		}
		if roles := u["roles"].([]any); len(roles) != 1 || roles[0] != "student" {
			t.Errorf("roles = %v, want [student]", roles)
		}
		if r.str("access_token") == "" || r.str("refresh_token") == "" || r.JSON["expires_in"] != float64(900) {
			t.Errorf("session fields missing: %s", r.Body)
		}
		if c := r.Header.Get("Set-Cookie"); !strings.Contains(c, "lectern_refresh=") || !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Strict") {
			t.Errorf("refresh cookie = %q", c)
		}
		// Beside it, a hint the UI's script can read (no secret in it), so
		// an anonymous visit does not try a refresh bound to fail.
		if hint := cookieNamed(r.Header.Values("Set-Cookie"), "lectern_session"); hint != "lectern_session=1; Path=/; Max-Age=2592000; SameSite=Strict" {
			t.Errorf("session hint cookie = %q", hint)
		}
		e.secrets = append(e.secrets, "correct horse battery")

		// The same email in another case is the same account: the answer is
		// the same as for a new one, and the owner is told.
		dup := e.do(req{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]string{"email": "ALICE@example.com", "password": "another good one", "name": "Eve"}}).expect(t, 202)
		if string(dup.Body) != string(reg.Body) {
			t.Errorf("taken email answers %s, new one %s", dup.Body, reg.Body)
		}
		if body := e.mustEmailBody("alice@example.com", "Someone tried"); !strings.Contains(body, "already has one") {
			t.Errorf("owner's warning email = %q", body)
		}

		// Login is case-insensitive on the email.
		acc := e.login("ALICE@EXAMPLE.com", "correct horse battery")
		me := e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 200)
		if me.str("email") != "alice@example.com" || me.str("id") != acc.ID {
			t.Errorf("GET /me = %s", me.Body)
		}

		// Unknown email and wrong password answer identically.
		wrong := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "alice@example.com", "password": "not the password"}}).expect(t, 401)
		unknown := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "nobody@example.com", "password": "not the password"}}).expect(t, 401)
		if wrong.str("detail") != unknown.str("detail") || wrong.str("code") != unknown.str("code") || wrong.str("title") != unknown.str("title") {
			t.Errorf("wrong password %s vs unknown email %s", wrong.Body, unknown.Body)
		}
	})
}

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		cases := []struct {
			name   string
			body   map[string]any
			fields []string
		}{
			{"everything missing", map[string]any{}, []string{"email", "password", "name"}},
			{"bad email", map[string]any{"email": "not-an-email", "password": "long enough pw", "name": "X"}, []string{"email"}},
			{"email with display name", map[string]any{"email": "Bob <bob@x.io>", "password": "long enough pw", "name": "X"}, []string{"email"}},
			{"short password", map[string]any{"email": "a@x.io", "password": "short", "name": "X"}, []string{"password"}},
			{"too long password", map[string]any{"email": "a@x.io", "password": strings.Repeat("p", 129), "name": "X"}, []string{"password"}},
			{"common password", map[string]any{"email": "a@x.io", "password": "Password123", "name": "X"}, []string{"password"}},
			{"password is the email", map[string]any{"email": "abcdefgh@x.io", "password": "abcdefgh@x.io", "name": "X"}, []string{"password"}},
			{"blank name", map[string]any{"email": "a@x.io", "password": "long enough pw", "name": "   "}, []string{"name"}},
		}
		for _, c := range cases {
			r := e.do(req{Method: "POST", Path: "/api/v1/auth/register", Body: c.body})
			if r.Status != 422 {
				t.Errorf("%s: status %d, want 422: %s", c.name, r.Status, r.Body)
				continue
			}
			got := r.fieldErrors()
			for _, f := range c.fields {
				if got[f] == "" {
					t.Errorf("%s: no error for field %q in %s", c.name, f, r.Body)
				}
			}
			if len(got) != len(c.fields) {
				t.Errorf("%s: errors %v, want only %v", c.name, got, c.fields)
			}
		}
		// 128 characters is still allowed.
		e.register("long@x.io", strings.Repeat("ab", 64), "Long")
		if n, _ := e.app.DB.CountUsers(context.Background()); n != 1 {
			t.Errorf("%d users exist after the invalid attempts, want 1", n)
		}
	})
}

func TestRequestShapeErrors(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		good := `{"email":"a@x.io","password":"long enough pw","name":"A"}`
		cases := []struct {
			name, contentType string
			body              any
			status            int
		}{
			{"form-encoded", "application/x-www-form-urlencoded", "email=a@x.io", 415},
			{"text/plain JSON", "text/plain", good, 415},
			{"malformed JSON", "application/json", `{"email":`, 400},
			{"not an object", "application/json", `[1,2]`, 400},
			{"wrong type", "application/json", `{"email": 5, "password":"long enough pw","name":"A"}`, 422},
			{"two objects", "application/json", good + good, 400},
			{"too large", "application/json", `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, 413},
		}
		for _, c := range cases {
			r := e.do(req{Method: "POST", Path: "/api/v1/auth/register", Body: c.body, ContentType: c.contentType})
			if r.Status != c.status {
				t.Errorf("%s: status %d, want %d: %s", c.name, r.Status, c.status, r.Body)
			}
		}
		if n, _ := e.app.DB.CountUsers(context.Background()); n != 0 {
			t.Errorf("%d users created by bad requests", n)
		}
		e.do(req{Method: "GET", Path: "/api/v1/no/such/thing"}).expect(t, 404)
		e.do(req{Method: "DELETE", Path: "/api/v1/me"}).expect(t, 405)
	})
}

func TestAccessTokenAttacks(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("mallory@x.io", "a fine password", "Mallory")
		keys, _ := auth.NewKeys([]byte(testSecret))
		key := keys.Derive("access token v1")
		sign := func(method jwt.SigningMethod, k any, claims jwt.MapClaims, header map[string]any) string {
			tok := jwt.NewWithClaims(method, claims)
			for h, v := range header {
				tok.Header[h] = v
			}
			s, err := tok.SignedString(k)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		now := time.Now()
		real := jwt.MapClaims{}
		if _, _, err := jwt.NewParser().ParseUnverified(acc.Access, real); err != nil {
			t.Fatal(err)
		}
		sid, _ := real["sid"].(string)
		valid := jwt.MapClaims{"iss": "lectern", "sub": acc.ID, "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "token_use": "access", "sid": sid}
		other := e.register("trent@x.io", "another fine password", "Trent")
		kid := map[string]any{"typ": "at+jwt"}
		parts := strings.Split(acc.Access, ".")
		kid["kid"] = func() string {
			// reuse the server's kid from a real token
			tok, _, _ := jwt.NewParser().ParseUnverified(acc.Access, jwt.MapClaims{})
			return tok.Header["kid"].(string)
		}()
		with := func(k string, v any) jwt.MapClaims {
			c := jwt.MapClaims{}
			for a, b := range valid {
				c[a] = b
			}
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
			return c
		}
		// A token we forge correctly must work, or the cases below prove nothing.
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: sign(jwt.SigningMethodHS256, key, valid, kid)}).expect(t, 200)

		tampered := parts[0] + "." + strings.TrimRight(jwtEncode(`{"iss":"lectern","sub":"1","exp":9999999999,"iat":1,"token_use":"access"}`), "=") + "." + parts[2]
		otherKey := keys.Derive("some other purpose")
		cases := map[string]string{
			"tampered payload":         tampered,
			"alg none":                 sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid, kid),
			"expired":                  sign(jwt.SigningMethodHS256, key, with("exp", now.Add(-time.Minute).Unix()), kid),
			"no expiry":                sign(jwt.SigningMethodHS256, key, with("exp", nil), kid),
			"wrong key":                sign(jwt.SigningMethodHS256, otherKey, valid, kid),
			"HS512 with our key":       sign(jwt.SigningMethodHS512, key, valid, kid),
			"wrong issuer":             sign(jwt.SigningMethodHS256, key, with("iss", "evil"), kid),
			"not an access token":      sign(jwt.SigningMethodHS256, key, with("token_use", "refresh"), kid),
			"no typ header":            sign(jwt.SigningMethodHS256, key, valid, map[string]any{"kid": kid["kid"]}),
			"refresh token as access":  acc.Refresh,
			"garbage":                  "abc.def.ghi",
			"user that does not exist": sign(jwt.SigningMethodHS256, key, with("sub", "99999"), kid),
			"issued in the future":     sign(jwt.SigningMethodHS256, key, with("iat", now.Add(time.Hour).Unix()), kid),
			"unknown key id":           sign(jwt.SigningMethodHS256, key, valid, map[string]any{"typ": "at+jwt", "kid": "nope"}),
			"no session id":            sign(jwt.SigningMethodHS256, key, with("sid", nil), kid),
			"unknown session":          sign(jwt.SigningMethodHS256, key, with("sid", "no-such-session"), kid),
			"another user's session":   sign(jwt.SigningMethodHS256, key, with("sub", other.ID), kid),
		}
		for name, tok := range cases {
			r := e.do(req{Method: "GET", Path: "/api/v1/me", Token: tok})
			if r.Status != 401 {
				t.Errorf("%s: status %d, want 401: %s", name, r.Status, r.Body)
			}
		}
		e.do(req{Method: "GET", Path: "/api/v1/me"}).expect(t, 401)
		e.do(req{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Authorization": "Basic Zm9vOmJhcg=="}}).expect(t, 401)
	})
}

func jwtEncode(s string) string {
	const enc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var out strings.Builder
	b := []byte(s)
	for i := 0; i < len(b); i += 3 {
		var n uint32
		k := 0
		for j := 0; j < 3; j++ {
			n <<= 8
			if i+j < len(b) {
				n |= uint32(b[i+j])
				k++
			}
		}
		for j := 0; j <= k; j++ {
			out.WriteByte(enc[(n>>(18-6*j))&63])
		}
	}
	return out.String()
}

func TestRefreshRotationAndReuse(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("rot@x.io", "a fine password", "Rot")
		first := e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": acc.Refresh}}).expect(t, 200)
		second := first.str("refresh_token")
		if second == "" || second == acc.Refresh || first.str("access_token") == "" {
			t.Fatalf("refresh did not rotate: %s", first.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: first.str("access_token")}).expect(t, 200)

		// The cookie works as well as the body.
		third := e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: "{}", Cookies: []*http.Cookie{{Name: "lectern_refresh", Value: second}}}).expect(t, 200)
		current := third.str("refresh_token")

		// Replaying a spent token revokes the whole family, including the
		// newest token a legitimate client holds.
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": acc.Refresh}}).expect(t, 401)
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": current}}).expect(t, 401)

		// Another login is another family and is untouched.
		other := e.login("rot@x.io", "a fine password")
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": other.Refresh}}).expect(t, 200)

		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": "made-up"}}).expect(t, 401)
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh"}).expect(t, 401)
	})
}

func TestConcurrentRefreshSpendsOnce(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("race@x.io", "a fine password", "Race")
		var wg sync.WaitGroup
		codes := make(chan int, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes <- e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": acc.Refresh}}).Status
			}()
		}
		wg.Wait()
		close(codes)
		ok := 0
		for c := range codes {
			if c == 200 {
				ok++
			} else if c != 401 {
				t.Errorf("status %d, want 200 or 401", c)
			}
		}
		if ok > 1 {
			t.Errorf("%d concurrent refreshes with one token succeeded, want at most 1", ok)
		}
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("out@x.io", "a fine password", "Out")
		r := e.do(req{Method: "POST", Path: "/api/v1/auth/logout", Body: "{}", Cookies: []*http.Cookie{{Name: "lectern_refresh", Value: acc.Refresh}}}).expect(t, 204)
		if c := r.Header.Get("Set-Cookie"); !strings.Contains(c, "lectern_refresh=;") || !strings.Contains(c, "Max-Age=0") {
			t.Errorf("logout cookie = %q, want it cleared", c)
		}
		if hint := cookieNamed(r.Header.Values("Set-Cookie"), "lectern_session"); !strings.Contains(hint, "Max-Age=0") {
			t.Errorf("logout session hint = %q, want it cleared", hint)
		}
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": acc.Refresh}}).expect(t, 401)
	})
}

func TestDisabledUser(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		root := e.admin()
		victim := e.register("bad@x.io", "a fine password", "Bad")
		r := e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + victim.ID, Token: root.Access, Body: map[string]any{"disabled": true}}).expect(t, 200)
		if r.JSON["disabled"] != true {
			t.Errorf("PATCH result %s", r.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/me", Token: victim.Access}).expect(t, 403)
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": victim.Refresh}}).expect(t, 401)
		login := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "bad@x.io", "password": "a fine password"}}).expect(t, 403)
		if login.str("code") != "account_disabled" || login.str("access_token") != "" {
			t.Errorf("disabled login = %s", login.Body)
		}
		// A wrong password for a disabled account still looks like any wrong password.
		e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "bad@x.io", "password": "wrong password!"}}).expect(t, 401)

		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + victim.ID, Token: root.Access, Body: map[string]any{"disabled": false}}).expect(t, 200)
		e.login("bad@x.io", "a fine password")
	})
}

func TestRoleEscalation(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		// Unverified, so PATCH /me could be seen trying to verify it.
		if _, err := e.app.CreateUser(context.Background(), "climber@x.io", "a fine password", "Climber", nil, false); err != nil {
			t.Fatal(err)
		}
		acc := e.login("climber@x.io", "a fine password")
		r := e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: acc.Access, Body: map[string]any{
			"name": "Climber 2", "roles": []string{"admin"}, "email": "root@x.io", "id": "1", "disabled": false, "email_verified": true,
		}}).expect(t, 200)
		if r.str("name") != "Climber 2" || r.str("email") != "climber@x.io" || r.JSON["email_verified"] != false {
			t.Errorf("PATCH /me = %s", r.Body)
		}
		if roles := r.JSON["roles"].([]any); len(roles) != 1 || roles[0] != "student" {
			t.Errorf("roles after PATCH /me = %v", roles)
		}
		e.do(req{Method: "GET", Path: "/api/v1/admin/users", Token: acc.Access}).expect(t, 403)
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + acc.ID, Token: acc.Access, Body: map[string]any{"roles": []string{"admin"}}}).expect(t, 403)
		me := e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 200)
		if roles := me.JSON["roles"].([]any); len(roles) != 1 {
			t.Errorf("roles = %v", roles)
		}

		// Becoming an instructor is open to everyone, and only adds that role.
		inst := e.do(req{Method: "POST", Path: "/api/v1/me/instructor", Token: acc.Access}).expect(t, 200)
		if roles := inst.JSON["roles"].([]any); len(roles) != 2 || roles[0] != "instructor" || roles[1] != "student" {
			t.Errorf("roles after becoming instructor = %v", roles)
		}
	})
}

func TestAdminUsers(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		root := e.admin()
		var ids []string
		for i := 0; i < 5; i++ {
			ids = append(ids, e.register("user"+strconv.Itoa(i)+"@x.io", "a fine password", "User "+strconv.Itoa(i)).ID)
		}
		var seen []string
		cursor := ""
		for page := 0; page < 10; page++ {
			path := "/api/v1/admin/users?limit=2"
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			r := e.do(req{Method: "GET", Path: path, Token: root.Access}).expect(t, 200)
			for _, it := range r.JSON["items"].([]any) {
				seen = append(seen, it.(map[string]any)["email"].(string))
			}
			next, _ := r.JSON["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != 6 || seen[0] != "user4@x.io" || seen[5] != "root@lectern.test" {
			t.Errorf("paged users = %v", seen)
		}
		q := e.do(req{Method: "GET", Path: "/api/v1/admin/users?q=USER%203", Token: root.Access}).expect(t, 200)
		if items := q.JSON["items"].([]any); len(items) != 1 {
			t.Errorf("search found %d", len(items))
		}
		e.do(req{Method: "GET", Path: "/api/v1/admin/users?limit=0", Token: root.Access}).expect(t, 422)
		e.do(req{Method: "GET", Path: "/api/v1/admin/users?cursor=!!", Token: root.Access}).expect(t, 422)

		r := e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + ids[0], Token: root.Access, Body: map[string]any{"roles": []string{"instructor", "admin"}}}).expect(t, 200)
		if roles := r.JSON["roles"].([]any); len(roles) != 3 {
			t.Errorf("roles = %v", roles)
		}
		bad := e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + ids[1], Token: root.Access, Body: map[string]any{"roles": []string{"superuser"}}}).expect(t, 422)
		if bad.fieldErrors()["roles"] == "" {
			t.Errorf("bad role problem = %s", bad.Body)
		}
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + root.ID, Token: root.Access, Body: map[string]any{"disabled": true}}).expect(t, 422)
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/" + root.ID, Token: root.Access, Body: map[string]any{"roles": []string{"student"}}}).expect(t, 422)
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/424242", Token: root.Access, Body: map[string]any{"disabled": true}}).expect(t, 404)
		e.do(req{Method: "PATCH", Path: "/api/v1/admin/users/abc", Token: root.Access, Body: map[string]any{"disabled": true}}).expect(t, 404)

		entries, err := e.app.DB.AuditEntries(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Action != "user.roles" || entries[0].ActorID != mustInt(root.ID) || entries[0].Subject != "user:"+ids[0] {
			t.Errorf("audit log = %+v", entries)
		}
	})
}

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

var linkToken = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

// lastEmailToken reads the token from the newest email to addr, waiting a
// little for emails queued after the answer (forgot-password).
func (e *env) lastEmailToken(addr, subjectWord string) string {
	e.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		emails, err := e.app.DB.EmailsTo(context.Background(), addr)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, m := range emails {
			if strings.Contains(m.Subject, subjectWord) {
				if g := linkToken.FindStringSubmatch(m.Body); g != nil {
					return g[1]
				}
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("no %q email with a token to %s among %d", subjectWord, addr, len(emails))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("forgetful@x.io", "the old password", "Forgetful")
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/forgot", Body: map[string]string{"email": "FORGETFUL@x.io"}}).expect(t, 202)
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/forgot", Body: map[string]string{"email": "stranger@x.io"}}).expect(t, 202)
		token := e.lastEmailToken("forgetful@x.io", "Reset")
		if emails, _ := e.app.DB.EmailsTo(context.Background(), "stranger@x.io"); len(emails) != 0 {
			t.Errorf("an unknown address got %d emails", len(emails))
		}
		if !strings.Contains(e.mustEmailBody("forgetful@x.io", "Reset"), "http://lectern.test/reset-password?token=") {
			t.Error("reset email does not link to the public URL")
		}
		weak := e.do(req{Method: "POST", Path: "/api/v1/auth/password/reset", Body: map[string]string{"token": token, "password": "password1"}}).expect(t, 422)
		if weak.fieldErrors()["password"] == "" {
			t.Errorf("weak password problem = %s", weak.Body)
		}
		e.secrets = append(e.secrets, "the new password")
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/reset", Body: map[string]string{"token": token, "password": "the new password"}}).expect(t, 204)
		// Single use.
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/reset", Body: map[string]string{"token": token, "password": "yet another password"}}).expect(t, 400)
		e.do(req{Method: "POST", Path: "/api/v1/auth/password/reset", Body: map[string]string{"token": "forged", "password": "yet another password"}}).expect(t, 400)
		// Old sessions end, the old password is gone, the new one works.
		e.do(req{Method: "POST", Path: "/api/v1/auth/refresh", Body: map[string]string{"refresh_token": acc.Refresh}}).expect(t, 401)
		e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "forgetful@x.io", "password": "the old password"}}).expect(t, 401)
		e.login("forgetful@x.io", "the new password")
	})
}

func (e *env) mustEmailBody(addr, subjectWord string) string {
	emails, _ := e.app.DB.EmailsTo(context.Background(), addr)
	for _, m := range emails {
		if strings.Contains(m.Subject, subjectWord) {
			return m.Body
		}
	}
	return ""
}

func TestEmailVerification(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		// Accounts made by an operator (or before sign-up confirmed the email)
		// start unverified.
		if _, err := e.app.CreateUser(context.Background(), "new@x.io", "a fine password", "New", nil, false); err != nil {
			t.Fatal(err)
		}
		acc := e.login("new@x.io", "a fine password")
		e.do(req{Method: "POST", Path: "/api/v1/me/email/verification", Token: acc.Access}).expect(t, 202)
		first := e.lastEmailToken("new@x.io", "Confirm")
		e.do(req{Method: "POST", Path: "/api/v1/me/email/verification", Token: acc.Access}).expect(t, 202)
		second := e.lastEmailToken("new@x.io", "Confirm")
		if first == second {
			t.Fatal("resend produced the same token")
		}
		// Only the newest link works.
		e.do(req{Method: "POST", Path: "/api/v1/auth/email/verify", Body: map[string]string{"token": first}}).expect(t, 400)
		e.do(req{Method: "POST", Path: "/api/v1/auth/email/verify", Body: map[string]string{"token": second}}).expect(t, 204)
		me := e.do(req{Method: "GET", Path: "/api/v1/me", Token: acc.Access}).expect(t, 200)
		if me.JSON["email_verified"] != true {
			t.Errorf("email_verified = %v", me.JSON["email_verified"])
		}
		e.do(req{Method: "POST", Path: "/api/v1/me/email/verification", Token: acc.Access}).expect(t, 409)
		e.do(req{Method: "POST", Path: "/api/v1/auth/email/verify", Body: map[string]string{}}).expect(t, 422)
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		acc := e.register("chg@x.io", "the first password", "Chg")
		r := e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: acc.Access, Body: map[string]string{"current_password": "not it at all", "new_password": "the second password"}}).expect(t, 422)
		if r.fieldErrors()["current_password"] == "" {
			t.Errorf("wrong current password problem = %s", r.Body)
		}
		e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: acc.Access, Body: map[string]string{"new_password": "the second password"}}).expect(t, 422)
		e.secrets = append(e.secrets, "the second password")
		e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: acc.Access, Body: map[string]string{"current_password": "the first password", "new_password": "the second password"}}).expect(t, 200)
		e.login("chg@x.io", "the second password")
		long := e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: acc.Access, Body: map[string]string{"headline": strings.Repeat("h", 161)}}).expect(t, 422)
		if long.fieldErrors()["headline"] == "" {
			t.Errorf("long headline problem = %s", long.Body)
		}
	})
}

func TestBruteForceIsRateLimited(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		// Per IP: 5 logins a minute. Per account: 3 failures.
		e := setup(t, target, "login=5/1m,login_account=3/15m,register=100/1m")
		e.register("target@x.io", "the real password", "Target")
		statuses := []int{}
		for i := 0; i < 4; i++ {
			statuses = append(statuses, e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "target@x.io", "password": "guess number " + strconv.Itoa(i)}}).Status)
		}
		// Three failures exhaust the account: even the right password waits.
		if want := []int{401, 401, 401, 429}; !equalInts(statuses, want) {
			t.Errorf("per-account statuses = %v, want %v", statuses, want)
		}
		r := e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "target@x.io", "password": "the real password"}}).expect(t, 429)
		if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
		}
		// The 6th login from this address in a minute is refused whatever the account.
		r = e.do(req{Method: "POST", Path: "/api/v1/auth/login", Body: map[string]string{"email": "other@x.io", "password": "whatever pw"}}).expect(t, 429)
		if r.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After on the per-IP limit")
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// cookieNamed finds one cookie among Set-Cookie headers.
func cookieNamed(headers []string, name string) string {
	for _, h := range headers {
		if strings.HasPrefix(h, name+"=") {
			return h
		}
	}
	return ""
}
