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
	Featured   bool
	Sort       string
	After      *CourseCursor
	Limit      int
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
}

// CoursePage is one page of results.
type CoursePage struct {
	Items []*Course
	Next  *CourseCursor
}

// ftsQuery turns free text into a safe FTS5 query: every word becomes a
// quoted term (all must match), the last one also as a prefix, so "pyth"
// finds Python while typing. Operators in the input are never interpreted.
func ftsQuery(q string) string {
	words := searchWords(q)
	if len(words) == 0 {
		return ""
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	words[len(words)-1] += "*"
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
	where := []string{"c.status = 'published'"}
	score := "0.0"
	words := searchWords(cq.Q)
	if len(words) > 0 {
		if db.Dialect == Postgres {
			// prefix match on the last word, as in SQLite
			terms := make([]string, len(words))
			for i, w := range words {
				terms[i] = "'" + w + "'"
			}
			terms[len(terms)-1] += ":*"
			tsq := "to_tsquery('english', " + arg(strings.Join(terms, " & ")) + ")"
			where = append(where, "c.search @@ "+tsq)
			// ts_rank without length normalisation depends only on the
			// course itself, never on the rest of the catalog.
			score = "ts_rank('{0.1, 0.3, 0.6, 1.0}', c.search, " + tsq + ")::float8"
		} else {
			fq := ftsQuery(cq.Q)
			p := arg(fq)
			where = append(where, "c.id IN (SELECT rowid FROM courses_fts WHERE courses_fts MATCH "+p+")")
			// bm25 depends on statistics of the whole index and would move
			// courses across page boundaries as others are added; this
			// score depends only on which fields of the course match.
			col := func(cols string, weight float64) string {
				return fmt.Sprintf("(CASE WHEN c.id IN (SELECT rowid FROM courses_fts WHERE courses_fts MATCH %s) THEN %g ELSE 0 END)", arg("{"+cols+"} : ("+fq+")"), weight)
			}
			score = "(" + col("title", 1.0) + " + " + col("subtitle", 0.6) + " + " + col("instructor", 0.6) + " + " + col("description", 0.3) + ")"
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
	if cq.Featured {
		where = append(where, "c.featured_at IS NOT NULL")
	}
	// With words the best match comes first; without, the newest.
	sort := cq.Sort
	if sort == "" && len(words) > 0 {
		sort = SortRelevance
	}
	if sort == "" || (sort == SortRelevance && len(words) == 0) {
		sort = SortNewest
	}
	var key string // the sort key expression, compared in the keyset
	switch sort {
	case SortRelevance:
		key = "score"
	case SortRating:
		key = "c.rating_avg"
	case SortPopular:
		key = "CAST(c.enrollment_count AS " + map[Dialect]string{SQLite: "REAL", Postgres: "float8"}[db.Dialect] + ")"
	default:
		sort, key = SortNewest, "c.published_at"
	}
	inner := `SELECT ` + courseColumns + `, ` + score + ` AS score` + courseFrom + `WHERE ` + strings.Join(where, " AND ")
	outer := []string{}
	if a := cq.After; a != nil && a.Sort == sort {
		var v string
		if sort == SortNewest {
			v = arg(a.Time)
		} else {
			v = arg(a.Float)
		}
		k := strings.NewReplacer("c.", "r.").Replace(key)
		if sort == SortRelevance {
			k = "r.score"
		}
		id := arg(a.ID)
		outer = append(outer, fmt.Sprintf("(%s < %s OR (%s = %s AND r.id < %s))", k, v, k, v, id))
	}
	orderKey := strings.NewReplacer("c.", "r.").Replace(key)
	if sort == SortRelevance {
		orderKey = "r.score"
	}
	q := `SELECT * FROM (` + inner + `) r`
	if len(outer) > 0 {
		q += ` WHERE ` + strings.Join(outer, " AND ")
	}
	q += ` ORDER BY ` + orderKey + ` DESC, r.id DESC LIMIT ` + arg(cq.Limit+1)
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
