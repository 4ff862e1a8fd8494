package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/ratelimit"
	"github.com/lectern/lectern/internal/store"
)

// Lifetimes of the single-use tokens sent by email and of sign-in steps.
const (
	resetTokenTTL  = time.Hour
	verifyTokenTTL = 48 * time.Hour
	challengeTTL   = 5 * time.Minute
)

// Errors a client may see from this package.
var (
	ErrInvalidCredentials = apperr.New(apperr.Unauthorized, "invalid_credentials", "The email or password is not correct.")
	ErrSessionExpired     = apperr.New(apperr.Unauthorized, "session_expired", "Your session has ended; please log in again.")
	ErrDisabled           = apperr.New(apperr.Forbidden, "account_disabled", "This account has been disabled.")
	ErrBadToken           = apperr.New(apperr.Invalid, "invalid_token", "This link is invalid or has expired; request a new one.")
	ErrEmailTaken         = &apperr.Error{Kind: apperr.Conflict, Code: "email_taken", Message: "An account with this email already exists.",
		Fields: []apperr.FieldError{{Field: "email", Message: "is already registered"}}}
)

// Session is what a successful login, registration or refresh hands out.
type Session struct {
	ID           string // the session's id (sid), also its refresh-token family
	AccessToken  string
	RefreshToken string
	ExpiresIn    time.Duration
	RefreshTTL   time.Duration
}

// Client describes the device a sign-in comes from, for the sessions list.
type Client struct {
	IP        string
	UserAgent string
}

// SignIn is the outcome of a password or provider sign-in: a session, or,
// when the account has two-factor on, a challenge for the second step.
type SignIn struct {
	User      *store.User
	Session   *Session
	Challenge string
}

// Service carries out the account flows.
type Service struct {
	Deps
}

// Deps is everything the account service needs; NewService takes all of it.
type Deps struct {
	DB         *store.DB
	Hasher     *Hasher
	Tokens     *TokenSigner
	Limiter    ratelimit.Limiter
	RefreshTTL time.Duration
	PublicURL  string // for links in emails
	Log        *slog.Logger
	// Secrets encrypts what must be read back (TOTP secrets, sign-in
	// cookies) with a key derived from the master secret.
	Secrets *Sealer
	// RequireAdmin2FA refuses admin routes to admins without two-factor.
	RequireAdmin2FA bool
	// Providers are the configured sign-in providers by id.
	Providers map[string]Provider
	// Renamed is told of a user whose name changed (their courses and the
	// search index show it); may be nil.
	Renamed func(userID int64)
}

// NewService makes the account service.
func NewService(d Deps) *Service { return &Service{Deps: d} }

// ListUsers lists and searches users for admins, one page after the cursor.
func (s *Service) ListUsers(ctx context.Context, actor *store.User, q string, after *store.UserCursor, limit int) (*store.UserPage, error) {
	if err := access.RequireAdmin(actor); err != nil {
		return nil, err
	}
	return s.DB.ListUsers(ctx, q, after, limit)
}

// NormalizeEmail trims and lower-cases an address; emails are compared
// case-insensitively.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func checkEmail(fe *apperr.Fields, email string) {
	if email == "" {
		fe.Add("email", "is required")
		return
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		fe.Add("email", "is not a valid email address")
	}
}

func checkName(fe *apperr.Fields, field, name string, required bool, max int) {
	n := utf8.RuneCountInString(name)
	switch {
	case required && strings.TrimSpace(name) == "":
		fe.Add(field, "is required")
	case n > max:
		fe.Add(field, fmt.Sprintf("must be at most %d characters", max))
	case strings.ContainsAny(name, "\x00\r\n") && field == "name":
		fe.Add(field, "must be a single line")
	}
}

// ValidateAccount checks the fields of a new account; email and name must
// already be normalised.
func ValidateAccount(email, password, name string) error {
	var fe apperr.Fields
	checkEmail(&fe, email)
	checkName(&fe, "name", name, true, 100)
	if msg := CheckPassword(password, email); msg != "" {
		fe.Add("password", msg)
	}
	return fe.Err()
}

