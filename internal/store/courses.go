package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Course statuses.
const (
	CourseDraft     = "draft"
	CoursePublished = "published"
	CourseUnlisted  = "unlisted"
	CourseArchived  = "archived"
)

// Course is a course row with its instructor's name and its category.
type Course struct {
	ID              int64
	Slug            string
	InstructorID    int64
	InstructorName  string
	Title           string
	Subtitle        string
	DescriptionMD   string
	Language        string
	Level           string
	CategoryID      *int64
	CategorySlug    string
	CategoryName    string
	PriceCents      int64
	Currency        string
	Status          string
	ThumbnailKey    string
	RatingAvg       float64
	RatingCount     int
	EnrollmentCount int
	TotalDurationS  int
	FeaturedAt      *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
	PublishedAt     *time.Time
}

const courseColumns = `c.id, c.slug, c.instructor_id, u.name, c.title, c.subtitle, c.description_md, c.language, c.level,
	c.category_id, COALESCE(cat.slug, ''), COALESCE(cat.name, ''), c.price_cents, c.currency, c.status, c.thumbnail_key,
	c.rating_avg, c.rating_count, c.enrollment_count, c.total_duration_s, c.featured_at, c.created_at, c.updated_at, c.published_at`

// courseCardColumns are courseColumns with an empty description.
var courseCardColumns = strings.Replace(courseColumns, "c.description_md", "''", 1)

const courseFrom = ` FROM courses c JOIN users u ON u.id = c.instructor_id LEFT JOIN categories cat ON cat.id = c.category_id `

