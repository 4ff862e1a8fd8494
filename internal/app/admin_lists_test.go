package app_test

import (
	"net/url"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// Admin lists page with cursors and name the people behind each row: every
// enrollment once across pages, orders with their buyers.
func TestAdminEnrollmentsAndOrders(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		teacher := e.instructor("t@x.io", "Teach")
		root := e.admin()
		c1 := e.publishedCourse(teacher, map[string]any{"title": "One"})
		c2 := e.publishedCourse(teacher, map[string]any{"title": "Two"})
		students := []account{e.register("a@x.io", "student pass 42", "Ann"), e.register("b@x.io", "student pass 42", "Ben")}
		for _, s := range students {
			for _, c := range []string{c1, c2} {
				e.do(req{Method: "POST", Path: "/api/v1/courses/" + c + "/enroll", Token: s.Access}).expect(t, 201)
			}
		}
		seen := map[string]bool{}
		path := "/api/v1/admin/enrollments?limit=3"
		for pages := 0; path != ""; pages++ {
			if pages > 3 {
				t.Fatal("the cursor does not end")
			}
			r := e.do(req{Method: "GET", Path: path, Token: root.Access}).expect(t, 200)
			for _, it := range r.JSON["items"].([]any) {
				m := it.(map[string]any)
				key := m["user"].(map[string]any)["id"].(string) + "/" + m["course"].(map[string]any)["id"].(string)
				if seen[key] {
					t.Errorf("enrollment %s twice", key)
				}
				seen[key] = true
				if m["user_email"] == "" || m["course"].(map[string]any)["title"] == "" || m["user"].(map[string]any)["name"] == "" {
					t.Errorf("row without names: %v", m)
				}
			}
			path = ""
			if next, _ := r.JSON["next_cursor"].(string); next != "" {
				path = "/api/v1/admin/enrollments?limit=3&cursor=" + url.QueryEscape(next)
			}
		}
		if len(seen) != 4 {
			t.Errorf("saw %d enrollments across pages, want 4", len(seen))
		}
		one := e.do(req{Method: "GET", Path: "/api/v1/admin/enrollments?course=" + c1 + "&q=ann", Token: root.Access}).expect(t, 200)
		if items := one.JSON["items"].([]any); len(items) != 1 {
			t.Errorf("filtered by course and student: %s", one.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/admin/enrollments?course=abc", Token: root.Access}).expect(t, 422)
		e.do(req{Method: "GET", Path: "/api/v1/admin/enrollments?cursor=junk", Token: root.Access}).expect(t, 422)
	})
}