// Register starts a sign-up. It answers the same, after the same work, for
// a new and a taken email, so it tells nobody who has an account: a new
// address gets a link that creates the account and signs in (the account
// does not exist before, so a password chosen by whoever registered cannot
// be tried either); the owner of a taken address gets an email saying
// someone tried to register with it.
func (s *Service) Register(ctx context.Context, email, password, name string) error {
	email, name = NormalizeEmail(email), strings.TrimSpace(name)
	if err := ValidateAccount(email, password, name); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	u, err := s.DB.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	token, tokenHash, err := NewOpaqueToken()
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if u != nil {
			return tx.EnqueueEmail(ctx, u.Email, "Someone tried to sign up with your email", fmt.Sprintf(
				"Hello %s,\n\nSomeone tried to create a Lectern account with this email address, which already has one. "+
					"Nothing changed. If it was you, log in instead:\n\n%s/login\n\nForgot your password? %s/forgot-password\n", u.Name, s.PublicURL, s.PublicURL))
		}
		data, _ := json.Marshal(registration{Email: email, Name: name, PasswordHash: hash})
		if err := tx.InsertLoginStep(ctx, tokenHash, store.LoginStep{Purpose: store.StepRegistration, Data: string(data), ExpiresAt: time.Now().Add(verifyTokenTTL)}); err != nil {
			return err
		}
		link := s.PublicURL + "/verify-email?token=" + token
		return tx.EnqueueEmail(ctx, email, "Confirm your email for Lectern", fmt.Sprintf(
			"Hello %s,\n\nWelcome to Lectern. To finish creating your account, open:\n\n%s\n\nThe link works for 48 hours. "+
				"If you did not sign up, ignore this email; no account is made.\n", name, link))
	})
}

// registration is a sign-up waiting for its email to be confirmed.
type registration struct {
	Email        string `json:"email"`
	Name         string `json:"name"`
	PasswordHash string `json:"password_hash"`
}

// completeRegistration creates the account of a confirmed sign-up and opens
// its first session.
func (s *Service) completeRegistration(ctx context.Context, tokenHash []byte, client Client) (*SignIn, error) {
	var u *store.User
	var sess *Session
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		st, err := tx.SpendLoginStep(ctx, store.StepRegistration, tokenHash)
		if err != nil {
			return err
		}
		var reg registration
		if err := json.Unmarshal([]byte(st.Data), &reg); err != nil {
			return err
		}
		if u, err = tx.CreateUser(ctx, store.NewUser{Email: reg.Email, Name: reg.Name, PasswordHash: reg.PasswordHash, EmailVerified: true}); err != nil {
			return err
		}
		sess, err = s.openSession(ctx, tx, u.ID, "", client)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, ErrBadToken
	case errors.Is(err, store.ErrConflict):
		return nil, ErrEmailTaken // signed up twice and confirmed the other link first
	case err != nil:
		return nil, err
	}
	return &SignIn{User: u, Session: sess}, nil
}

// Login checks credentials. Unknown email and wrong password give the same
// error after the same amount of work. With two-factor on, the answer is a
// challenge instead of a session.
//
// Failed attempts are counted per account (login_account): the bucket
// refills one attempt every period/count (90 s by default), so the owner is
// never locked out for more than that, and a password reset empties it.
func (s *Service) Login(ctx context.Context, email, password string, client Client) (*SignIn, error) {
	email = NormalizeEmail(email)
	if blocked, retry, err := s.Limiter.Blocked(ctx, "login_account", email); err != nil {
		return nil, err
	} else if blocked {
		return nil, &apperr.Error{Kind: apperr.TooMany, Code: "rate_limited", Message: "Too many failed attempts for this account; try again later.", RetryAfter: retry}
	}
	u, err := s.DB.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	stored := ""
	if u != nil {
		stored = u.PasswordHash
	}
	ok, err := s.Hasher.Verify(ctx, password, stored)
	if err != nil {
		return nil, err
	}
	if !ok || u == nil {
		if _, _, err := s.Limiter.Allow(ctx, "login_account", email); err != nil {
			return nil, err
		}
		return nil, ErrInvalidCredentials
	}
	return s.signIn(ctx, u, client)
}

// signIn finishes a first factor: a session, or a two-factor challenge.
func (s *Service) signIn(ctx context.Context, u *store.User, client Client) (*SignIn, error) {
	if u.DisabledAt != nil {
		return nil, ErrDisabled
	}
	if u.TwoFactorAt != nil {
		challenge, err := s.newStep(ctx, store.StepTwoFactor, u.ID, client.IP, challengeTTL)
		if err != nil {
			return nil, err
		}
		return &SignIn{User: u, Challenge: challenge}, nil
	}
	var sess *Session
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		sess, err = s.openSession(ctx, tx, u.ID, "", client)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &SignIn{User: u, Session: sess}, nil
}

// newStep stores a single-use login step and returns its token.
func (s *Service) newStep(ctx context.Context, purpose string, userID int64, data string, ttl time.Duration) (string, error) {
	token, hash, err := NewOpaqueToken()
	if err != nil {
		return "", err
	}
	return token, s.DB.InsertLoginStep(ctx, hash, store.LoginStep{Purpose: purpose, UserID: userID, Data: data, ExpiresAt: time.Now().Add(ttl)})
}

