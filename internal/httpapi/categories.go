package httpapi

import (
	"net/http"

	"github.com/lectern/lectern/internal/catalog"
)

type categoryRequest struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}

func (in categoryRequest) input() catalog.CategoryInput {
	return catalog.CategoryInput{Slug: in.Slug, Name: in.Name, Position: in.Position}
}

func (s *Server) adminCreateCategory(w http.ResponseWriter, r *http.Request) error {
	var in categoryRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.Catalog.CreateCategory(r.Context(), currentUser(r), in.input())
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
	c, err := s.Catalog.UpdateCategory(r.Context(), currentUser(r), cid, in.input())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, categoryJSON{ID: id(c.ID), Slug: c.Slug, Name: c.Name})
}

func (s *Server) adminDeleteCategory(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "category")
	if err != nil {
		return err
	}
	if err := s.Catalog.DeleteCategory(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
