package store_test

import (
	"slices"
	"testing"

	"github.com/lectern/lectern/internal/jobs"
	"github.com/lectern/lectern/internal/store"
)

func TestAdminCourses(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		mkCourse(t, db, ins.ID, "Go 100%", 0, store.CourseDraft)
		mkCourse(t, db, ins.ID, "Go Basics", 0, store.CoursePublished)
		mkCourse(t, db, ins.ID, "Rust Basics", 0, store.CoursePublished)
		all, err := db.AdminCourses(ctx, "", "", 0, 10)
		if err != nil || len(all) != 3 || all[0].Title != "Rust Basics" {
			t.Fatalf("AdminCourses = %v, %v; want all three, newest first", titles(all), err)
		}
		pub, err := db.AdminCourses(ctx, store.CoursePublished, "basics", 0, 10)
		if err != nil || len(pub) != 2 {
			t.Errorf("published basics = %v, %v", titles(pub), err)
		}
		// % is a LIKE wildcard and must match literally.
		pct, err := db.AdminCourses(ctx, "", "100%", 0, 10)
		if err != nil || len(pct) != 1 || pct[0].Title != "Go 100%" {
			t.Errorf("search 100%% = %v, %v", titles(pct), err)
		}
		// Pages follow the id cursor.
		var seen []string
		var after int64
		for range 5 {
			page, err := db.AdminCourses(ctx, "", "", after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			seen = append(seen, titles(page)...)
			after = page[len(page)-1].ID
		}
		if !slices.Equal(seen, []string{"Rust Basics", "Go Basics", "Go 100%"}) {
			t.Errorf("paged through %v", seen)
		}
		if got, err := db.AdminCourses(ctx, store.CoursePublished, "", all[0].ID, 10); err != nil || !slices.Equal(titles(got), []string{"Go Basics"}) {
			t.Errorf("published after the newest = %v, %v", titles(got), err)
		}
	})
}

type countedJob struct{}

func (countedJob) Kind() string { return "store_test_counted" }

func TestJobCounts(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if err := jobs.Migrate(ctx, db, quiet); err != nil {
			t.Fatal(err)
		}
		if got, err := db.JobCounts(ctx); err != nil || len(got) != 0 {
			t.Fatalf("JobCounts of an empty queue = %v, %v", got, err)
		}
		client, err := jobs.New(db, quiet, jobs.Options{}) // insert only
		if err != nil {
			t.Fatal(err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			for range 2 {
				if _, err := client.InsertTx(ctx, tx.SQL(), countedJob{}, nil); err != nil {
					return err
				}
			}
			return nil
		})
		got, err := db.JobCounts(ctx)
		if err != nil || got["available"] != 2 || len(got) != 1 {
			t.Errorf("JobCounts = %v, %v; want 2 available", got, err)
		}
	})
}

func titles(cs []*store.Course) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Title)
	}
	return out
}
