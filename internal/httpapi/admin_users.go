package httpapi

import (
	"net/http"
	"strconv"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/auth"
)

type userList struct {
	Items      []userJSON `json:"items"`
	NextCursor *string    `json:"next_cursor"`
}

type adminUserPatch struct {
	Roles    *[]string `json:"roles,omitempty"`
	Disabled *bool     `json:"disabled,omitempty"`
}

func (s *Server) adminListUsers(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageLimit(r)
	if err != nil {
		return err
	}
	var after *auth.UserCursor
	if c := r.URL.Query().Get("cursor"); c != "" {
		after = &auth.UserCursor{}
		if err := decodeCursor(c, after); err != nil {
			return err
		}
	}
	page, err := s.Auth.ListUsers(r.Context(), currentUser(r), r.URL.Query().Get("q"), after, limit)
	if err != nil {
		return err
	}
	out := userList{Items: make([]userJSON, 0, len(page.Items))}
	for _, u := range page.Items {
		out.Items = append(out.Items, toUserJSON(u))
	}
	if page.Next != nil {
		out.NextCursor = encodeCursor(page.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) adminPatchUser(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.New(apperr.NotFound, "not_found", "No such user.")
	}
	var in adminUserPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.Auth.AdminUpdateUser(r.Context(), currentUser(r), id, auth.AdminUserUpdate{Roles: in.Roles, Disabled: in.Disabled})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toUserJSON(u))
}
