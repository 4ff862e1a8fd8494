package auth

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

const (
	sealState = "oidc state v1"
	// StateTTL is how long a provider sign-in may take.
	StateTTL = 10 * time.Minute
	// a provider callback's one-time code and a link step live this long.
	oidcCodeTTL = 2 * time.Minute
	oidcLinkTTL = 15 * time.Minute
)

// ErrNoProvider answers for a provider that is not configured.
var ErrNoProvider = apperr.New(apperr.NotFound, "not_found", "No such sign-in provider.")

// ProviderInfo is a configured provider as the sign-in page lists it.
type ProviderInfo struct{ ID, Name string }

// ListProviders lists the configured providers, sorted by id.
func (s *Service) ListProviders() []ProviderInfo {
	out := make([]ProviderInfo, 0, len(s.Providers))
	for _, p := range s.Providers {
		out = append(out, ProviderInfo{ID: p.ID(), Name: p.Name()})
	}
	slices.SortFunc(out, func(a, b ProviderInfo) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// oidcState is what the browser carries, sealed, between start and callback.
type oidcState struct {
	Provider string `json:"p"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	LinkUser int64  `json:"u,omitempty"` // started from account settings by this user
	Expires  int64  `json:"e"`
}

// StartProvider begins a sign-in (or, with linkTo, a link from account
// settings) at provider. It returns the provider's URL and the sealed state
// to keep in a short-lived cookie.
func (s *Service) StartProvider(ctx context.Context, provider string, linkTo *store.User) (redirect, cookie string, err error) {
	p, ok := s.Providers[provider]
	if !ok {
		return "", "", ErrNoProvider
	}
	st := oidcState{Provider: provider, State: randomString(), Nonce: randomString(), Verifier: randomString() + randomString(),
		Expires: time.Now().Add(StateTTL).Unix()}
	if linkTo != nil {
		st.LinkUser = linkTo.ID
	}
	redirect, err = p.AuthCodeURL(ctx, st.State, st.Nonce, st.Verifier)
	if err != nil {
		return "", "", &apperr.Error{Kind: apperr.Unavailable, Code: "provider_unavailable", Message: "The sign-in provider cannot be reached; try again later.", Cause: err}
	}
	raw, _ := json.Marshal(st)
	return redirect, base64.RawURLEncoding.EncodeToString(s.Secrets.Seal(sealState, raw)), nil
}

func randomString() string {
	t, _, err := NewOpaqueToken()
	if err != nil {
		panic(err)
	}
	return t
}

// ProviderCallback finishes a provider sign-in and returns where to send the
// browser: the UI's /auth/callback with a one-time code (never tokens), a
// link step, or an error code. Failures a user can act on become error
// codes in that URL; nothing here is answered as JSON.
func (s *Service) ProviderCallback(ctx context.Context, provider, cookie string, q url.Values) string {
	fail := func(code string, err error) string {
		if err != nil {
			s.Log.WarnContext(ctx, "provider sign-in failed", "provider", provider, "reason", code, "err", err)
		}
		return s.PublicURL + "/auth/callback?" + url.Values{"error": {code}}.Encode()
	}
	p, ok := s.Providers[provider]
	if !ok {
		return fail("unknown_provider", nil)
	}
	var st oidcState
	sealed, err := base64.RawURLEncoding.DecodeString(cookie)
	if err == nil {
		var raw []byte
		if raw, err = s.Secrets.Open(sealState, sealed); err == nil {
			err = json.Unmarshal(raw, &st)
		}
	}
	if cookie == "" || err != nil || st.Provider != provider || time.Now().Unix() > st.Expires ||
		subtle.ConstantTimeCompare([]byte(st.State), []byte(q.Get("state"))) != 1 {
		return fail("state_mismatch", err)
	}
	if e := q.Get("error"); e != "" {
		return fail("provider_refused", errors.New(e))
	}
	who, err := p.Exchange(ctx, q.Get("code"), st.Verifier, st.Nonce)
	if err != nil {
		return fail("provider_failed", err)
	}
	who.Email = NormalizeEmail(who.Email)
	next, err := s.resolveIdentity(ctx, provider, who, st.LinkUser)
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return fail(ae.Code, nil)
	}
	if err != nil {
		return fail("internal", err)
	}
	return s.PublicURL + "/auth/callback?" + next.Encode()
}

type linkData struct {
	Provider string `json:"provider"`
	Subject  string `json:"subject"`
	Email    string `json:"email"`
}

// resolveIdentity applies the linking rules. An email match alone never
// links: the provider must say the address is verified and the person must
// prove they own the account (signed in already, or its password once).
func (s *Service) resolveIdentity(ctx context.Context, provider string, who *ProviderUser, linkUser int64) (url.Values, error) {
	id, err := s.DB.IdentityBySubject(ctx, provider, who.Subject)
	switch {
	case err == nil:
		if linkUser != 0 && id.UserID != linkUser {
			return nil, apperr.New(apperr.Conflict, "identity_taken", "That account is linked to another Lectern account.")
		}
		if linkUser != 0 {
			return url.Values{"linked": {provider}}, nil
		}
		return s.codeFor(ctx, id.UserID)
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	if linkUser != 0 {
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			return tx.LinkIdentity(ctx, store.Identity{Provider: provider, Subject: who.Subject, UserID: linkUser, Email: who.Email})
		})
		if errors.Is(err, store.ErrConflict) {
			return nil, apperr.New(apperr.Conflict, "provider_already_linked", "Another account of this provider is linked already; unlink it first.")
		}
		if err != nil {
			return nil, err
		}
		return url.Values{"linked": {provider}}, nil
	}
	if who.Email == "" {
		return nil, apperr.New(apperr.Invalid, "email_required", "The provider did not share an email address.")
	}
	existing, err := s.DB.UserByEmail(ctx, who.Email)
	if err == nil {
		if !who.EmailVerified {
			return nil, apperr.New(apperr.Conflict, "email_unverified", "An account uses this email, and the provider has not verified it.")
		}
		data, _ := json.Marshal(linkData{Provider: provider, Subject: who.Subject, Email: who.Email})
		token, err := s.newStep(ctx, store.StepOIDCLink, existing.ID, string(data), oidcLinkTTL)
		if err != nil {
			return nil, err
		}
		return url.Values{"link_token": {token}, "provider": {provider}, "email": {who.Email}}, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	name := strings.TrimSpace(who.Name)
	if name == "" {
		name = who.Email[:strings.IndexByte(who.Email+"@", '@')]
	}
	name = truncate(name, 100)
	var u *store.User
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.CreateUser(ctx, store.NewUser{Email: who.Email, Name: name, EmailVerified: who.EmailVerified}); err != nil {
			return err
		}
		if !who.EmailVerified {
			if err := s.queueVerification(ctx, tx, u); err != nil {
				return err
			}
		}
		return tx.LinkIdentity(ctx, store.Identity{Provider: provider, Subject: who.Subject, UserID: u.ID, Email: who.Email})
	})
	if err != nil {
		return nil, err
	}
	return s.codeFor(ctx, u.ID)
}

func (s *Service) codeFor(ctx context.Context, userID int64) (url.Values, error) {
	code, err := s.newStep(ctx, store.StepOIDCCode, userID, "", oidcCodeTTL)
	if err != nil {
		return nil, err
	}
	return url.Values{"code": {code}}, nil
}

// ExchangeCode turns the one-time code of a provider callback into a
// session (or a two-factor challenge).
func (s *Service) ExchangeCode(ctx context.Context, code string, client Client) (*SignIn, error) {
	if code == "" {
		return nil, apperr.Fields{{Field: "code", Message: "is required"}}.Err()
	}
	var st *store.LoginStep
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		st, err = tx.SpendLoginStep(ctx, store.StepOIDCCode, HashOpaqueToken(code))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	u, err := s.DB.UserByID(ctx, st.UserID)
	if err != nil {
		return nil, err
	}
	return s.signIn(ctx, u, client)
}

// LinkWithPassword finishes a "link required" step: the provider's verified
// email matched an account, and its owner enters that account's password.
func (s *Service) LinkWithPassword(ctx context.Context, token, password string, client Client) (*SignIn, error) {
	if token == "" {
		return nil, apperr.Fields{{Field: "link_token", Message: "is required"}}.Err()
	}
	hash := HashOpaqueToken(token)
	st, err := s.DB.LoginStepByHash(ctx, store.StepOIDCLink, hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	u, err := s.DB.UserByID(ctx, st.UserID)
	if err != nil {
		return nil, err
	}
	if blocked, retry, err := s.Limiter.Blocked(ctx, "login_account", u.Email); err != nil {
		return nil, err
	} else if blocked {
		return nil, &apperr.Error{Kind: apperr.TooMany, Code: "rate_limited", Message: "Too many failed attempts for this account; try again later.", RetryAfter: retry}
	}
	ok, err := s.Hasher.Verify(ctx, password, u.PasswordHash)
	if err != nil {
		return nil, err
	}
	if !ok || !u.HasPassword() {
		if _, _, err := s.Limiter.Allow(ctx, "login_account", u.Email); err != nil {
			return nil, err
		}
		return nil, apperr.Fields{{Field: "password", Message: "is not correct"}}.Err()
	}
	var d linkData
	if err := json.Unmarshal([]byte(st.Data), &d); err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.SpendLoginStep(ctx, store.StepOIDCLink, hash); err != nil {
			return err
		}
		return tx.LinkIdentity(ctx, store.Identity{Provider: d.Provider, Subject: d.Subject, UserID: u.ID, Email: d.Email})
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrBadToken
	}
	if errors.Is(err, store.ErrConflict) {
		return nil, apperr.New(apperr.Conflict, "provider_already_linked", "Another account of this provider is linked already; unlink it first.")
	}
	if err != nil {
		return nil, err
	}
	return s.signIn(ctx, u, client)
}

// Identities lists the providers linked to u.
func (s *Service) Identities(ctx context.Context, u *store.User) ([]*store.Identity, error) {
	return s.DB.IdentitiesOf(ctx, u.ID)
}

// ErrLastSignIn refuses to remove the last way into an account.
var ErrLastSignIn = apperr.New(apperr.Conflict, "last_sign_in_method", "This is your only way to sign in; set a password or link another provider first.")

// Unlink removes provider from u unless it is the last way to sign in.
func (s *Service) Unlink(ctx context.Context, u *store.User, provider string) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		left, err := tx.UnlinkIdentity(ctx, u.ID, provider)
		if err != nil {
			return err
		}
		if left == 0 {
			return ErrLastSignIn // rolls the delete back
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return apperr.New(apperr.NotFound, "not_found", "That provider is not linked to your account.")
	}
	return err
}
