// Package authtest is an in-process OpenID Connect provider for tests: it
// serves discovery, its signing keys, a tiny login page and the token
// endpoint, signs RS256 ID tokens, checks PKCE, and can be told to misbehave
// (wrong audience, expired or tampered token, wrong nonce) to prove the
// relying party refuses.
package authtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Identity is who the next sign-in at the provider is.
type Identity struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// Fault makes the provider misbehave on the next token it issues.
type Fault string

const (
	FaultNone      Fault = ""
	FaultAudience  Fault = "audience"  // aud is another client
	FaultExpired   Fault = "expired"   // exp in the past
	FaultTampered  Fault = "tampered"  // payload changed after signing
	FaultNonce     Fault = "nonce"     // a nonce from another sign-in
	FaultIssuer    Fault = "issuer"    // iss is another issuer
	FaultOtherKey  Fault = "other_key" // signed by a key not in the JWKS
	FaultNoIDToken Fault = "no_id_token"
	ClientID             = "lectern-test-client"
	ClientSecret         = "lectern-test-secret"
)

// Provider is a running test provider.
type Provider struct {
	*httptest.Server
	key, otherKey *rsa.PrivateKey

	mu     sync.Mutex
	next   Identity
	fault  Fault
	codes  map[string]grant
	tokens map[string]Identity // GitHub-style access tokens
}

type grant struct {
	id                 Identity
	nonce, challenge   string
	redirect, clientID string
}

// New starts a provider; Close it when done.
func New() *Provider {
	p := &Provider{codes: map[string]grant{}, tokens: map[string]Identity{}, next: Identity{Subject: "u1", Email: "someone@example.com", EmailVerified: true, Name: "Some One"}}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	if p.otherKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /keys", p.keys)
	mux.HandleFunc("GET /authorize", p.loginPage)
	mux.HandleFunc("POST /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	// The same server also plays GitHub (OAuth2 without ID tokens): point
	// LECTERN_GITHUB_URL and LECTERN_GITHUB_API_URL at it.
	mux.HandleFunc("GET /login/oauth/authorize", p.loginPage)
	mux.HandleFunc("POST /login/oauth/authorize", p.authorize)
	mux.HandleFunc("POST /login/oauth/access_token", p.githubToken)
	mux.HandleFunc("GET /user", p.githubUser)
	mux.HandleFunc("GET /user/emails", p.githubEmails)
	p.Server = httptest.NewServer(mux)
	return p
}

// SetNext sets who the next sign-in is.
func (p *Provider) SetNext(id Identity) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = id
}

// SetFault makes the tokens issued from now on misbehave.
func (p *Provider) SetFault(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = f
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{
		"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize", "token_endpoint": p.URL + "/token",
		"jwks_uri": p.URL + "/keys", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
	})
}

