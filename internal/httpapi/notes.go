package httpapi

import (
	"mime"
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/learning"
)

// Notes: a student's private, timestamped notes on lectures.

type noteJSON struct {
	ID        string    `json:"id"`
	LectureID string    `json:"lecture_id"`
	Lecture   string    `json:"lecture_title"`
	AtS       float64   `json:"at_s"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type noteList struct {
	Items []noteJSON `json:"items"`
}

type noteRequest struct {
	AtS  *float64 `json:"at_s"`
	Body *string  `json:"body"`
}

func toNoteJSON(n learning.Note) noteJSON {
	return noteJSON{ID: id(n.ID), LectureID: id(n.LectureID), Lecture: n.LectureTitle, AtS: n.AtS, Body: n.Body, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt}
}

func writeNotes(w http.ResponseWriter, notes []learning.Note) error {
	out := noteList{Items: []noteJSON{}}
	for _, n := range notes {
		out.Items = append(out.Items, toNoteJSON(n))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) lectureNotes(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	notes, err := s.Learning.LectureNotes(r.Context(), currentUser(r), lid)
	if err != nil {
		return err
	}
	return writeNotes(w, notes)
}

func (s *Server) addNote(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	var in noteRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var at float64
	var body string
	if in.AtS != nil {
		at = *in.AtS
	}
	if in.Body != nil {
		body = *in.Body
	}
	n, err := s.Learning.AddNote(r.Context(), currentUser(r), lid, at, body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toNoteJSON(*n))
}

func (s *Server) patchNote(w http.ResponseWriter, r *http.Request) error {
	nid, err := pathID(r, "id", "note")
	if err != nil {
		return err
	}
	var in noteRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n, err := s.Learning.EditNote(r.Context(), currentUser(r), nid, in.AtS, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toNoteJSON(*n))
}

func (s *Server) deleteNote(w http.ResponseWriter, r *http.Request) error {
	nid, err := pathID(r, "id", "note")
	if err != nil {
		return err
	}
	if err := s.Learning.DeleteNote(r.Context(), currentUser(r), nid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) courseNotes(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	_, notes, err := s.Learning.CourseNotes(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	return writeNotes(w, notes)
}

func (s *Server) courseNotesMarkdown(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	name, doc, err := s.Learning.NotesMarkdown(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write([]byte(doc))
	return err
}
