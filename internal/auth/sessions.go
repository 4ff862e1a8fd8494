package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// SessionInfo is one of a user's sessions as the sessions list shows it.
type SessionInfo struct {
	ID         string
	Device     string
	IP         string
	CreatedAt  time.Time
	LastUsedAt time.Time
	Current    bool
}

// Sessions lists u's live sessions; current is the caller's own.
func (s *Service) Sessions(ctx context.Context, u *store.User, current string) ([]SessionInfo, error) {
	list, err := s.DB.SessionsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := make([]SessionInfo, 0, len(list))
	for _, ss := range list {
		out = append(out, SessionInfo{ID: ss.ID, Device: Device(ss.UserAgent), IP: ss.IP, CreatedAt: ss.CreatedAt,
			LastUsedAt: ss.LastUsedAt, Current: ss.ID == current})
	}
	return out, nil
}

// EndSession ends one of u's sessions: its refresh token stops working and
// its access tokens are refused from the next request.
func (s *Service) EndSession(ctx context.Context, u *store.User, id string) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.EndSession(ctx, u.ID, id) })
	if errors.Is(err, store.ErrNotFound) {
		return apperr.New(apperr.NotFound, "not_found", "No such session.")
	}
	return err
}

// EndOtherSessions ends every session of u but current ("sign out
// everywhere else") and reports how many ended.
func (s *Service) EndOtherSessions(ctx context.Context, u *store.User, current string) (int64, error) {
	var n int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.EndSessions(ctx, u.ID, current)
		return err
	})
	return n, err
}

// Device names the browser and system of a User-Agent header in a few
// words ("Firefox on Linux"); good enough to recognise one's own devices.
func Device(ua string) string {
	if ua == "" {
		return "Unknown device"
	}
	browser := ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"SamsungBrowser/", "Samsung Internet"}, {"Firefox/", "Firefox"},
		{"FxiOS/", "Firefox"}, {"CriOS/", "Chrome"}, {"HeadlessChrome/", "Headless Chrome"}, {"Chromium/", "Chromium"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}, {"Go-http-client/", "Go program"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"CrOS", "ChromeOS"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"Macintosh", "macOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return system
	}
	if len(ua) > 40 {
		ua = truncate(ua, 40) + "…"
	}
	return ua
}