// openSession issues an access token and a refresh token of family. An
// empty family starts a new session (a sign-in); otherwise the session is
// touched and must still be live.
func (s *Service) openSession(ctx context.Context, tx *store.Tx, userID int64, family string, client Client) (*Session, error) {
	ua := truncate(client.UserAgent, 400)
	if family == "" {
		f, _, err := NewOpaqueToken()
		if err != nil {
			return nil, err
		}
		family = f[:22]
		if err := tx.InsertSession(ctx, family, userID, ua, client.IP); err != nil {
			return nil, err
		}
	} else if live, err := tx.TouchSession(ctx, family, ua, client.IP); err != nil {
		return nil, err
	} else if !live {
		return nil, ErrSessionExpired
	}
	refresh, hash, err := NewOpaqueToken()
	if err != nil {
		return nil, err
	}
	if err := tx.InsertRefreshToken(ctx, userID, family, hash, time.Now().Add(s.RefreshTTL)); err != nil {
		return nil, err
	}
	access, ttl, err := s.Tokens.Issue(userID, family)
	if err != nil {
		return nil, err
	}
	return &Session{ID: family, AccessToken: access, RefreshToken: refresh, ExpiresIn: ttl, RefreshTTL: s.RefreshTTL}, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Refresh spends a refresh token and issues its successor. Presenting a
// token that was already spent means it was stolen or replayed: the whole
// family is revoked, logging out both the thief and the victim.
func (s *Service) Refresh(ctx context.Context, token string, client Client) (*store.User, *Session, error) {
	if token == "" {
		return nil, nil, ErrSessionExpired
	}
	var u *store.User
	var sess *Session
	var reused string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		rt, err := tx.RefreshTokenByHash(ctx, HashOpaqueToken(token))
		if errors.Is(err, store.ErrNotFound) {
			return ErrSessionExpired
		}
		if err != nil {
			return err
		}
		if rt.RevokedAt != nil || time.Now().After(rt.ExpiresAt) {
			return ErrSessionExpired
		}
		spent, err := tx.SpendRefreshToken(ctx, rt.ID)
		if err != nil {
			return err
		}
		if !spent {
			reused = rt.FamilyID
			return ErrSessionExpired
		}
		if u, err = tx.UserByID(ctx, rt.UserID); err != nil {
			return err
		}
		if u.DisabledAt != nil {
			return ErrDisabled
		}
		sess, err = s.openSession(ctx, tx, u.ID, rt.FamilyID, client)
		return err
	})
	if reused != "" {
		s.Log.WarnContext(ctx, "refresh token re-used; ending its session", "family", reused)
		if rerr := s.DB.EndFamily(ctx, reused); rerr != nil {
			return nil, nil, rerr
		}
	}
	return u, sess, err
}

// Logout ends the session of a refresh token (its refresh tokens and its
// access tokens at once); unknown tokens are ignored.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	var family string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		rt, err := tx.RefreshTokenByHash(ctx, HashOpaqueToken(token))
		if err != nil {
			return err
		}
		family = rt.FamilyID
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.DB.EndFamily(ctx, family)
}

// Authenticate turns an access token into the current user and session id.
// The user and the liveness of the session are read on every request (one
// indexed query), so disabling an account, changing roles, logging out or
// ending a session takes effect at once rather than when the token expires.
func (s *Service) Authenticate(ctx context.Context, accessToken string) (*store.User, string, error) {
	id, sid, err := s.Tokens.Verify(accessToken)
	if err != nil {
		return nil, "", &apperr.Error{Kind: apperr.Unauthorized, Code: "invalid_token", Message: "The access token is invalid or has expired.", Cause: err}
	}
	u, live, err := s.DB.UserBySession(ctx, id, sid)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", apperr.New(apperr.Unauthorized, "invalid_token", "The access token is invalid or has expired.")
	}
	if err != nil {
		return nil, "", err
	}
	if u.DisabledAt != nil {
		return nil, "", ErrDisabled
	}
	if !live {
		return nil, "", ErrSessionExpired
	}
	return u, sid, nil
}

// ForgotPassword queues a reset email when the account exists. The caller
// answers before the account is even looked up: the lookup and the email
// happen in the background, so the answer and its timing are the same for
// known and unknown addresses.
func (s *Service) ForgotPassword(ctx context.Context, email string) error {
	email = NormalizeEmail(email)
	var fe apperr.Fields
	checkEmail(&fe, email)
	if err := fe.Err(); err != nil {
		return err
	}
	s.background(ctx, "password reset email", func(ctx context.Context) error { return s.sendReset(ctx, email) })
	return nil
}

