package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gocloud.dev/gcerrors"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// MaxCaptionBytes is the largest caption file accepted (an hour of dense
// subtitles is about 100 KB). The HTTP layer limits the body to one byte
// more, so an oversized file is refused here with 413 rather than cut off.
const MaxCaptionBytes = 1 << 20

var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

// captionLecture finds a lecture the caller may edit, with its video.
func (p *Pipeline) captionLecture(ctx context.Context, u *store.User, lectureID int64) (*store.Lecture, error) {
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
	return l, nil
}

// Captions lists the caption tracks of a lecture's video for its editor.
func (p *Pipeline) Captions(ctx context.Context, u *store.User, lectureID int64) ([]Caption, error) {
	l, err := p.captionLecture(ctx, u, lectureID)
	if err != nil {
		return nil, err
	}
	if l.VideoID == nil {
		return []Caption{}, nil
	}
	caps, err := p.DB.Captions(ctx, *l.VideoID)
	if caps == nil {
		caps = []Caption{}
	}
	return caps, err
}

// PutCaption stores a caption track for the video of a lecture, replacing
// one in the same language. WebVTT is kept as it is; SubRip (SRT) is
// converted to WebVTT, the only format browsers show. Only the course's
// instructor or an admin may.
func (p *Pipeline) PutCaption(ctx context.Context, u *store.User, lectureID int64, lang, label string, body io.Reader) (*store.Caption, error) {
	l, err := p.captionLecture(ctx, u, lectureID)
	if err != nil {
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
	raw, err := io.ReadAll(io.LimitReader(body, MaxCaptionBytes+1))
	var maxErr *http.MaxBytesError
	if len(raw) > MaxCaptionBytes || errors.As(err, &maxErr) {
		return nil, errCaptionTooLarge
	}
	if err != nil {
		return nil, err
	}
	text, problem := ToWebVTT(raw)
	if problem != "" {
		fe.Add("captions", problem)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	track := store.Caption{VideoID: *l.VideoID, Language: lang, Label: label, Key: captionKey(*l.VideoID, lang)}
	if err := p.Files.PutWithin(ctx, 30*time.Second, track.Key, "text/vtt; charset=utf-8", bytes.NewReader(text)); err != nil {
		return nil, err
	}
	return &track, p.DB.PutCaption(ctx, track)
}

// DeleteCaption removes the track of a language from a lecture's video.
func (p *Pipeline) DeleteCaption(ctx context.Context, u *store.User, lectureID int64, lang string) error {
	l, err := p.captionLecture(ctx, u, lectureID)
	if err != nil {
		return err
	}
	if l.VideoID == nil || !languageRE.MatchString(lang) {
		return errNoCaption
	}
	if err := p.DB.DeleteCaption(ctx, *l.VideoID, lang); errors.Is(err, store.ErrNotFound) {
		return errNoCaption
	} else if err != nil {
		return err
	}
	if err := p.Files.Delete(ctx, captionKey(*l.VideoID, lang)); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		// The row is gone, so nobody is offered the file; a leftover is harmless.
		p.Log.WarnContext(ctx, "deleting a caption file", "video", *l.VideoID, "language", lang, "err", err)
	}
	return nil
}

func captionKey(videoID int64, lang string) string {
	return fmt.Sprintf("videos/%d/captions/%s.vtt", videoID, lang)
}

var (
	errCaptionTooLarge = apperr.New(apperr.Invalid, "body_too_large", fmt.Sprintf("The caption file is larger than %d MB; split it or remove styling.", MaxCaptionBytes>>20))
	errNoCaption       = apperr.New(apperr.NotFound, "not_found", "This lecture has no captions in that language.")
)

// srtTiming is a SubRip timing line: "00:00:01,000 --> 00:00:04,000",
// with optional position hints after it.
var srtTiming = regexp.MustCompile(`^(\d{1,2}:\d{2}:\d{2})[,.](\d{3})\s*-->\s*(\d{1,2}:\d{2}:\d{2})[,.](\d{3})`)

// ToWebVTT returns a caption file as WebVTT: a WebVTT file as it is (without
// a byte order mark), a SubRip file converted. problem says, for the
// instructor, why the file is neither.
func ToWebVTT(raw []byte) (vtt []byte, problem string) {
	text := bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(text) {
		return nil, "must be UTF-8 text"
	}
	if isWebVTT(text) {
		return text, ""
	}
	s := strings.ReplaceAll(strings.ReplaceAll(string(text), "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	var out strings.Builder
	out.WriteString("WEBVTT\n")
	cues := 0
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		// A cue's number, then its timing line, then its text up to a blank line.
		if line == "" {
			continue
		}
		if i+1 < len(lines) && srtTiming.MatchString(strings.TrimSpace(lines[i+1])) && isDigits(line) {
			i++
			line = strings.TrimSpace(lines[i])
		}
		m := srtTiming.FindStringSubmatch(line)
		if m == nil {
			return nil, "must be a WebVTT file (it starts with WEBVTT) or a SubRip (.srt) file"
		}
		fmt.Fprintf(&out, "\n%s.%s --> %s.%s\n", pad2(m[1]), m[2], pad2(m[3]), m[4])
		cues++
		for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			i++
			// "-->" may not appear in a WebVTT cue's text.
			out.WriteString(strings.ReplaceAll(strings.TrimRight(lines[i], " \t"), "-->", "->") + "\n")
		}
	}
	if cues == 0 {
		return nil, "must be a WebVTT file (it starts with WEBVTT) or a SubRip (.srt) file"
	}
	return []byte(out.String()), ""
}

func isWebVTT(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("WEBVTT")) {
		return false
	}
	return len(b) == 6 || b[6] == ' ' || b[6] == '\t' || b[6] == '\n' || b[6] == '\r'
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// pad2 writes "1:02:03" as "01:02:03".
func pad2(hms string) string {
	if len(hms) == 7 {
		return "0" + hms
	}
	return hms
}
