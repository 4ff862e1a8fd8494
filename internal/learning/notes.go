package learning

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Notes: a student's private notes at times in a lecture. Only their
// author ever reads them, and only while the policy lets them take part
// in the course.

var errNoNote = apperr.New(apperr.NotFound, "not_found", "No such note.")

func cleanNote(atS float64, body string) (string, error) {
	var fe apperr.Fields
	if math.IsNaN(atS) || atS < 0 || atS > 24*3600 {
		fe.Add("at_s", "must be a number of seconds from 0")
	}
	body = cleanText(&fe, "body", body, maxComment, true)
	return body, fe.Err()
}

// LectureNotes lists u's notes on a lecture by time.
func (s *Service) LectureNotes(ctx context.Context, u *store.User, lectureID int64) ([]store.Note, error) {
	if _, _, err := s.lectureFor(ctx, u, lectureID); err != nil {
		return nil, err
	}
	return s.DB.LectureNotes(ctx, u.ID, lectureID)
}

// AddNote writes a note at atS seconds into a lecture.
func (s *Service) AddNote(ctx context.Context, u *store.User, lectureID int64, atS float64, body string) (*store.Note, error) {
	body, err := cleanNote(atS, body)
	if err != nil {
		return nil, err
	}
	l, c, err := s.lectureFor(ctx, u, lectureID)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err = tx.AddNote(ctx, store.Note{UserID: u.ID, CourseID: c.ID, LectureID: l.ID, AtS: atS, Body: body})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.DB.NoteByID(ctx, id)
}

// noteFor loads one of u's notes; anybody else's is not found.
func (s *Service) noteFor(ctx context.Context, u *store.User, noteID int64) (*store.Note, error) {
	n, err := s.DB.NoteByID(ctx, noteID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !access.Owns(u, n.UserID)) {
		return nil, errNoNote
	}
	if err != nil {
		return nil, err
	}
	if _, _, err := s.lectureFor(ctx, u, n.LectureID); err != nil {
		return nil, err
	}
	return n, nil
}

// EditNote changes a note's time or text (nil: unchanged).
func (s *Service) EditNote(ctx context.Context, u *store.User, noteID int64, atS *float64, body *string) (*store.Note, error) {
	n, err := s.noteFor(ctx, u, noteID)
	if err != nil {
		return nil, err
	}
	if atS != nil {
		n.AtS = *atS
	}
	if body != nil {
		n.Body = *body
	}
	if n.Body, err = cleanNote(n.AtS, n.Body); err != nil {
		return nil, err
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateNote(ctx, n.ID, n.AtS, n.Body) }); err != nil {
		return nil, err
	}
	return s.DB.NoteByID(ctx, noteID)
}

// DeleteNote removes one of u's notes.
func (s *Service) DeleteNote(ctx context.Context, u *store.User, noteID int64) error {
	n, err := s.noteFor(ctx, u, noteID)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteNote(ctx, n.ID) })
}

// CourseNotes lists u's notes on a course in curriculum order.
func (s *Service) CourseNotes(ctx context.Context, u *store.User, courseID int64) (*store.Course, []store.Note, error) {
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errNoCourse
	}
	if err != nil {
		return nil, nil, err
	}
	if err := s.participant(ctx, u, c); err != nil {
		return nil, nil, err
	}
	notes, err := s.DB.CourseNotes(ctx, u.ID, courseID)
	return c, notes, err
}

// NotesMarkdown is u's notes on a course as a Markdown document, with the
// file name to save it as.
func (s *Service) NotesMarkdown(ctx context.Context, u *store.User, courseID int64) (filename, doc string, err error) {
	c, notes, err := s.CourseNotes(ctx, u, courseID)
	if err != nil {
		return "", "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Notes: %s\n", c.Title)
	if len(notes) == 0 {
		b.WriteString("\nNo notes yet.\n")
	}
	lecture := int64(0)
	for _, n := range notes {
		if n.LectureID != lecture {
			lecture = n.LectureID
			fmt.Fprintf(&b, "\n## %s\n\n", n.LectureTitle)
		}
		fmt.Fprintf(&b, "- **%s** %s\n", Clock(n.AtS), strings.ReplaceAll(n.Body, "\n", "\n  "))
	}
	return c.Slug + "-notes.md", b.String(), nil
}

// Clock writes seconds as m:ss or h:mm:ss.
func Clock(sec float64) string {
	t := int(sec)
	if t >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", t/3600, t/60%60, t%60)
	}
	return fmt.Sprintf("%d:%02d", t/60, t%60)
}