func scanCourse(row interface{ Scan(...any) error }, extra ...any) (*Course, error) {
	var c Course
	var cat sql.NullInt64
	var featured, published sql.NullTime
	dest := []any{&c.ID, &c.Slug, &c.InstructorID, &c.InstructorName, &c.Title, &c.Subtitle, &c.DescriptionMD, &c.Language, &c.Level,
		&cat, &c.CategorySlug, &c.CategoryName, &c.PriceCents, &c.Currency, &c.Status, &c.ThumbnailKey,
		&c.RatingAvg, &c.RatingCount, &c.EnrollmentCount, &c.TotalDurationS, &featured, &c.CreatedAt, &c.UpdatedAt, &published}
	err := row.Scan(append(dest, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if cat.Valid {
		c.CategoryID = &cat.Int64
	}
	c.FeaturedAt, c.PublishedAt = nullTime(featured), nullTime(published)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

// NewCourse is a draft as an instructor first creates it.
type NewCourse struct {
	InstructorID int64
	Slug         string // a base; a suffix is added when taken
	Title        string
	Subtitle     string
	Language     string
	Level        string
	CategoryID   *int64
	PriceCents   int64
	Currency     string
}

// CreateCourse inserts a draft, making its slug unique by adding -2, -3, …
// when the base is taken.
func (tx *Tx) CreateCourse(ctx context.Context, nc NewCourse) (*Course, error) {
	t := now()
	for attempt := 1; attempt <= 50; attempt++ {
		slug := nc.Slug
		if attempt > 1 {
			slug = fmt.Sprintf("%s-%d", nc.Slug, attempt)
		}
		var taken bool
		if err := tx.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM courses WHERE slug = $1)`, slug).Scan(&taken); err != nil {
			return nil, err
		}
		if taken {
			continue
		}
		var id int64
		err := tx.tx.QueryRowContext(ctx, `INSERT INTO courses (slug, instructor_id, title, subtitle, language, level, category_id, price_cents, currency, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			slug, nc.InstructorID, nc.Title, nc.Subtitle, nc.Language, nc.Level, nc.CategoryID, nc.PriceCents, nc.Currency, t).Scan(&id)
		if isUniqueViolation(err) {
			// A concurrent insert took the slug. (No retry here: on
			// PostgreSQL the failed statement ended the transaction.)
			return nil, ErrConflict
		}
		if err != nil {
			return nil, err
		}
		if err := tx.reindexCourse(ctx, id); err != nil {
			return nil, err
		}
		return tx.CourseByID(ctx, id)
	}
	return nil, ErrConflict
}

// CourseByID reads a course inside tx.
func (tx *Tx) CourseByID(ctx context.Context, id int64) (*Course, error) {
	return scanCourse(tx.tx.QueryRowContext(ctx, `SELECT `+courseColumns+courseFrom+`WHERE c.id = $1`, id))
}

// CourseByID reads a course in any status.
func (db *DB) CourseByID(ctx context.Context, id int64) (*Course, error) {
	return scanCourse(db.read.QueryRowContext(ctx, `SELECT `+courseColumns+courseFrom+`WHERE c.id = $1`, id))
}

// CourseBySlug reads a course in any status by its slug.
func (db *DB) CourseBySlug(ctx context.Context, slug string) (*Course, error) {
	return scanCourse(db.read.QueryRowContext(ctx, `SELECT `+courseColumns+courseFrom+`WHERE c.slug = $1`, slug))
}

// CourseUpdate holds the fields an instructor may edit; nil is unchanged.
type CourseUpdate struct {
	Title         *string
	Subtitle      *string
	DescriptionMD *string
	Language      *string
	Level         *string
	CategoryID    **int64 // set to a nil *int64 to clear
	PriceCents    *int64
	Currency      *string
	ThumbnailKey  *string
}

// UpdateCourse applies u and re-indexes the course for search.
func (tx *Tx) UpdateCourse(ctx context.Context, id int64, u CourseUpdate) (*Course, error) {
	us := newUpdateSet(id)
	set := us.set
	if u.Title != nil {
		set("title", *u.Title)
	}
	if u.Subtitle != nil {
		set("subtitle", *u.Subtitle)
	}
	if u.DescriptionMD != nil {
		set("description_md", *u.DescriptionMD)
	}
	if u.Language != nil {
		set("language", *u.Language)
	}
	if u.Level != nil {
		set("level", *u.Level)
	}
	if u.CategoryID != nil {
		set("category_id", *u.CategoryID)
	}
	if u.PriceCents != nil {
		set("price_cents", *u.PriceCents)
	}
	if u.Currency != nil {
		set("currency", *u.Currency)
	}
	if u.ThumbnailKey != nil {
		set("thumbnail_key", *u.ThumbnailKey)
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE courses SET `+us.sql()+` WHERE id = $1`, us.args...)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, ErrNotFound
	}
	if err := tx.reindexCourse(ctx, id); err != nil {
		return nil, err
	}
	return tx.CourseByID(ctx, id)
}

// SetCourseStatus moves a course to status. The first publication sets
// published_at, which later unpublish/publish cycles keep.
func (tx *Tx) SetCourseStatus(ctx context.Context, id int64, status string) (*Course, error) {
	t := now()
	var published *time.Time
	if status == CoursePublished {
		published = &t
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE courses SET status = $2, published_at = COALESCE(published_at, $3), updated_at = $4 WHERE id = $1`,
		id, status, published, t)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, ErrNotFound
	}
	return tx.CourseByID(ctx, id)
}

// SetCourseFeatured marks a course for the home page, or unmarks it.
func (tx *Tx) SetCourseFeatured(ctx context.Context, id int64, featured bool) error {
	var at *time.Time
	if featured {
		t := now()
		at = &t
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE courses SET featured_at = $2 WHERE id = $1`, id, at)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteCourse removes a course and, by cascade, its curriculum.
func (tx *Tx) DeleteCourse(ctx context.Context, id int64) error {
	if tx.dialect == SQLite {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM courses_fts WHERE rowid = $1`, id); err != nil {
			return err
		}
	}
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM courses WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// CoursesByInstructor lists every course of an instructor, newest first.
func (db *DB) CoursesByInstructor(ctx context.Context, instructorID int64) ([]*Course, error) {
	return db.queryCourses(ctx, `SELECT `+courseColumns+courseFrom+`WHERE c.instructor_id = $1 ORDER BY c.created_at DESC, c.id DESC`, instructorID)
}

func (db *DB) queryCourses(ctx context.Context, q string, args ...any) ([]*Course, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanCourses(rows)
}

// scanCourses reads courseColumns rows, and closes them.
func scanCourses(rows *sql.Rows) ([]*Course, error) {
	defer rows.Close()
	var out []*Course
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// pgSearchVector is a course's weighted document: title A, subtitle and
// instructor B, description C.
const pgSearchVector = `setweight(to_tsvector('english', c.title), 'A') ||
	setweight(to_tsvector('english', c.subtitle), 'B') ||
	setweight(to_tsvector('english', u.name), 'B') ||
	setweight(to_tsvector('english', c.description_md), 'C')`

// reindexCourse brings the search index of course id up to date. Both
// dialects keep it in the same transaction as the change.
func (tx *Tx) reindexCourse(ctx context.Context, id int64) error {
	if tx.dialect == Postgres {
		_, err := tx.tx.ExecContext(ctx, `UPDATE courses c SET search = `+pgSearchVector+` FROM users u WHERE u.id = c.instructor_id AND c.id = $1`, id)
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM courses_fts WHERE rowid = $1`, id); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO courses_fts (rowid, title, subtitle, description, instructor)
		SELECT c.id, c.title, c.subtitle, c.description_md, u.name FROM courses c JOIN users u ON u.id = c.instructor_id WHERE c.id = $1`, id)
	return err
}

// ReindexInstructorCourses re-indexes every course of a user, after their
// name changed.
func (tx *Tx) ReindexInstructorCourses(ctx context.Context, userID int64) error {
	rows, err := tx.tx.QueryContext(ctx, `SELECT id FROM courses WHERE instructor_id = $1`, userID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := tx.reindexCourse(ctx, id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SetRatingForTest sets a course's rating aggregate by title. Only tests
// call it, until reviews maintain the aggregate.
func (db *DB) SetRatingForTest(ctx context.Context, title string, avg float64, count int) error {
	return oneRow(db.write.ExecContext(ctx, `UPDATE courses SET rating_avg = $2, rating_count = $3 WHERE title = $1`, title, avg, count))
}

// BulkCourse is one generated course for benchmarks and large demos.
type BulkCourse struct {
	NewCourse
	DescriptionMD string
	PublishedAt   time.Time
	RatingAvg     float64
	RatingCount   int
	Enrollments   int
}

// InsertPublishedCoursesNoIndex inserts many published courses at once;
// only data generators use it, and call ReindexAll when done.
func (tx *Tx) InsertPublishedCoursesNoIndex(ctx context.Context, cs []BulkCourse) error {
	const cols = 14
	for start := 0; start < len(cs); start += 500 {
		end := min(start+500, len(cs))
		var sb strings.Builder
		args := make([]any, 0, (end-start)*cols)
		sb.WriteString(`INSERT INTO courses (slug, instructor_id, title, subtitle, description_md, language, level, category_id, price_cents, currency,
			status, rating_avg, rating_count, enrollment_count, created_at, updated_at, published_at) VALUES `)
		for i, c := range cs[start:end] {
			if i > 0 {
				sb.WriteByte(',')
			}
			n := len(args)
			fmt.Fprintf(&sb, "($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d,'published',$%d,$%d,$%d,$%d,$%d,$%d)",
				n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12, n+13, n+14, n+14, n+14)
			args = append(args, c.Slug, c.InstructorID, c.Title, c.Subtitle, c.DescriptionMD, c.Language, c.Level, c.CategoryID,
				c.PriceCents, c.Currency, c.RatingAvg, c.RatingCount, c.Enrollments, c.PublishedAt.UTC())
		}
		if _, err := tx.tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// ReindexAll rebuilds the whole search index.
func (tx *Tx) ReindexAll(ctx context.Context) error {
	if tx.dialect == Postgres {
		_, err := tx.tx.ExecContext(ctx, `UPDATE courses c SET search = `+pgSearchVector+` FROM users u WHERE u.id = c.instructor_id`)
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM courses_fts`); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO courses_fts (rowid, title, subtitle, description, instructor)
		SELECT c.id, c.title, c.subtitle, c.description_md, u.name FROM courses c JOIN users u ON u.id = c.instructor_id`)
	return err
}

// Analyze refreshes the query planner's statistics after a bulk load.
func (db *DB) Analyze(ctx context.Context) error {
	q := "ANALYZE"
	if db.Dialect == SQLite {
		q = "PRAGMA optimize; ANALYZE"
	}
	_, err := db.write.ExecContext(ctx, q)
	return err
}

// updateSet builds the SET list of an UPDATE of row $1 from the fields
// that are given, always bumping updated_at.
type updateSet struct {
	sets []string
	args []any
}

func newUpdateSet(id int64) *updateSet {
	return &updateSet{sets: []string{"updated_at = $2"}, args: []any{id, now()}}
}

func (u *updateSet) set(col string, v any) {
	u.args = append(u.args, v)
	u.sets = append(u.sets, fmt.Sprintf("%s = $%d", col, len(u.args)))
}

func (u *updateSet) sql() string { return strings.Join(u.sets, ", ") }