// background runs fn after the request, detached from its cancellation, at
// most a few at a time.
func (s *Service) background(ctx context.Context, what string, fn func(context.Context) error) {
	ctx = context.WithoutCancel(ctx)
	go func() {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		select {
		case backgroundSlots <- struct{}{}:
			defer func() { <-backgroundSlots }()
		case <-ctx.Done():
			return
		}
		if err := fn(ctx); err != nil {
			s.Log.WarnContext(ctx, "background "+what+" failed", "err", err)
		}
	}()
}

var backgroundSlots = make(chan struct{}, 4)

func (s *Service) sendReset(ctx context.Context, email string) error {
	u, err := s.DB.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) || (u != nil && u.DisabledAt != nil) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		token, hash, err := NewOpaqueToken()
		if err != nil {
			return err
		}
		if err := tx.InsertUserToken(ctx, u.ID, store.PurposePasswordReset, hash, time.Now().Add(resetTokenTTL)); err != nil {
			return err
		}
		link := s.PublicURL + "/reset-password?token=" + token
		return tx.EnqueueEmail(ctx, u.Email, "Reset your Lectern password", fmt.Sprintf(
			"Hello %s,\n\nSomeone asked to reset the password of your Lectern account. To choose a new one, open:\n\n%s\n\n"+
				"The link works once, for one hour. If it was not you, ignore this email; your password stays as it is.\n", u.Name, link))
	})
}

// ResetPassword spends a reset token, sets the new password and signs the
// account out everywhere.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	var fe apperr.Fields
	if token == "" {
		fe.Add("token", "is required")
	}
	if msg := CheckPassword(password, ""); msg != "" {
		fe.Add("password", msg)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	var resetFor string
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		userID, err := tx.SpendUserToken(ctx, store.PurposePasswordReset, HashOpaqueToken(token))
		if errors.Is(err, store.ErrNotFound) {
			return ErrBadToken
		}
		if err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if msg := CheckPassword(password, u.Email); msg != "" {
			return apperr.Fields{{Field: "password", Message: msg}}.Err()
		}
		if err := tx.SetPasswordHash(ctx, userID, hash, ""); err != nil {
			return err
		}
		resetFor = u.Email
		// Following the emailed link proves the address too.
		return tx.MarkEmailVerified(ctx, userID)
	})
	if err != nil {
		return err
	}
	// The owner proved themselves: failed logins of others no longer count.
	return s.Limiter.Reset(ctx, "login_account", resetFor)
}

func (s *Service) queueVerification(ctx context.Context, tx *store.Tx, u *store.User) error {
	token, hash, err := NewOpaqueToken()
	if err != nil {
		return err
	}
	if err := tx.InsertUserToken(ctx, u.ID, store.PurposeEmailVerify, hash, time.Now().Add(verifyTokenTTL)); err != nil {
		return err
	}
	link := s.PublicURL + "/verify-email?token=" + token
	return tx.EnqueueEmail(ctx, u.Email, "Confirm your email for Lectern", fmt.Sprintf(
		"Hello %s,\n\nWelcome to Lectern. Please confirm your email address by opening:\n\n%s\n\nThe link works for 48 hours.\n", u.Name, link))
}

// ResendVerification queues a fresh verification email for u.
func (s *Service) ResendVerification(ctx context.Context, u *store.User) error {
	if u.EmailVerifiedAt != nil {
		return apperr.New(apperr.Conflict, "already_verified", "Your email address is already confirmed.")
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return s.queueVerification(ctx, tx, u) })
}

// VerifyEmail spends a verification token: one sent to an account confirms
// its address (nil SignIn); one sent by Register creates the account and
// signs it in.
func (s *Service) VerifyEmail(ctx context.Context, token string, client Client) (*SignIn, error) {
	if token == "" {
		return nil, apperr.Fields{{Field: "token", Message: "is required"}}.Err()
	}
	hash := HashOpaqueToken(token)
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		userID, err := tx.SpendUserToken(ctx, store.PurposeEmailVerify, hash)
		if err != nil {
			return err
		}
		return tx.MarkEmailVerified(ctx, userID)
	})
	if errors.Is(err, store.ErrNotFound) {
		return s.completeRegistration(ctx, hash, client)
	}
	return nil, err
}

// ProfileInput is what PATCH /me may change. Roles and email are not here on
// purpose: a user cannot grant themselves anything.
type ProfileInput struct {
	Name            *string
	Headline        *string
	Bio             *string
	CurrentPassword *string
	NewPassword     *string
}

