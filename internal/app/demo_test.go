package app_test

import (
	"context"
	"testing"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// Seeding the demo twice changes nothing, on both databases; generated
// courses come on top.
func TestSeedDemoTwice(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		count := func() (int, int, int) {
			page, err := a.Catalog.Search(ctx, store.CourseQuery{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			enrolled, reviews := 0, 0
			for _, c := range page.Items {
				enrolled += c.EnrollmentCount
				reviews += c.RatingCount
			}
			return len(page.Items), enrolled, reviews
		}
		if err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		courses, enrolled, reviews := count()
		if courses < 20 || enrolled < courses*5 || reviews < courses*3 {
			t.Fatalf("demo: %d courses, %d enrolments, %d reviews; want about two dozen courses, each with students and reviews", courses, enrolled, reviews)
		}
		if err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		if c2, e2, r2 := count(); c2 != courses || e2 != enrolled || r2 != reviews {
			t.Errorf("seeding again: %d/%d/%d, first %d/%d/%d", c2, e2, r2, courses, enrolled, reviews)
		}
		featured, err := a.Catalog.Search(ctx, store.CourseQuery{Limit: 50, Featured: true})
		if err == nil && len(featured.Items) == 0 {
			t.Error("no demo course is featured")
		}
		if err := a.AddGeneratedCourses(ctx, 30); err != nil {
			t.Fatal(err)
		}
		page, err := a.Catalog.Search(ctx, store.CourseQuery{Limit: 50})
		if err != nil || len(page.Items) != 50 || page.Next == nil {
			t.Errorf("after adding 30 generated courses the first page has %d courses (next %v): %v", len(page.Items), page.Next, err)
		}
	})
}
