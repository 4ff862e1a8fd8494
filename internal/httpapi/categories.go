package httpapi

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

type categoryRequest struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (in *categoryRequest) check(creating bool) error {
	var fe apperr.Fields
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 80 {
		fe.Add("name", "is required, at most 80 characters")
	}
	if creating && (!slugRE.MatchString(in.Slug) || len(in.Slug) > 60) {
		fe.Add("slug", "must be lower-case letters, digits and single hyphens")
	}
	return fe.Err()
}

func (s *Server) adminCreateCategory(w http.ResponseWriter, r *http.Request) error {
	var in categoryRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := in.check(true); err != nil {
		return err
	}
	var c *store.Category
	err := s.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		if c, err = tx.CreateCategory(r.Context(), in.Slug, in.Name, in.Position); err != nil {
			return err
		}
		return tx.Audit(r.Context(), currentUser(r).ID, "category.create", "category:"+in.Slug, in.Name)
	})
	if errors.Is(err, store.ErrConflict) {
		return &apperr.Error{Kind: apperr.Conflict, Code: "slug_taken", Message: "A category with this slug exists.", Fields: []apperr.FieldError{{Field: "slug", Message: "is taken"}}}
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, categoryJSON{ID: id(c.ID), Slug: c.Slug, Name: c.Name})
}

func (s *Server) adminPatchCategory(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "category")
	if err != nil {
		return err
	}
	var in categoryRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := in.check(false); err != nil {
		return err
	}
	err = s.DB.InTx(r.Context(), func(tx *store.Tx) error {
		if err := tx.UpdateCategory(r.Context(), cid, in.Name, in.Position); err != nil {
			return err
		}
		return tx.Audit(r.Context(), currentUser(r).ID, "category.update", "category:"+id(cid), in.Name)
	})
	if errors.Is(err, store.ErrNotFound) {
		return apperr.New(apperr.NotFound, "not_found", "No such category.")
	}
	if err != nil {
		return err
	}
	c, err := s.DB.CategoryByID(r.Context(), cid)
	if err != nil {
		return err
	}
	s.Catalog.InvalidateAll()
	return writeJSON(w, http.StatusOK, categoryJSON{ID: id(c.ID), Slug: c.Slug, Name: c.Name})
}

func (s *Server) adminDeleteCategory(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "category")
	if err != nil {
		return err
	}
	err = s.DB.InTx(r.Context(), func(tx *store.Tx) error {
		if err := tx.DeleteCategory(r.Context(), cid); err != nil {
			return err
		}
		return tx.Audit(r.Context(), currentUser(r).ID, "category.delete", "category:"+id(cid), "")
	})
	if errors.Is(err, store.ErrNotFound) {
		return apperr.New(apperr.NotFound, "not_found", "No such category.")
	}
	if err != nil {
		return err
	}
	s.Catalog.InvalidateAll()
	w.WriteHeader(http.StatusNoContent)
	return nil
}
