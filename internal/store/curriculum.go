package store

import (
	"context"
	"database/sql"
	"errors"
)

// Lecture kinds.
const (
	LectureVideo   = "video"
	LectureArticle = "article"
)

// Section is a titled group of lectures within a course.
type Section struct {
	ID       int64
	CourseID int64
	Position int
	Title    string
	Lectures []*Lecture
}

// Lecture is one video or article. VideoStatus is the status of its video,
// or "" when none is attached.
type Lecture struct {
	ID          int64
	SectionID   int64
	CourseID    int64
	Position    int
	Title       string
	Kind        string
	BodyMD      string
	VideoID     *int64
	VideoStatus string
	IsPreview   bool
	DurationS   int
}

const lectureColumns = `l.id, l.section_id, l.course_id, l.position, l.title, l.kind, l.body_md, l.video_id, COALESCE(v.status, ''), l.is_preview, l.duration_s`

const lectureFrom = ` FROM lectures l LEFT JOIN videos v ON v.id = l.video_id `

func scanLecture(row interface{ Scan(...any) error }) (*Lecture, error) {
	var l Lecture
	var video sql.NullInt64
	err := row.Scan(&l.ID, &l.SectionID, &l.CourseID, &l.Position, &l.Title, &l.Kind, &l.BodyMD, &video, &l.VideoStatus, &l.IsPreview, &l.DurationS)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if video.Valid {
		l.VideoID = &video.Int64
	}
	return &l, err
}

// Curriculum returns the sections of a course in order, each with its
// lectures in order.
func (db *DB) Curriculum(ctx context.Context, courseID int64) ([]*Section, error) {
	return curriculum(ctx, db.read, courseID)
}

// Curriculum reads the curriculum inside tx.
func (tx *Tx) Curriculum(ctx context.Context, courseID int64) ([]*Section, error) {
	return curriculum(ctx, tx.tx, courseID)
}

func curriculum(ctx context.Context, q queryer, courseID int64) ([]*Section, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, course_id, position, title FROM sections WHERE course_id = $1 ORDER BY position, id`, courseID)
	if err != nil {
		return nil, err
	}
	var sections []*Section
	byID := map[int64]*Section{}
	for rows.Next() {
		var s Section
		if err := rows.Scan(&s.ID, &s.CourseID, &s.Position, &s.Title); err != nil {
			rows.Close()
			return nil, err
		}
		sections = append(sections, &s)
		byID[s.ID] = &s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT `+lectureColumns+lectureFrom+`WHERE l.course_id = $1 ORDER BY l.position, l.id`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanLecture(rows)
		if err != nil {
			return nil, err
		}
		if s := byID[l.SectionID]; s != nil {
			s.Lectures = append(s.Lectures, l)
		}
	}
	return sections, rows.Err()
}

// SectionByID reads a section; the caller checks the course's ownership.
func (db *DB) SectionByID(ctx context.Context, id int64) (*Section, error) {
	var s Section
	err := db.read.QueryRowContext(ctx, `SELECT id, course_id, position, title FROM sections WHERE id = $1`, id).Scan(&s.ID, &s.CourseID, &s.Position, &s.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &s, err
}

// LectureByID reads a lecture with its video status.
func (db *DB) LectureByID(ctx context.Context, id int64) (*Lecture, error) {
	return scanLecture(db.read.QueryRowContext(ctx, `SELECT `+lectureColumns+lectureFrom+`WHERE l.id = $1`, id))
}

// AddSection appends a section to a course.
func (tx *Tx) AddSection(ctx context.Context, courseID int64, title string) (*Section, error) {
	s := Section{CourseID: courseID, Title: title}
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO sections (course_id, position, title, created_at)
		VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections WHERE course_id = $1), $2, $3) RETURNING id, position`,
		courseID, title, now()).Scan(&s.ID, &s.Position)
	if err != nil {
		return nil, err
	}
	return &s, tx.touchCourse(ctx, courseID)
}

// RenameSection changes a section's title.
func (tx *Tx) RenameSection(ctx context.Context, id int64, title string) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE sections SET title = $2 WHERE id = $1`, id, title)
	return oneRow(res, err)
}

// DeleteSection removes a section and its lectures, then renumbers the rest.
func (tx *Tx) DeleteSection(ctx context.Context, id, courseID int64) error {
	if err := oneRow(tx.tx.ExecContext(ctx, `DELETE FROM sections WHERE id = $1`, id)); err != nil {
		return err
	}
	if err := tx.renumberSections(ctx, courseID); err != nil {
		return err
	}
	return tx.RecomputeCourseDuration(ctx, courseID)
}

// NewLecture is a lecture as first added.
type NewLecture struct {
	Title     string
	Kind      string
	BodyMD    string
	IsPreview bool
}

