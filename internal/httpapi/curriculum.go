package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/catalog"
)

type sectionRequest struct {
	Title string `json:"title"`
}

type lectureRequest struct {
	Title     *string `json:"title,omitempty"`
	Kind      *string `json:"kind,omitempty"`
	BodyMD    *string `json:"body_md,omitempty"`
	IsPreview *bool   `json:"is_preview,omitempty"`
}

type curriculumRequest struct {
	Sections []struct {
		ID       flexID   `json:"id"`
		Lectures []flexID `json:"lectures"`
	} `json:"sections"`
}

// flexID accepts an id as a JSON string or number: ids are opaque to
// clients, and some send them back as numbers.
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*f = flexID(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*f = flexID(s)
	return nil
}

type curriculumResponse struct {
	Sections []sectionJSON `json:"sections"`
}

func (s *Server) addSection(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	var in sectionRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sec, err := s.Catalog.AddSection(r.Context(), currentUser(r), cid, in.Title)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toSectionJSON(sec, true))
}

func (s *Server) patchSection(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "id", "section")
	if err != nil {
		return err
	}
	var in sectionRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sec, err := s.Catalog.RenameSection(r.Context(), currentUser(r), sid, in.Title)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSectionJSON(sec, true))
}

func (s *Server) deleteSection(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "id", "section")
	if err != nil {
		return err
	}
	if err := s.Catalog.DeleteSection(r.Context(), currentUser(r), sid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (in lectureRequest) input() catalog.LectureInput {
	return catalog.LectureInput{Title: in.Title, Kind: in.Kind, BodyMD: in.BodyMD, IsPreview: in.IsPreview}
}

func (s *Server) addLecture(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "id", "section")
	if err != nil {
		return err
	}
	var in lectureRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.Catalog.AddLecture(r.Context(), currentUser(r), sid, in.input())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toLectureJSON(l, true))
}

func (s *Server) patchLecture(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	var in lectureRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.Catalog.UpdateLecture(r.Context(), currentUser(r), lid, in.input())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toLectureJSON(l, true))
}

func (s *Server) deleteLecture(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	if err := s.Catalog.DeleteLecture(r.Context(), currentUser(r), lid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) putCurriculum(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	var in curriculumRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Sections == nil {
		return apperr.Fields{{Field: "sections", Message: "is required: the complete new order"}}.Err()
	}
	order := make(catalog.CurriculumOrder, len(in.Sections))
	var fe apperr.Fields
	for i, sec := range in.Sections {
		sid, err := strconv.ParseInt(string(sec.ID), 10, 64)
		if err != nil {
			fe.Add("sections."+strconv.Itoa(i)+".id", "is not a section id")
		}
		order[i].SectionID = sid
		for j, l := range sec.Lectures {
			lid, err := strconv.ParseInt(string(l), 10, 64)
			if err != nil {
				fe.Add("sections."+strconv.Itoa(i)+".lectures."+strconv.Itoa(j), "is not a lecture id")
			}
			order[i].LectureIDs = append(order[i].LectureIDs, lid)
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	sections, err := s.Catalog.Reorder(r.Context(), currentUser(r), cid, order)
	if err != nil {
		return err
	}
	out := curriculumResponse{Sections: []sectionJSON{}}
	for _, sec := range sections {
		out.Sections = append(out.Sections, toSectionJSON(sec, true))
	}
	return writeJSON(w, http.StatusOK, out)
}
