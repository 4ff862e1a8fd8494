package httpapi

import (
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/markdown"
)

type announcementRequest struct {
	Title  string `json:"title"`
	BodyMD string `json:"body_md"`
}

type authorJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// announcementJSON is an announcement; body_html is the Markdown rendered
// and sanitised by the server.
type announcementJSON struct {
	ID        string     `json:"id"`
	CourseID  string     `json:"course_id"`
	Title     string     `json:"title"`
	BodyMD    string     `json:"body_md"`
	BodyHTML  string     `json:"body_html"`
	Author    authorJSON `json:"author"`
	CreatedAt time.Time  `json:"created_at"`
	// Delivered is how many students have been emailed so far; EmailedAt is
	// set once every enrolled student has been.
	Delivered int        `json:"delivered"`
	EmailedAt *time.Time `json:"emailed_at"`
}

type announcementList struct {
	Items      []announcementJSON `json:"items"`
	NextCursor *string            `json:"next_cursor"`
}

func toAnnouncementJSON(a *learning.Announcement) announcementJSON {
	return announcementJSON{ID: id(a.ID), CourseID: id(a.CourseID), Title: a.Title, BodyMD: a.BodyMD, BodyHTML: markdown.ToHTML(a.BodyMD),
		Author: authorJSON{ID: id(a.AuthorID), Name: a.AuthorName}, CreatedAt: a.CreatedAt.UTC(), Delivered: a.Delivered, EmailedAt: a.EmailedAt}
}

func (s *Server) postAnnouncement(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "course")
	if err != nil {
		return err
	}
	var in announcementRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Learning.PostAnnouncement(r.Context(), currentUser(r), cid, learning.AnnouncementInput{Title: in.Title, BodyMD: in.BodyMD})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toAnnouncementJSON(a))
}

func (s *Server) courseAnnouncements(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "course")
	if err != nil {
		return err
	}
	p, err := readPage(r)
	if err != nil {
		return err
	}
	list, err := s.Learning.Announcements(r.Context(), currentUser(r), cid, p.afterID, p.limit)
	if err != nil {
		return err
	}
	out := announcementList{Items: []announcementJSON{}}
	for _, a := range list {
		out.Items = append(out.Items, toAnnouncementJSON(a))
	}
	if len(list) == p.limit {
		out.NextCursor = encodeCursor(list[len(list)-1].ID)
	}
	return writeJSON(w, http.StatusOK, out)
}
