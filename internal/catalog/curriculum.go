package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

var (
	errNoSection = apperr.New(apperr.NotFound, "not_found", "No such section.")
	errNoLecture = apperr.New(apperr.NotFound, "not_found", "No such lecture.")
)

// section loads a section whose course u may edit.
func (s *Service) section(ctx context.Context, u *store.User, id int64) (*store.Section, error) {
	sec, err := s.DB.SectionByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSection
	}
	if err != nil {
		return nil, err
	}
	if _, err := s.editable(ctx, u, sec.CourseID); err != nil {
		if apperr.Is(err, "not_found") {
			return nil, errNoSection
		}
		return nil, err
	}
	return sec, nil
}

// Lecture loads a lecture whose course u may edit.
func (s *Service) Lecture(ctx context.Context, u *store.User, id int64) (*store.Lecture, error) {
	l, err := s.DB.LectureByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoLecture
	}
	if err != nil {
		return nil, err
	}
	if _, err := s.editable(ctx, u, l.CourseID); err != nil {
		if apperr.Is(err, "not_found") {
			return nil, errNoLecture
		}
		return nil, err
	}
	return l, nil
}

func sectionTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	var fe apperr.Fields
	checkLine(&fe, "title", title, true, maxTitle)
	return title, fe.Err()
}

// AddSection appends a section to a course.
func (s *Service) AddSection(ctx context.Context, u *store.User, courseID int64, title string) (*store.Section, error) {
	if _, err := s.editable(ctx, u, courseID); err != nil {
		return nil, err
	}
	title, err := sectionTitle(title)
	if err != nil {
		return nil, err
	}
	var sec *store.Section
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		sec, err = tx.AddSection(ctx, courseID, title)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(courseID)
	return sec, nil
}

// RenameSection changes a section's title.
func (s *Service) RenameSection(ctx context.Context, u *store.User, id int64, title string) (*store.Section, error) {
	sec, err := s.section(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if sec.Title, err = sectionTitle(title); err != nil {
		return nil, err
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.RenameSection(ctx, id, sec.Title) }); err != nil {
		return nil, err
	}
	s.Invalidate(sec.CourseID)
	return sec, nil
}

// DeleteSection removes a section with its lectures.
func (s *Service) DeleteSection(ctx context.Context, u *store.User, id int64) error {
	sec, err := s.section(ctx, u, id)
	if err != nil {
		return err
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteSection(ctx, id, sec.CourseID) }); err != nil {
		return err
	}
	s.Invalidate(sec.CourseID)
	return nil
}

// LectureInput is what an instructor sends for a lecture; nil is unchanged.
type LectureInput struct {
	Title     *string
	Kind      *string
	BodyMD    *string
	IsPreview *bool
}

func checkLecture(in LectureInput, creating bool) error {
	var fe apperr.Fields
	if in.Title != nil || creating {
		t := ""
		if in.Title != nil {
			t = strings.TrimSpace(*in.Title)
			*in.Title = t
		}
		checkLine(&fe, "title", t, true, maxTitle)
	}
	if in.Kind != nil {
		checkKind(&fe, *in.Kind)
	}
	if in.BodyMD != nil {
		checkText(&fe, "body_md", *in.BodyMD, false, maxArticle)
	}
	return fe.Err()
}

// AddLecture appends a lecture to a section.
func (s *Service) AddLecture(ctx context.Context, u *store.User, sectionID int64, in LectureInput) (*store.Lecture, error) {
	sec, err := s.section(ctx, u, sectionID)
	if err != nil {
		return nil, err
	}
	if in.Kind == nil {
		k := store.LectureVideo
		in.Kind = &k
	}
	if err := checkLecture(in, true); err != nil {
		return nil, err
	}
	nl := store.NewLecture{Title: *in.Title, Kind: *in.Kind}
	if in.BodyMD != nil {
		nl.BodyMD = *in.BodyMD
	}
	if in.IsPreview != nil {
		nl.IsPreview = *in.IsPreview
	}
	var l *store.Lecture
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		l, err = tx.AddLecture(ctx, sectionID, sec.CourseID, nl)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(sec.CourseID)
	return l, nil
}

// UpdateLecture edits a lecture.
func (s *Service) UpdateLecture(ctx context.Context, u *store.User, id int64, in LectureInput) (*store.Lecture, error) {
	l, err := s.Lecture(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if err := checkLecture(in, false); err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		l, err = tx.UpdateLecture(ctx, id, store.LectureUpdate{Title: in.Title, Kind: in.Kind, BodyMD: in.BodyMD, IsPreview: in.IsPreview})
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(l.CourseID)
	return l, nil
}

// DeleteLecture removes a lecture.
func (s *Service) DeleteLecture(ctx context.Context, u *store.User, id int64) error {
	l, err := s.Lecture(ctx, u, id)
	if err != nil {
		return err
	}
	if err := s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteLecture(ctx, l) }); err != nil {
		return err
	}
	s.Invalidate(l.CourseID)
	return nil
}

// Reorder applies a complete new order of a course's curriculum. It must
// name every section and every lecture of the course exactly once, and
// nothing else; lectures may move between sections.
func (s *Service) Reorder(ctx context.Context, u *store.User, courseID int64, order store.CurriculumOrder) ([]*store.Section, error) {
	if _, err := s.editable(ctx, u, courseID); err != nil {
		return nil, err
	}
	var sections []*store.Section
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		current, err := tx.Curriculum(ctx, courseID)
		if err != nil {
			return err
		}
		if err := sameItems(current, order); err != nil {
			return err
		}
		if err := tx.Reorder(ctx, courseID, order); err != nil {
			return err
		}
		sections, err = tx.Curriculum(ctx, courseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(courseID)
	return sections, nil
}

func sameItems(current []*store.Section, order store.CurriculumOrder) error {
	wantSections, wantLectures := map[int64]bool{}, map[int64]bool{}
	for _, sec := range current {
		wantSections[sec.ID] = true
		for _, l := range sec.Lectures {
			wantLectures[l.ID] = true
		}
	}
	var fe apperr.Fields
	seenS, seenL := map[int64]bool{}, map[int64]bool{}
	for i, so := range order {
		if !wantSections[so.SectionID] || seenS[so.SectionID] {
			fe.Add(fmt.Sprintf("sections.%d.id", i), "is not a section of this course, or appears twice")
		}
		seenS[so.SectionID] = true
		for j, lid := range so.LectureIDs {
			if !wantLectures[lid] || seenL[lid] {
				fe.Add(fmt.Sprintf("sections.%d.lectures.%d", i, j), "is not a lecture of this course, or appears twice")
			}
			seenL[lid] = true
		}
	}
	if len(seenS) != len(wantSections) {
		fe.Add("sections", "must list every section of the course")
	}
	if len(seenL) != len(wantLectures) {
		fe.Add("sections", "must list every lecture of the course")
	}
	return fe.Err()
}
