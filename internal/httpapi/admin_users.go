package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/store"
)

type userList struct {
	Items      []userJSON `json:"items"`
	NextCursor *string    `json:"next_cursor"`
}

type adminUserPatch struct {
	Roles    *[]string `json:"roles,omitempty"`
	Disabled *bool     `json:"disabled,omitempty"`
}

// pageLimit reads ?limit= (default 20, at most 100).
func pageLimit(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		return 0, apperr.Fields{{Field: "limit", Message: "must be a whole number from 1 to 100"}}.Err()
	}
	return n, nil
}

// encodeCursor and decodeCursor make keyset positions opaque to clients.
func encodeCursor(v any) *string {
	b, _ := json.Marshal(v)
	s := base64.RawURLEncoding.EncodeToString(b)
	return &s
}

func decodeCursor(s string, dst any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil {
		return apperr.Fields{{Field: "cursor", Message: "is not a cursor this server gave out"}}.Err()
	}
	return nil
}

func (s *Server) adminListUsers(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageLimit(r)
	if err != nil {
		return err
	}
	var after *store.UserCursor
	if c := r.URL.Query().Get("cursor"); c != "" {
		after = &store.UserCursor{}
		if err := decodeCursor(c, after); err != nil {
			return err
		}
	}
	page, err := s.DB.ListUsers(r.Context(), r.URL.Query().Get("q"), after, limit)
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
