package httpapi

import (
	"net/http"

	"github.com/lectern/lectern/internal/auth"
)

// patchMeRequest lists every field PATCH /me reads. Anything else in the
// body (roles, email, id) is ignored, so it cannot escalate privileges.
type patchMeRequest struct {
	Name            *string `json:"name,omitempty"`
	Headline        *string `json:"headline,omitempty"`
	Bio             *string `json:"bio,omitempty"`
	CurrentPassword *string `json:"current_password,omitempty"`
	NewPassword     *string `json:"new_password,omitempty"`
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, toUserJSON(currentUser(r)))
}

func (s *Server) patchMe(w http.ResponseWriter, r *http.Request) error {
	var in patchMeRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.Auth.UpdateProfile(r.Context(), currentUser(r), currentSession(r), auth.ProfileInput{
		Name: in.Name, Headline: in.Headline, Bio: in.Bio,
		CurrentPassword: in.CurrentPassword, NewPassword: in.NewPassword,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toUserJSON(u))
}

func (s *Server) becomeInstructor(w http.ResponseWriter, r *http.Request) error {
	u, err := s.Auth.BecomeInstructor(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toUserJSON(u))
}

func (s *Server) resendVerification(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.ResendVerification(r.Context(), currentUser(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}
