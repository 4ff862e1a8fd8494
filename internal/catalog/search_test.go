package catalog

import (
	"testing"

	"github.com/lectern/lectern/internal/store"
)

// Equal searches share a cache entry even when their optional parts are
// different pointers to the same values; different values never do.
func TestSearchKeyByValue(t *testing.T) {
	cat1, cat2, other := int64(7), int64(7), int64(8)
	a := store.CourseQuery{Q: "go", CategoryID: &cat1, Sort: "rating", Limit: 20,
		After: &store.CourseCursor{Sort: "rating", Keys: []string{"4.5", "12"}}}
	b := a
	b.CategoryID = &cat2
	b.After = &store.CourseCursor{Sort: "rating", Keys: []string{"4.5", "12"}}
	if searchKey(a) != searchKey(b) {
		t.Fatalf("equal queries, different keys:\n%s\n%s", searchKey(a), searchKey(b))
	}
	for name, change := range map[string]func(*store.CourseQuery){
		"category":    func(q *store.CourseQuery) { q.CategoryID = &other },
		"no category": func(q *store.CourseQuery) { q.CategoryID = nil },
		"cursor":      func(q *store.CourseQuery) { q.After = &store.CourseCursor{Sort: "rating", Keys: []string{"4.5", "13"}} },
		"first page":  func(q *store.CourseQuery) { q.After = nil },
		"words":       func(q *store.CourseQuery) { q.Q = "go|" },
		"limit":       func(q *store.CourseQuery) { q.Limit = 21 },
	} {
		c := a
		change(&c)
		if searchKey(c) == searchKey(a) {
			t.Errorf("%s: a different query has the same key %s", name, searchKey(a))
		}
	}
}
