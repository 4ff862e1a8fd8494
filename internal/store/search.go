package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Sort orders of the public catalog.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortRating    = "rating"
	SortPopular   = "popular"
)

// CourseQuery is a search of the public catalog. Only published courses are
// ever returned.
type CourseQuery struct {
	Q          string
	CategoryID *int64
	Level      string
	Language   string
	Price      string // "", "free" or "paid"
	MinRating  float64
	// Duration is a band of total video length; MinDurationS (inclusive)
	// and MaxDurationS (exclusive, 0 for none) are its bounds in seconds.
	Duration     string
	MinDurationS int
	MaxDurationS int
	Featured     bool
	Sort         string
	After        *CourseCursor
	Limit        int
}

// CourseCursor is the keyset position after the last course of a page: the
// sort key of that course and its id. Every sort key is a pure function of
// the course (relevance included: see the rank expressions), so a course
// added between two page loads lands either before the cursor or after it,
// and pages never repeat or skip a course.
type CourseCursor struct {
	Sort  string    `json:"s"`
	Float float64   `json:"f,omitempty"`
	Time  time.Time `json:"t,omitempty"`
	ID    int64     `json:"id"`
	// Keys is the position in the search index's order (its sort values).
	Keys []string `json:"k,omitempty"`
}

// CoursePage is one page of results.
type CoursePage struct {
	Items []*Course
	Next  *CourseCursor
}

// ftsQuery turns free text into a safe FTS5 query: every word becomes a
// quoted term and all must match (after stemming: "programs" finds
// "programming"). Operators in the input are never interpreted. There is no
// prefix matching: it made a typical query several times slower, and the
// search box submits whole words.
func ftsQuery(q string) string {
	words := searchWords(q)
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " ")
}

// searchWords splits text into lower-case words of letters and digits.
func searchWords(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > 12 {
		words = words[:12]
	}
	return words
}

// SearchCourses runs a catalog query.
func (db *DB) SearchCourses(ctx context.Context, cq CourseQuery) (*CoursePage, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	words := searchWords(cq.Q)
	// With words the best match comes first; without, the newest.
	sort := cq.Sort
	if sort == "" && len(words) > 0 {
		sort = SortRelevance
	}
	if sort == "" || (sort == SortRelevance && len(words) == 0) {
		sort = SortNewest
	}

	from := courseFrom
	score := "0.0"
	where := []string{"c.status = 'published'"}
	if len(words) > 0 {
		if db.Dialect == Postgres {
			// Every word must match, as in SQLite; plainto_tsquery stems
			// and never interprets operators.
			tsq := "plainto_tsquery('english', " + arg(strings.Join(words, " ")) + ")"
			where = append(where, "c.search @@ "+tsq)
			// ts_rank without length normalisation depends only on the
			// course itself, never on the rest of the catalog.
			score = "ts_rank('{0.1, 0.3, 0.6, 1.0}', c.search, " + tsq + ")::float8"
		} else {
			// bm25 depends on statistics of the whole index and would
			// move courses across page boundaries as others are added.
			// Called with the weight of one column only, it is non-zero
			// exactly when a word hits that column: the score counts which
			// fields match, a property of the course alone.
			hits := `SELECT f.rowid AS id, ((bm25(courses_fts, 1, 0, 0, 0) < 0) * 1.0 + (bm25(courses_fts, 0, 1, 0, 0) < 0) * 0.6 +
				(bm25(courses_fts, 0, 0, 1, 0) < 0) * 0.6 + (bm25(courses_fts, 0, 0, 0, 1) < 0) * 0.3) AS score
				FROM courses_fts f WHERE courses_fts MATCH ` + arg(ftsQuery(cq.Q))
			from = ` FROM (` + hits + `) h JOIN courses c ON c.id = h.id JOIN users u ON u.id = c.instructor_id LEFT JOIN categories cat ON cat.id = c.category_id `
			score = "h.score"
		}
	}
	if cq.CategoryID != nil {
		where = append(where, "c.category_id = "+arg(*cq.CategoryID))
	}
	if cq.Level != "" {
		where = append(where, "c.level = "+arg(cq.Level))
	}
	if cq.Language != "" {
		where = append(where, "c.language = "+arg(cq.Language))
	}
	switch cq.Price {
	case "free":
		where = append(where, "c.price_cents = 0")
	case "paid":
		where = append(where, "c.price_cents > 0")
	}
	if cq.MinRating > 0 {
		where = append(where, "c.rating_avg >= "+arg(cq.MinRating))
	}
	if cq.MinDurationS > 0 {
		where = append(where, "c.total_duration_s >= "+arg(cq.MinDurationS))
	}
	if cq.MaxDurationS > 0 {
		where = append(where, "c.total_duration_s < "+arg(cq.MaxDurationS))
	}
	if cq.Featured {
		where = append(where, "c.featured_at IS NOT NULL")
	}
	var key string // the sort key, compared in the keyset condition
	switch sort {
	case SortRelevance:
		key = score
	case SortRating:
		key = "c.rating_avg"
	case SortPopular:
		key = "c.enrollment_count"
	default:
		sort, key = SortNewest, "c.published_at"
	}
	if a := cq.After; a != nil && a.Sort == sort {
		var v string
		switch sort {
		case SortNewest:
			v = arg(a.Time)
		case SortPopular:
			v = arg(int64(a.Float))
		default:
			v = arg(a.Float)
		}
		id := arg(a.ID)
		where = append(where, fmt.Sprintf("(%s < %s OR (%s = %s AND c.id < %s))", key, v, key, v, id))
	}
	// Rank narrow rows (id and key) first and read whole courses only for
	// the page: sorting two thousand matches with their descriptions costs
	// far more than sorting their ids.
	q := `WITH page AS (SELECT c.id, ` + key + ` AS k, ` + score + ` AS score` + from + `WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + key + ` DESC, c.id DESC LIMIT ` + arg(cq.Limit+1) + `)
		SELECT ` + courseColumns + `, page.score` + courseFrom + `JOIN page ON page.id = c.id ORDER BY page.k DESC, c.id DESC`
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	page := &CoursePage{}
	var scores []float64
	for rows.Next() {
		var s float64
		c, err := scanCourse(rows, &s)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, c)
		scores = append(scores, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(page.Items) > cq.Limit {
		page.Items = page.Items[:cq.Limit]
		last := page.Items[cq.Limit-1]
		cur := &CourseCursor{Sort: sort, ID: last.ID}
		switch sort {
		case SortNewest:
			cur.Time = *last.PublishedAt
		case SortRelevance:
			cur.Float = scores[cq.Limit-1]
		case SortRating:
			cur.Float = last.RatingAvg
		case SortPopular:
			cur.Float = float64(last.EnrollmentCount)
		}
		page.Next = cur
	}
	return page, nil
}