// AddLecture appends a lecture to a section.
func (tx *Tx) AddLecture(ctx context.Context, sectionID, courseID int64, nl NewLecture) (*Lecture, error) {
	t := now()
	var id int64
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO lectures (section_id, course_id, position, title, kind, body_md, is_preview, created_at, updated_at)
		VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM lectures WHERE section_id = $1), $3, $4, $5, $6, $7, $7) RETURNING id`,
		sectionID, courseID, nl.Title, nl.Kind, nl.BodyMD, nl.IsPreview, t).Scan(&id)
	if err != nil {
		return nil, err
	}
	if err := tx.touchCourse(ctx, courseID); err != nil {
		return nil, err
	}
	return scanLecture(tx.tx.QueryRowContext(ctx, `SELECT `+lectureColumns+lectureFrom+`WHERE l.id = $1`, id))
}

// LectureUpdate holds the editable fields of a lecture; nil is unchanged.
type LectureUpdate struct {
	Title     *string
	Kind      *string
	BodyMD    *string
	IsPreview *bool
}

// UpdateLecture applies u.
func (tx *Tx) UpdateLecture(ctx context.Context, id int64, u LectureUpdate) (*Lecture, error) {
	us := newUpdateSet(id)
	set := us.set
	if u.Title != nil {
		set("title", *u.Title)
	}
	if u.Kind != nil {
		set("kind", *u.Kind)
	}
	if u.BodyMD != nil {
		set("body_md", *u.BodyMD)
	}
	if u.IsPreview != nil {
		set("is_preview", *u.IsPreview)
	}
	if err := oneRow(tx.tx.ExecContext(ctx, `UPDATE lectures SET `+us.sql()+` WHERE id = $1`, us.args...)); err != nil {
		return nil, err
	}
	return scanLecture(tx.tx.QueryRowContext(ctx, `SELECT `+lectureColumns+lectureFrom+`WHERE l.id = $1`, id))
}

// DeleteLecture removes a lecture and renumbers its section.
func (tx *Tx) DeleteLecture(ctx context.Context, l *Lecture) error {
	if err := oneRow(tx.tx.ExecContext(ctx, `DELETE FROM lectures WHERE id = $1`, l.ID)); err != nil {
		return err
	}
	if err := tx.renumberLectures(ctx, l.SectionID); err != nil {
		return err
	}
	return tx.RecomputeCourseDuration(ctx, l.CourseID)
}

// CurriculumOrder is a complete new order of a course's curriculum.
type CurriculumOrder []struct {
	SectionID  int64
	LectureIDs []int64
}

// Reorder rewrites positions (and lecture sections) to match o. The caller
// has checked that o names exactly the course's sections and lectures.
func (tx *Tx) Reorder(ctx context.Context, courseID int64, o CurriculumOrder) error {
	for i, s := range o {
		if err := oneRow(tx.tx.ExecContext(ctx, `UPDATE sections SET position = $3 WHERE id = $1 AND course_id = $2`, s.SectionID, courseID, i+1)); err != nil {
			return err
		}
		for j, lid := range s.LectureIDs {
			if err := oneRow(tx.tx.ExecContext(ctx, `UPDATE lectures SET section_id = $2, position = $4 WHERE id = $1 AND course_id = $3`, lid, s.SectionID, courseID, j+1)); err != nil {
				return err
			}
		}
	}
	return tx.touchCourse(ctx, courseID)
}

func (tx *Tx) renumberSections(ctx context.Context, courseID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE sections SET position = (SELECT COUNT(*) FROM sections s2
		WHERE s2.course_id = sections.course_id AND (s2.position < sections.position OR (s2.position = sections.position AND s2.id <= sections.id)))
		WHERE course_id = $1`, courseID)
	return err
}

func (tx *Tx) renumberLectures(ctx context.Context, sectionID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE lectures SET position = (SELECT COUNT(*) FROM lectures l2
		WHERE l2.section_id = lectures.section_id AND (l2.position < lectures.position OR (l2.position = lectures.position AND l2.id <= lectures.id)))
		WHERE section_id = $1`, sectionID)
	return err
}

// RecomputeCourseDuration sets a course's total duration from its lectures.
func (tx *Tx) RecomputeCourseDuration(ctx context.Context, courseID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE courses SET total_duration_s = (SELECT COALESCE(SUM(duration_s), 0) FROM lectures WHERE course_id = $1),
		updated_at = $2 WHERE id = $1`, courseID, now())
	return err
}

// touchCourse bumps updated_at, which is part of the course's ETag.
func (tx *Tx) touchCourse(ctx context.Context, courseID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE courses SET updated_at = $2 WHERE id = $1`, courseID, now())
	return err
}

func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