func (p *Provider) keys(w http.ResponseWriter, r *http.Request) {
	pub := p.key.PublicKey
	writeJSON(w, map[string]any{"keys": []any{map[string]any{
		"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

var page = template.Must(template.New("login").Parse(`<!doctype html><html><head><title>Test provider</title></head><body>
<h1>Test provider</h1><p>Sign in as {{.Email}}?</p>
<form method="post" action="{{.Action}}">{{range $k, $v := .Query}}<input type="hidden" name="{{$k}}" value="{{index $v 0}}">{{end}}
<button type="submit" id="approve">Continue as {{.Name}}</button></form></body></html>`))

// loginPage is the provider's sign-in page: one button.
func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	id := p.next
	p.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, map[string]any{"Email": id.Email, "Name": id.Name, "Query": r.URL.Query(), "Action": r.URL.Path})
}

// authorize approves the sign-in and sends the browser back with a code.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	q := r.Form
	if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("client_id") != ClientID {
		http.Error(w, "bad authorization request (PKCE S256 and our client id required)", 400)
		return
	}
	code := random()
	p.mu.Lock()
	p.codes[code] = grant{id: p.next, nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), clientID: q.Get("client_id")}
	p.mu.Unlock()
	u, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(w, "bad redirect_uri", 400)
		return
	}
	back := u.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	u.RawQuery = back.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// Approve performs the login page's button press without a browser and
// returns the redirect back to the relying party.
func (p *Provider) Approve(authorizeURL string) (string, error) {
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return "", err
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(p.URL+u.Path, u.Query())
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusFound {
		return "", fmt.Errorf("provider answered %s", res.Status)
	}
	return res.Header.Get("Location"), nil
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	g, fault, ok := p.redeem(w, r)
	if !ok {
		return
	}
	now := time.Now()
	claims := jwt.MapClaims{"iss": p.URL, "sub": g.id.Subject, "aud": g.clientID, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"nonce": g.nonce, "email": g.id.Email, "email_verified": g.id.EmailVerified, "name": g.id.Name}
	key := p.key
	switch fault {
	case FaultAudience:
		claims["aud"] = "someone-else"
	case FaultExpired:
		claims["iat"], claims["exp"] = now.Add(-time.Hour).Unix(), now.Add(-30*time.Minute).Unix()
	case FaultNonce:
		claims["nonce"] = "a-nonce-from-another-sign-in"
	case FaultIssuer:
		claims["iss"] = "https://evil.example"
	case FaultOtherKey:
		key = p.otherKey
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "k1"
	signed, err := tok.SignedString(key)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	if fault == FaultTampered {
		parts := strings.Split(signed, ".")
		claims["sub"], claims["email"] = "admin", "root@lectern.test"
		raw, _ := json.Marshal(claims)
		signed = parts[0] + "." + base64.RawURLEncoding.EncodeToString(raw) + "." + parts[2]
	}
	out := map[string]any{"access_token": random(), "token_type": "Bearer", "expires_in": 300}
	if fault != FaultNoIDToken {
		out["id_token"] = signed
	}
	writeJSON(w, out)
}

// redeem checks the client, the code and PKCE, and spends the code.
func (p *Provider) redeem(w http.ResponseWriter, r *http.Request) (grant, Fault, bool) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return grant{}, "", false
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
	}
	if id != ClientID || secret != ClientSecret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
		return grant{}, "", false
	}
	p.mu.Lock()
	g, ok := p.codes[r.Form.Get("code")]
	delete(p.codes, r.Form.Get("code"))
	fault := p.fault
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
	if !ok || g.redirect != r.Form.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		return grant{}, "", false
	}
	return g, fault, true
}

func (p *Provider) githubToken(w http.ResponseWriter, r *http.Request) {
	g, _, ok := p.redeem(w, r)
	if !ok {
		return
	}
	tok := random()
	p.mu.Lock()
	p.tokens[tok] = g.id
	p.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "token_type": "bearer", "scope": "read:user,user:email"})
}

func (p *Provider) githubIdentity(w http.ResponseWriter, r *http.Request) (Identity, bool) {
	p.mu.Lock()
	id, ok := p.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	p.mu.Unlock()
	if !ok {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
	}
	return id, ok
}

func (p *Provider) githubUser(w http.ResponseWriter, r *http.Request) {
	if id, ok := p.githubIdentity(w, r); ok {
		n, _ := strconv.ParseInt(id.Subject, 10, 64)
		writeJSON(w, map[string]any{"id": n, "login": strings.ToLower(strings.ReplaceAll(id.Name, " ", "")), "name": id.Name})
	}
}

func (p *Provider) githubEmails(w http.ResponseWriter, r *http.Request) {
	if id, ok := p.githubIdentity(w, r); ok {
		writeJSON(w, []any{
			map[string]any{"email": "old-" + id.Email, "primary": false, "verified": true},
			map[string]any{"email": id.Email, "primary": true, "verified": id.EmailVerified},
		})
	}
}

func random() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
