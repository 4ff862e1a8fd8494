package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Provider is a sign-in provider: it sends the browser to its login page and
// turns the code it sends back into a verified identity.
type Provider interface {
	ID() string
	Name() string
	// AuthCodeURL is where the browser signs in; state, nonce and the PKCE
	// verifier are fresh for each attempt.
	AuthCodeURL(ctx context.Context, state, nonce, verifier string) (string, error)
	// Exchange redeems code and returns who signed in, after checking
	// everything the protocol lets it check (for OpenID Connect: the ID
	// token's signature, issuer, audience, expiry and nonce).
	Exchange(ctx context.Context, code, verifier, nonce string) (*ProviderUser, error)
}

// ProviderUser is an identity as a provider vouches for it.
type ProviderUser struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// ProviderConfig configures one provider.
type ProviderConfig struct {
	ID           string // in URLs: google, github, or the lower-cased <NAME>
	Name         string // shown on the button
	Issuer       string // OpenID Connect issuer (discovery); empty for GitHub
	ClientID     string
	ClientSecret string
	// GitHub only: the web and API base URLs (overridable for tests).
	WebURL, APIURL string
}

// NewProvider makes a provider; redirectURL is its callback on our side.
func NewProvider(c ProviderConfig, redirectURL string, client *http.Client) Provider {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	oc := oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: redirectURL}
	if c.Issuer == "" {
		web, api := strings.TrimRight(c.WebURL, "/"), strings.TrimRight(c.APIURL, "/")
		if web == "" {
			web = "https://github.com"
		}
		if api == "" {
			api = "https://api.github.com"
		}
		oc.Endpoint = oauth2.Endpoint{AuthURL: web + "/login/oauth/authorize", TokenURL: web + "/login/oauth/access_token"}
		oc.Scopes = []string{"read:user", "user:email"}
		return &githubProvider{id: c.ID, name: c.Name, oauth: oc, api: api, client: client}
	}
	oc.Scopes = []string{oidc.ScopeOpenID, "email", "profile"}
	return &oidcProvider{id: c.ID, name: c.Name, issuer: c.Issuer, oauth: oc, client: client}
}

// oidcProvider is any OpenID Connect provider, found by discovery the first
// time it is used (so a provider that is down does not stop start-up).
type oidcProvider struct {
	id, name, issuer string
	oauth            oauth2.Config
	client           *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

func (p *oidcProvider) ID() string   { return p.id }
func (p *oidcProvider) Name() string { return p.name }

func (p *oidcProvider) discover(ctx context.Context) (*oidc.Provider, oauth2.Config, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider == nil {
		dctx, cancel := context.WithTimeout(oidc.ClientContext(context.WithoutCancel(ctx), p.client), 10*time.Second)
		defer cancel()
		prov, err := oidc.NewProvider(dctx, p.issuer)
		if err != nil {
			return nil, p.oauth, fmt.Errorf("discovering %s: %w", p.issuer, err)
		}
		p.provider = prov
	}
	oc := p.oauth
	oc.Endpoint = p.provider.Endpoint()
	return p.provider, oc, nil
}

func (p *oidcProvider) AuthCodeURL(ctx context.Context, state, nonce, verifier string) (string, error) {
	_, oc, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	return oc.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

func (p *oidcProvider) Exchange(ctx context.Context, code, verifier, nonce string) (*ProviderUser, error) {
	prov, oc, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	ctx = oidc.ClientContext(ctx, p.client)
	tok, err := oc.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("exchanging the code: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, errors.New("the provider sent no ID token")
	}
	// Signature (keys from the provider's JWKS), issuer, audience (our
	// client id) and expiry; the nonce is ours to compare.
	idt, err := prov.Verifier(&oidc.Config{ClientID: p.oauth.ClientID}).Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("verifying the ID token: %w", err)
	}
	if idt.Nonce == "" || idt.Nonce != nonce {
		return nil, errors.New("the ID token's nonce does not match this sign-in")
	}
	var claims struct {
		Email         string          `json:"email"`
		EmailVerified json.RawMessage `json:"email_verified"`
		Name          string          `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return nil, err
	}
	// Some providers send "true" as a string.
	verified := string(claims.EmailVerified) == "true" || string(claims.EmailVerified) == `"true"`
	return &ProviderUser{Subject: idt.Subject, Email: claims.Email, EmailVerified: verified, Name: claims.Name}, nil
}

// githubProvider is GitHub's OAuth2 (it has no ID token): the identity comes
// from GET /user, and the email from the verified primary of /user/emails.
type githubProvider struct {
	id, name string
	oauth    oauth2.Config
	api      string
	client   *http.Client
}

func (p *githubProvider) ID() string   { return p.id }
func (p *githubProvider) Name() string { return p.name }

func (p *githubProvider) AuthCodeURL(_ context.Context, state, _, verifier string) (string, error) {
	return p.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier)), nil
}

func (p *githubProvider) Exchange(ctx context.Context, code, verifier, _ string) (*ProviderUser, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, p.client)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("exchanging the code: %w", err)
	}
	c := p.oauth.Client(ctx, tok)
	var user struct {
		ID    int64  `json:"id"`
		Login string `json:"login"`
		Name  string `json:"name"`
	}
	if err := getJSON(ctx, c, p.api+"/user", &user); err != nil {
		return nil, err
	}
	if user.ID == 0 {
		return nil, errors.New("github: /user has no id")
	}
	var emails []struct {
		Email    string `json:"email"`
		Primary  bool   `json:"primary"`
		Verified bool   `json:"verified"`
	}
	if err := getJSON(ctx, c, p.api+"/user/emails", &emails); err != nil {
		return nil, err
	}
	out := &ProviderUser{Subject: strconv.FormatInt(user.ID, 10), Name: user.Name}
	if out.Name == "" {
		out.Name = user.Login
	}
	for _, e := range emails {
		if e.Primary {
			out.Email, out.EmailVerified = e.Email, e.Verified
		}
	}
	return out, nil
}

func getJSON(ctx context.Context, c *http.Client, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return json.NewDecoder(http.MaxBytesReader(nil, res.Body, 1<<20)).Decode(v)
}
