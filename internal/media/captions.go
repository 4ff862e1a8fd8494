package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

const maxCaptionBytes = 1 << 20

var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

// PutCaption stores a WebVTT track for the video of a lecture, replacing
// one in the same language. Only the course's instructor or an admin may.
func (p *Pipeline) PutCaption(ctx context.Context, u *store.User, lectureID int64, lang, label string, body io.Reader) (*store.Caption, error) {
	l, err := p.DB.LectureByID(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoLecture
	}
	if err != nil {
		return nil, err
	}
	c, err := p.DB.CourseByID(ctx, l.CourseID)
	if err != nil {
		return nil, err
	}
	if err := p.Access.EditCourse(ctx, u, c); err != nil {
		if apperr.Is(err, "not_found") {
			return nil, errNoLecture
		}
		return nil, err
	}
	if l.VideoID == nil {
		return nil, apperr.New(apperr.Conflict, "no_video", "Upload the lecture's video before its captions.")
	}
	var fe apperr.Fields
	if !languageRE.MatchString(lang) {
		fe.Add("language", "must be a language code such as en or pt-BR")
	}
	label = strings.TrimSpace(label)
	if label == "" {
		label = lang
	}
	if utf8.RuneCountInString(label) > 50 {
		fe.Add("label", "must be at most 50 characters")
	}
	raw, err := io.ReadAll(io.LimitReader(body, maxCaptionBytes+1))
	if err != nil {
		return nil, err
	}
	text := bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	switch {
	case len(raw) > maxCaptionBytes:
		fe.Add("captions", "must be at most 1 MB")
	case !utf8.Valid(text):
		fe.Add("captions", "must be UTF-8 text")
	case !bytes.HasPrefix(text, []byte("WEBVTT")):
		fe.Add("captions", "must be a WebVTT file (it starts with WEBVTT)")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	track := store.Caption{VideoID: *l.VideoID, Language: lang, Label: label, Key: fmt.Sprintf("videos/%d/captions/%s.vtt", *l.VideoID, lang)}
	if err := p.Files.PutWithin(ctx, 30*time.Second, track.Key, "text/vtt; charset=utf-8", bytes.NewReader(text)); err != nil {
		return nil, err
	}
	return &track, p.DB.PutCaption(ctx, track)
}
