package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestSearchCourses(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		var cat *store.Category
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			cat, err = tx.CreateCategory(ctx, "dev", "Development", 1)
			return err
		})
		type spec struct {
			title, subtitle, level, lang string
			price                        int64
			status                       string
			rating                       float64
			enrolled                     int
			inCategory, featured         bool
		}
		specs := []spec{
			{"Programming in Go", "Concurrency, not Rust", "beginner", "en", 0, store.CoursePublished, 4.5, 10, true, true},
			{"Advanced Go Programs", "Generics", "advanced", "en", 1999, store.CoursePublished, 3.5, 50, true, false},
			{"Rust for Programmers", "Ownership", "intermediate", "de", 2999, store.CoursePublished, 5.0, 5, false, false},
			{"Go Drafts", "Programming unpublished", "all", "en", 0, store.CourseDraft, 0, 0, true, false},
			{"Go Unlisted", "Programming hidden", "all", "en", 0, store.CourseUnlisted, 0, 0, true, false},
		}
		for _, s := range specs {
			c := mkCourse(t, db, ins.ID, s.title, s.price, store.CourseDraft)
			inTx(t, db, func(tx *store.Tx) error {
				u := store.CourseUpdate{Subtitle: ptr(s.subtitle), Level: ptr(s.level), Language: ptr(s.lang)}
				if s.inCategory {
					u.CategoryID = ptr(&cat.ID)
				}
				if _, err := tx.UpdateCourse(ctx, c.ID, u); err != nil {
					return err
				}
				if s.status != store.CourseDraft {
					if _, err := tx.SetCourseStatus(ctx, c.ID, s.status); err != nil {
						return err
					}
				}
				if _, err := tx.SQL().ExecContext(ctx, `UPDATE courses SET rating_avg = $2, enrollment_count = $3 WHERE id = $1`, c.ID, s.rating, s.enrolled); err != nil {
					return err
				}
				return tx.SetCourseFeatured(ctx, c.ID, s.featured)
			})
			time.Sleep(2 * time.Millisecond) // distinct publication times
		}
		search := func(q store.CourseQuery) []string {
			t.Helper()
			if q.Limit == 0 {
				q.Limit = 10
			}
			page, err := db.SearchCourses(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return titles(page.Items)
		}
		for name, c := range map[string]struct {
			q    store.CourseQuery
			want []string
		}{
			"newest":             {store.CourseQuery{}, []string{"Rust for Programmers", "Advanced Go Programs", "Programming in Go"}},
			"words, stemmed":     {store.CourseQuery{Q: "programs", Sort: store.SortNewest}, []string{"Advanced Go Programs", "Programming in Go"}},
			"every word":         {store.CourseQuery{Q: "go concurrency"}, []string{"Programming in Go"}},
			"operators are text": {store.CourseQuery{Q: `ownership OR "generics`}, nil},
			"by instructor":      {store.CourseQuery{Q: "name", Sort: store.SortPopular}, []string{"Advanced Go Programs", "Programming in Go", "Rust for Programmers"}},
			"category":           {store.CourseQuery{CategoryID: &cat.ID}, []string{"Advanced Go Programs", "Programming in Go"}},
			"level":              {store.CourseQuery{Level: "advanced"}, []string{"Advanced Go Programs"}},
			"language":           {store.CourseQuery{Language: "de"}, []string{"Rust for Programmers"}},
			"free":               {store.CourseQuery{Price: "free"}, []string{"Programming in Go"}},
			"paid":               {store.CourseQuery{Price: "paid", Sort: store.SortRating}, []string{"Rust for Programmers", "Advanced Go Programs"}},
			"min rating":         {store.CourseQuery{MinRating: 4}, []string{"Rust for Programmers", "Programming in Go"}},
			"featured":           {store.CourseQuery{Featured: true}, []string{"Programming in Go"}},
			"popular":            {store.CourseQuery{Sort: store.SortPopular}, []string{"Advanced Go Programs", "Programming in Go", "Rust for Programmers"}},
		} {
			if got := search(c.q); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", name, got, c.want)
			}
		}
		// Relevance: a title match outranks a subtitle match.
		if got := search(store.CourseQuery{Q: "rust"}); !slices.Equal(got, []string{"Rust for Programmers", "Programming in Go"}) {
			t.Errorf("relevance: %v", got)
		}

		// Pages by relevance follow the score, then the id.
		var ranked []string
		q := store.CourseQuery{Q: "rust", Limit: 1}
		for range 5 {
			page, err := db.SearchCourses(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ranked = append(ranked, titles(page.Items)...)
			if q.After = page.Next; q.After == nil {
				break
			}
		}
		if !slices.Equal(ranked, []string{"Rust for Programmers", "Programming in Go"}) {
			t.Errorf("relevance, one per page: %v", ranked)
		}

		// Every sort pages through each course once.
		for _, sort := range []string{store.SortNewest, store.SortRating, store.SortPopular, store.SortRelevance} {
			q := store.CourseQuery{Sort: sort, Limit: 1}
			if sort == store.SortRelevance {
				q.Q = "name" // the instructor's name matches all three equally
			}
			var seen []string
			for range 10 {
				page, err := db.SearchCourses(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				seen = append(seen, titles(page.Items)...)
				if page.Next == nil {
					break
				}
				if page.Next.Sort != sort {
					t.Errorf("%s: cursor sort %q", sort, page.Next.Sort)
				}
				q.After = page.Next
			}
			slices.Sort(seen)
			if !slices.Equal(seen, []string{"Advanced Go Programs", "Programming in Go", "Rust for Programmers"}) {
				t.Errorf("%s: paged through %v", sort, seen)
			}
		}
	})
}
