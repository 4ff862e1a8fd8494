package httpapi

import (
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/auth"
)

// oidcCookie carries the sealed state of a provider sign-in between start
// and callback. SameSite=Lax: the callback is a top-level navigation from
// the provider's site, which Strict would strip it from.
const oidcCookie = "lectern_oidc"

type sessionJSON struct {
	ID         string    `json:"id"`
	Device     string    `json:"device"`
	IP         string    `json:"ip"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	Current    bool      `json:"current"`
}

type sessionList struct {
	Items []sessionJSON `json:"items"`
}

type endedJSON struct {
	Ended int64 `json:"ended"`
}

func (s *Server) mySessions(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Auth.Sessions(r.Context(), currentUser(r), currentSession(r))
	if err != nil {
		return err
	}
	out := sessionList{Items: make([]sessionJSON, 0, len(list))}
	for _, ss := range list {
		out.Items = append(out.Items, sessionJSON{ID: ss.ID, Device: ss.Device, IP: ss.IP, CreatedAt: ss.CreatedAt, LastUsedAt: ss.LastUsedAt, Current: ss.Current})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.EndSession(r.Context(), currentUser(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) endOtherSessions(w http.ResponseWriter, r *http.Request) error {
	n, err := s.Auth.EndOtherSessions(r.Context(), currentUser(r), currentSession(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, endedJSON{Ended: n})
}

type totpEnrolJSON struct {
	Secret string `json:"secret"`
	URI    string `json:"otpauth_uri"`
}

type totpConfirmRequest struct {
	Code string `json:"code"`
}

type recoveryCodesJSON struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

type disable2FARequest struct {
	Password string `json:"password"`
}

type secondFactorRequest struct {
	Challenge    string `json:"challenge"`
	Code         string `json:"code,omitempty"`
	RecoveryCode string `json:"recovery_code,omitempty"`
}

func (s *Server) enrolTOTP(w http.ResponseWriter, r *http.Request) error {
	e, err := s.Auth.EnrolTOTP(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, totpEnrolJSON{Secret: e.Secret, URI: e.URI})
}

func (s *Server) confirmTOTP(w http.ResponseWriter, r *http.Request) error {
	var in totpConfirmRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	codes, err := s.Auth.ConfirmTOTP(r.Context(), currentUser(r), in.Code)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, recoveryCodesJSON{RecoveryCodes: codes})
}

func (s *Server) disable2FA(w http.ResponseWriter, r *http.Request) error {
	var in disable2FARequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Auth.DisableTwoFactor(r.Context(), currentUser(r), in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) secondFactor(w http.ResponseWriter, r *http.Request) error {
	var in secondFactorRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.Auth.SecondFactor(r.Context(), in.Challenge, in.Code, in.RecoveryCode, s.clientOf(r))
	if err != nil {
		return err
	}
	return s.writeSignIn(w, res)
}

type providerJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type providerList struct {
	Items []providerJSON `json:"items"`
}

func (s *Server) listProviders(w http.ResponseWriter, r *http.Request) error {
	out := providerList{Items: []providerJSON{}}
	for _, p := range s.Auth.ListProviders() {
		out.Items = append(out.Items, providerJSON{ID: p.ID, Name: p.Name})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setStateCookie(w http.ResponseWriter, value string) {
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: value, Path: apiPrefix + "/auth/oidc", MaxAge: int(auth.StateTTL.Seconds()),
		HttpOnly: true, Secure: s.tls, SameSite: http.SameSiteLaxMode})
}

func (s *Server) startProvider(w http.ResponseWriter, r *http.Request) error {
	url, cookie, err := s.Auth.StartProvider(r.Context(), r.PathValue("provider"), nil)
	if err != nil {
		return err
	}
	s.setStateCookie(w, cookie)
	http.Redirect(w, r, url, http.StatusFound)
	return nil
}

func (s *Server) providerCallback(w http.ResponseWriter, r *http.Request) error {
	var cookie string
	if c, err := r.Cookie(oidcCookie); err == nil {
		cookie = c.Value
	}
	next := s.Auth.ProviderCallback(r.Context(), r.PathValue("provider"), cookie, r.URL.Query())
	// The state is single use: forget it whatever happened.
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: apiPrefix + "/auth/oidc", MaxAge: -1, HttpOnly: true, Secure: s.tls, SameSite: http.SameSiteLaxMode})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, next, http.StatusFound)
	return nil
}

type exchangeRequest struct {
	Code string `json:"code"`
}

type linkRequest struct {
	LinkToken string `json:"link_token"`
	Password  string `json:"password"`
}

func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request) error {
	var in exchangeRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.Auth.ExchangeCode(r.Context(), in.Code, s.clientOf(r))
	if err != nil {
		return err
	}
	return s.writeSignIn(w, res)
}

func (s *Server) linkProvider(w http.ResponseWriter, r *http.Request) error {
	var in linkRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.Auth.LinkWithPassword(r.Context(), in.LinkToken, in.Password, s.clientOf(r))
	if err != nil {
		return err
	}
	return s.writeSignIn(w, res)
}

type identityJSON struct {
	Provider  string    `json:"provider"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"created_at"`
}

type identityList struct {
	Items []identityJSON `json:"items"`
}

type redirectJSON struct {
	RedirectURL string `json:"redirect_url"`
}

func (s *Server) myIdentities(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Auth.Identities(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := identityList{Items: make([]identityJSON, 0, len(list))}
	for _, i := range list {
		out.Items = append(out.Items, identityJSON{Provider: i.Provider, Email: i.Email, CreatedAt: i.CreatedAt})
	}
	return writeJSON(w, http.StatusOK, out)
}

// startLink is the account-settings way into a provider: the UI cannot send
// its access token on a page navigation, so it asks here (authenticated),
// gets the state cookie and the URL, then navigates.
func (s *Server) startLink(w http.ResponseWriter, r *http.Request) error {
	url, cookie, err := s.Auth.StartProvider(r.Context(), r.PathValue("provider"), currentUser(r))
	if err != nil {
		return err
	}
	s.setStateCookie(w, cookie)
	return writeJSON(w, http.StatusOK, redirectJSON{RedirectURL: url})
}

func (s *Server) unlinkProvider(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.Unlink(r.Context(), currentUser(r), r.PathValue("provider")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
