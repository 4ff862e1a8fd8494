package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/auth"
)

// refreshCookie carries the refresh token for the web UI: HttpOnly, so
// script cannot read it, scoped to the auth endpoints, and SameSite=Strict
// so another site cannot make the browser use it.
const refreshCookie = "lectern_refresh"

// sessionHintCookie says, to the UI's script, that a refresh cookie was
// set: it holds no secret ("1"), lives as long as the refresh cookie and is
// cleared with it. Without it the UI does not try a refresh on start, so an
// anonymous visit makes no request that is bound to fail.
const sessionHintCookie = "lectern_session"

type userJSON struct {
	ID            string    `json:"id"`
	Email         string    `json:"email"`
	Name          string    `json:"name"`
	Headline      string    `json:"headline"`
	Bio           string    `json:"bio"`
	Roles         []string  `json:"roles"`
	EmailVerified bool      `json:"email_verified"`
	Disabled      bool      `json:"disabled"`
	TwoFactor     bool      `json:"two_factor"`   // an authenticator app is required at sign-in
	HasPassword   bool      `json:"has_password"` // false for accounts made through a sign-in provider
	CreatedAt     time.Time `json:"created_at"`
}

// toUserJSON is the only way a user leaves the server; it has no field for
// the password hash.
func toUserJSON(u *auth.User) userJSON {
	return userJSON{
		ID:            strconv.FormatInt(u.ID, 10),
		Email:         u.Email,
		Name:          u.Name,
		Headline:      u.Headline,
		Bio:           u.Bio,
		Roles:         u.Roles,
		EmailVerified: u.EmailVerifiedAt != nil,
		Disabled:      u.DisabledAt != nil,
		TwoFactor:     u.TwoFactorAt != nil,
		HasPassword:   u.HasPassword(),
		CreatedAt:     u.CreatedAt,
	}
}

type sessionResponse struct {
	User         userJSON `json:"user"`
	AccessToken  string   `json:"access_token"`
	RefreshToken string   `json:"refresh_token"`
	TokenType    string   `json:"token_type"`
	ExpiresIn    int      `json:"expires_in"`
}

// challengeResponse answers a sign-in of an account with two-factor on: no
// tokens yet, a challenge for POST /auth/2fa.
type challengeResponse struct {
	TwoFactorRequired bool   `json:"two_factor_required"`
	Challenge         string `json:"challenge"`
}

// registerResponse is the same for a new and a taken email: the account is
// made (and signed in) when the emailed link is followed.
type registerResponse struct {
	Status string `json:"status"` // always "check_email"
	Email  string `json:"email"`
}

type registerRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token,omitempty"`
}

type forgotRequest struct {
	Email string `json:"email"`
}

type resetRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

type verifyRequest struct {
	Token string `json:"token"`
}

func (s *Server) writeSession(w http.ResponseWriter, status int, u *auth.User, sess *auth.Session) error {
	http.SetCookie(w, &http.Cookie{
		Name:     refreshCookie,
		Value:    sess.RefreshToken,
		Path:     apiPrefix + "/auth",
		MaxAge:   int(sess.RefreshTTL.Seconds()),
		HttpOnly: true,
		Secure:   s.tls,
		SameSite: http.SameSiteStrictMode,
	})
	http.SetCookie(w, &http.Cookie{
		Name:     sessionHintCookie,
		Value:    "1",
		Path:     "/",
		MaxAge:   int(sess.RefreshTTL.Seconds()),
		Secure:   s.tls,
		SameSite: http.SameSiteStrictMode,
	})
	return writeJSON(w, status, sessionResponse{
		User:         toUserJSON(u),
		AccessToken:  sess.AccessToken,
		RefreshToken: sess.RefreshToken,
		TokenType:    "Bearer",
		ExpiresIn:    int(sess.ExpiresIn.Seconds()),
	})
}