// UpdateProfile applies in to u after validating every field. A password
// change ends every other session of u; sid, the session making the change,
// continues. An account made through a sign-in provider has no password
// and may set one without a current one.
func (s *Service) UpdateProfile(ctx context.Context, u *store.User, sid string, in ProfileInput) (_ *store.User, err error) {
	var fe apperr.Fields
	var upd store.ProfileUpdate
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		checkName(&fe, "name", n, true, 100)
		upd.Name = &n
	}
	if in.Headline != nil {
		h := strings.TrimSpace(*in.Headline)
		checkName(&fe, "headline", h, false, 160)
		upd.Headline = &h
	}
	if in.Bio != nil {
		checkName(&fe, "bio", *in.Bio, false, 5000)
		upd.Bio = in.Bio
	}
	if in.NewPassword != nil {
		if u.HasPassword() && (in.CurrentPassword == nil || *in.CurrentPassword == "") {
			fe.Add("current_password", "is required to change the password")
		}
		if msg := CheckPassword(*in.NewPassword, u.Email); msg != "" {
			fe.Add("new_password", msg)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if upd.Name != nil && *upd.Name != u.Name && s.Renamed != nil {
		defer func() {
			if err == nil {
				s.Renamed(u.ID)
			}
		}()
	}
	if in.NewPassword == nil {
		return s.DB.UpdateProfile(ctx, u.ID, upd)
	}
	if u.HasPassword() {
		ok, err := s.Hasher.Verify(ctx, *in.CurrentPassword, u.PasswordHash)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, apperr.Fields{{Field: "current_password", Message: "is not correct"}}.Err()
		}
	}
	hash, err := s.Hasher.Hash(ctx, *in.NewPassword)
	if err != nil {
		return nil, err
	}
	var out *store.User
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if out, err = tx.UpdateProfile(ctx, u.ID, upd); err != nil {
			return err
		}
		return tx.SetPasswordHash(ctx, u.ID, hash, sid)
	})
	if err != nil {
		return nil, err
	}
	out.PasswordHash = hash
	return out, nil
}

// BecomeInstructor lets any user teach.
func (s *Service) BecomeInstructor(ctx context.Context, u *store.User) (*store.User, error) {
	return s.DB.AddRole(ctx, u.ID, store.RoleInstructor)
}

// AdminUserUpdate is what an admin may change about a user.
type AdminUserUpdate struct {
	Roles    *[]string
	Disabled *bool
}

// AdminUpdateUser changes roles or the disabled flag of user id, writing the
// audit log in the same transaction. An admin cannot disable or demote
// themselves, so the last admin cannot lock everyone out by accident.
func (s *Service) AdminUpdateUser(ctx context.Context, actor *store.User, id int64, in AdminUserUpdate) (*store.User, error) {
	if err := access.RequireAdmin(actor); err != nil {
		return nil, err
	}
	var fe apperr.Fields
	if in.Roles != nil {
		for _, r := range *in.Roles {
			if !slices.Contains(store.ValidRoles, r) {
				fe.Add("roles", fmt.Sprintf("%q is not a role; use student, instructor or admin", r))
			}
		}
		if id == actor.ID && !slices.Contains(*in.Roles, store.RoleAdmin) {
			fe.Add("roles", "you cannot remove your own admin role")
		}
	}
	if in.Disabled != nil && *in.Disabled && id == actor.ID {
		fe.Add("disabled", "you cannot disable your own account")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var u *store.User
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		u = before
		subject := "user:" + strconv.FormatInt(id, 10)
		if in.Roles != nil {
			if u, err = tx.SetRoles(ctx, id, *in.Roles); err != nil {
				return err
			}
			if !slices.Equal(before.Roles, u.Roles) {
				detail := fmt.Sprintf("roles %s -> %s", strings.Join(before.Roles, ","), strings.Join(u.Roles, ","))
				if err := tx.Audit(ctx, actor.ID, "user.roles", subject, detail); err != nil {
					return err
				}
				// New roles mean a new sign-in: every session ends now.
				if _, err := tx.EndSessions(ctx, id, ""); err != nil {
					return err
				}
			}
		}
		if in.Disabled != nil && *in.Disabled != (before.DisabledAt != nil) {
			if u, err = tx.SetDisabled(ctx, id, *in.Disabled); err != nil {
				return err
			}
			action := "user.enable"
			if *in.Disabled {
				action = "user.disable"
			}
			if err := tx.Audit(ctx, actor.ID, action, subject, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.New(apperr.NotFound, "not_found", "No such user.")
	}
	return u, err
}
