package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/notify"
)

// Notifications: the bell's list, marking read, and email settings.

type notificationJSON struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Link      string    `json:"link"`
	Read      bool      `json:"read"`
	CreatedAt time.Time `json:"created_at"`
}

type notificationList struct {
	Items      []notificationJSON `json:"items"`
	Unread     int                `json:"unread"`
	NextCursor *string            `json:"next_cursor"`
}

type markReadRequest struct {
	// IDs to mark read; none: every notification.
	IDs []string `json:"ids"`
}

type unreadJSON struct {
	Unread int `json:"unread"`
}

type notificationSettingJSON struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
	Email bool   `json:"email"`
}

type notificationSettings struct {
	Items []notificationSettingJSON `json:"items"`
}

type notificationSettingsRequest struct {
	// Email maps a kind to whether it also comes by email.
	Email map[string]bool `json:"email"`
}

func (s *Server) myNotifications(w http.ResponseWriter, r *http.Request) error {
	pg, err := readPage(r)
	if err != nil {
		return err
	}
	p, err := s.Notify.List(r.Context(), currentUser(r), pg.afterID, pg.limit)
	if err != nil {
		return err
	}
	out := notificationList{Items: []notificationJSON{}, Unread: p.Unread}
	for _, n := range p.Items {
		out.Items = append(out.Items, notificationJSON{ID: id(n.ID), Kind: n.Kind, Title: n.Notice.Title, Body: n.Notice.Body,
			Link: n.Notice.Link, Read: n.Read, CreatedAt: n.CreatedAt})
	}
	if p.Next != 0 {
		out.NextCursor = encodeCursor(p.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) markNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	var in markReadRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	ids := make([]int64, 0, len(in.IDs))
	for i, v := range in.IDs {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return apperr.Fields{{Field: "ids." + strconv.Itoa(i), Message: "is not a notification id"}}.Err()
		}
		ids = append(ids, n)
	}
	unread, err := s.Notify.MarkRead(r.Context(), currentUser(r), ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, unreadJSON{Unread: unread})
}

func writeSettings(w http.ResponseWriter, list []notify.Setting) error {
	out := notificationSettings{Items: []notificationSettingJSON{}}
	for _, st := range list {
		out.Items = append(out.Items, notificationSettingJSON{Kind: st.Kind, Label: st.Label, Email: st.Email})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Notify.Settings(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeSettings(w, list)
}

func (s *Server) putNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	var in notificationSettingsRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	list, err := s.Notify.SaveSettings(r.Context(), currentUser(r), in.Email)
	if err != nil {
		return err
	}
	return writeSettings(w, list)
}
