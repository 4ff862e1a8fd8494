// Package notify tells users about things that happened: a notification
// in the app (the bell) and, when their settings say so, an email through
// the outbox. Every feature that tells users something (Q&A answers, new
// questions, announcements) calls Notify or NotifyTx with a kind.
package notify

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Notice is what a notification says: a title, a line of text and the
// path in the app it leads to.
type Notice struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Link  string `json:"link"`
}

// Kind is a kind of notification users can choose to get by email.
type Kind struct {
	Name  string // e.g. "qa.answer"
	Label string // what the settings page says
	// Email: sent by email unless the user turned it off.
	Email bool
}

var (
	kindsMu sync.RWMutex
	kinds   = []Kind{
		{Name: "qa.answer", Label: "Answers to my questions", Email: true},
		{Name: "qa.question", Label: "New questions in my courses", Email: true},
	}
)

// Register adds a kind (a feature's package calls it from init).
func Register(k Kind) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if !slices.ContainsFunc(kinds, func(x Kind) bool { return x.Name == k.Name }) {
		kinds = append(kinds, k)
	}
}

// Kinds lists the registered kinds.
func Kinds() []Kind {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	return slices.Clone(kinds)
}

func kindOf(name string) (Kind, bool) {
	for _, k := range Kinds() {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Service writes, lists and marks notifications.
type Service struct {
	DB        *store.DB
	PublicURL string // emails link to PublicURL + the notice's link
}

// Notify tells users about something in its own transaction.
func (s *Service) Notify(ctx context.Context, userIDs []int64, kind string, n Notice) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return s.NotifyTx(ctx, tx, userIDs, kind, n) })
}

// NotifyTx tells users about something inside the transaction of the
// change that caused it: both the notifications and the emails exist if
// and only if the change commits.
func (s *Service) NotifyTx(ctx context.Context, tx *store.Tx, userIDs []int64, kind string, n Notice) error {
	if len(userIDs) == 0 {
		return nil
	}
	k, ok := kindOf(kind)
	if !ok {
		k = Kind{Name: kind} // unregistered kinds: in the app only, unless a setting says otherwise
	}
	payload, err := json.Marshal(n)
	if err != nil {
		return err
	}
	if err := tx.AddNotifications(ctx, userIDs, kind, string(payload)); err != nil {
		return err
	}
	to, err := tx.EmailRecipients(ctx, userIDs, kind, k.Email)
	if err != nil {
		return err
	}
	for _, r := range to {
		body := "Hello " + r.Name + ",\n\n" + n.Body + "\n\n" + strings.TrimRight(s.PublicURL, "/") + n.Link +
			"\n\nYou get this email because of your notification settings; change them in your account settings.\n"
		if err := tx.EnqueueEmail(ctx, r.Email, n.Title, body); err != nil {
			return err
		}
	}
	return nil
}

// Notification is one entry of a user's list.
type Notification struct {
	ID        int64
	Kind      string
	Notice    Notice
	Read      bool
	CreatedAt time.Time
}

// Page is a page of notifications with the unread count.
type Page struct {
	Items  []Notification
	Next   int64
	Unread int
}

// List gives u's notifications, newest first.
func (s *Service) List(ctx context.Context, u *store.User, afterID int64, limit int) (*Page, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	list, next, err := s.DB.Notifications(ctx, u.ID, afterID, limit)
	if err != nil {
		return nil, err
	}
	p := &Page{Next: next, Items: make([]Notification, 0, len(list))}
	for _, n := range list {
		item := Notification{ID: n.ID, Kind: n.Kind, Read: n.ReadAt != nil, CreatedAt: n.CreatedAt}
		_ = json.Unmarshal([]byte(n.Payload), &item.Notice)
		p.Items = append(p.Items, item)
	}
	if p.Unread, err = s.DB.UnreadNotifications(ctx, u.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// MarkRead marks some of u's notifications read (none named: all).
func (s *Service) MarkRead(ctx context.Context, u *store.User, ids []int64) (int, error) {
	if u == nil {
		return 0, access.ErrLogin
	}
	if len(ids) > 100 {
		return 0, apperr.Fields{{Field: "ids", Message: "name at most 100 notifications"}}.Err()
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.MarkNotificationsRead(ctx, u.ID, ids) }); err != nil {
		return 0, err
	}
	return s.DB.UnreadNotifications(ctx, u.ID)
}

// Setting is one kind's email choice for a user.
type Setting struct {
	Kind  string
	Label string
	Email bool
}

// Settings gives u's email choice for each kind.
func (s *Service) Settings(ctx context.Context, u *store.User) ([]Setting, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	mine, err := s.DB.NotificationSettings(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []Setting
	for _, k := range Kinds() {
		email, set := mine[k.Name]
		if !set {
			email = k.Email
		}
		out = append(out, Setting{Kind: k.Name, Label: k.Label, Email: email})
	}
	return out, nil
}

// SaveSettings stores u's email choices (kind -> email on or off).
func (s *Service) SaveSettings(ctx context.Context, u *store.User, email map[string]bool) ([]Setting, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	var fe apperr.Fields
	for kind := range email {
		if _, ok := kindOf(kind); !ok {
			fe.Add("email."+kind, "is not a kind of notification")
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		for kind, on := range email {
			if err := tx.SetNotificationSetting(ctx, u.ID, kind, on); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Settings(ctx, u)
}