// writeSignIn answers a finished first factor: the session, or the
// two-factor challenge.
func (s *Server) writeSignIn(w http.ResponseWriter, in *auth.SignIn) error {
	if in.Session == nil {
		return writeJSON(w, http.StatusOK, challengeResponse{TwoFactorRequired: true, Challenge: in.Challenge})
	}
	return s.writeSession(w, http.StatusOK, in.User, in.Session)
}

// clientOf describes the caller's device for the sessions list.
func (s *Server) clientOf(r *http.Request) auth.Client {
	return auth.Client{IP: s.clientIP(r), UserAgent: r.UserAgent()}
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: refreshCookie, Value: "", Path: apiPrefix + "/auth", MaxAge: -1,
		HttpOnly: true, Secure: s.tls, SameSite: http.SameSiteStrictMode})
	http.SetCookie(w, &http.Cookie{Name: sessionHintCookie, Value: "", Path: "/", MaxAge: -1,
		Secure: s.tls, SameSite: http.SameSiteStrictMode})
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	var in registerRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Auth.Register(r.Context(), in.Email, in.Password, in.Name); err != nil {
		return err
	}
	return writeJSON(w, http.StatusAccepted, registerResponse{Status: "check_email", Email: auth.NormalizeEmail(in.Email)})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var in loginRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.Auth.Login(r.Context(), in.Email, in.Password, s.clientOf(r))
	if err != nil {
		return err
	}
	return s.writeSignIn(w, res)
}

// refreshTokenFrom takes the token from the body, else from the cookie, and
// says which.
func refreshTokenFrom(r *http.Request) (string, bool, error) {
	var in refreshRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return "", false, err
		}
	}
	if in.RefreshToken != "" {
		return in.RefreshToken, false, nil
	}
	if c, err := r.Cookie(refreshCookie); err == nil {
		return c.Value, true, nil
	}
	return "", false, nil
}

// errBadOrigin refuses a cookie-authenticated request from another site.
var errBadOrigin = apperr.New(apperr.Forbidden, "bad_origin", "This request must come from this site.")

// checkOrigin guards the state-changing requests the refresh cookie
// authenticates (refresh, logout): when the browser says where the request
// comes from, it must be our own public URL (or the request's own host). SameSite=Strict already keeps
// the cookie off cross-site requests; this is the second lock. Requests
// without Origin (API clients sending the token in the body) pass.
func (s *Server) checkOrigin(r *http.Request, fromCookie bool) error {
	if !fromCookie {
		return nil
	}
	o := r.Header.Get("Origin")
	if o == "" {
		if sf := r.Header.Get("Sec-Fetch-Site"); sf == "cross-site" || sf == "same-site" {
			return errBadOrigin
		}
		return nil
	}
	if o == s.PublicURL {
		return nil
	}
	// Same origin as the request itself (e.g. the UI's dev server proxying
	// with its own Host).
	if u, err := url.Parse(o); err == nil && u.Host != "" && u.Host == r.Host {
		return nil
	}
	return errBadOrigin
}

func (s *Server) refresh(w http.ResponseWriter, r *http.Request) error {
	token, fromCookie, err := refreshTokenFrom(r)
	if err != nil {
		return err
	}
	if err := s.checkOrigin(r, fromCookie); err != nil {
		return err
	}
	u, sess, err := s.Auth.Refresh(r.Context(), token, s.clientOf(r))
	if err != nil {
		s.clearSessionCookie(w)
		return err
	}
	return s.writeSession(w, http.StatusOK, u, sess)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	token, fromCookie, err := refreshTokenFrom(r)
	if err != nil {
		return err
	}
	if err := s.checkOrigin(r, fromCookie); err != nil {
		return err
	}
	if err := s.Auth.Logout(r.Context(), token); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	var in forgotRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Auth.ForgotPassword(r.Context(), in.Email); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var in resetRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Auth.ResetPassword(r.Context(), in.Token, in.Password); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) error {
	var in verifyRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.Auth.VerifyEmail(r.Context(), in.Token, s.clientOf(r))
	if err != nil {
		return err
	}
	if res != nil {
		return s.writeSession(w, http.StatusOK, res.User, res.Session)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
