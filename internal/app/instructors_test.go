package app_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// An instructor's public profile lists their published courses with an
// overall rating; students, drafts-only instructors and unknown ids are not
// found.
func TestInstructorProfile(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		if err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		ian, _ := a.DB.UserByEmail(ctx, "instructor@demo.lectern.dev")
		sam, _ := a.DB.UserByEmail(ctx, "student@demo.lectern.dev")

		p, err := a.Catalog.Instructor(ctx, nil, ian.ID)
		if err != nil || len(p.Courses) != 4 || p.RatingCount == 0 || p.RatingAvg < 1 || p.Students == 0 {
			t.Fatalf("profile of the demo instructor: %+v, %v", p, err)
		}
		got := e.do(req{Method: "GET", Path: "/api/v1/instructors/" + strconv.FormatInt(ian.ID, 10)}).expect(t, 200)
		if got.JSON["name"] != "Ian Instructor" || got.JSON["bio"] == "" || len(got.JSON["courses"].([]any)) != 4 {
			t.Errorf("GET instructor: %s", got.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/instructors/" + strconv.FormatInt(sam.ID, 10)}).expect(t, 404)
		drafty := e.register("drafts@x.io", "drafts pass 42", "Drafty")
		e.do(req{Method: "POST", Path: "/api/v1/me/instructor", Token: drafty.Access}).expect(t, 200)
		e.do(req{Method: "POST", Path: "/api/v1/courses", Token: drafty.Access, Body: map[string]any{"title": "Unfinished"}}).expect(t, 201)
		me := e.do(req{Method: "GET", Path: "/api/v1/me", Token: drafty.Access}).expect(t, 200)
		e.do(req{Method: "GET", Path: "/api/v1/instructors/" + me.str("id")}).expect(t, 404)
	})
}
