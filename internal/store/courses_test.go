package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestCourseLifecycle(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		other := mkUser(t, db, "o@x.io", store.RoleInstructor)
		var c, twin *store.Course
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			nc := store.NewCourse{InstructorID: ins.ID, Slug: "go", Title: "Go", Language: "en", Level: "beginner", PriceCents: 1999, Currency: "USD"}
			if c, err = tx.CreateCourse(ctx, nc); err != nil {
				return err
			}
			if twin, err = tx.CreateCourse(ctx, nc); err != nil {
				return err
			}
			got, err := tx.CourseByID(ctx, c.ID)
			if err != nil || got.Slug != "go" || got.Title != "Go" {
				t.Errorf("tx.CourseByID = %+v, %v", got, err)
			}
			return nil
		})
		if c.Status != store.CourseDraft || c.InstructorName != ins.Name || c.PriceCents != 1999 || c.PublishedAt != nil || twin.Slug != "go-2" {
			t.Fatalf("CreateCourse = %+v and %+v", c, twin)
		}
		if got, err := db.CourseBySlug(ctx, "go-2"); err != nil || got.ID != twin.ID {
			t.Errorf("CourseBySlug = %+v, %v", got, err)
		}
		if _, err := db.CourseBySlug(ctx, "go-3"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing slug: %v", err)
		}
		mkCourse(t, db, other.ID, "Someone else's", 0, store.CourseDraft)
		mine, err := db.CoursesByInstructor(ctx, ins.ID)
		if err != nil || len(mine) != 2 || mine[0].ID != twin.ID || mine[1].ID != c.ID {
			t.Errorf("CoursesByInstructor = %v, %v; want go-2 then go", titles(mine), err)
		}

		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.UpdateCourse(ctx, c.ID, store.CourseUpdate{Title: ptr("Go in Depth"), PriceCents: ptr(int64(2999)), Level: ptr("advanced")})
			if err != nil || got.Title != "Go in Depth" || got.PriceCents != 2999 || got.Level != "advanced" || got.Subtitle != "" || got.Slug != "go" {
				t.Errorf("UpdateCourse = %+v, %v", got, err)
			}
			if _, err := tx.UpdateCourse(ctx, 999999, store.CourseUpdate{Title: ptr("x")}); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UpdateCourse of a missing course: %v", err)
			}
			if _, err := tx.SetCourseStatus(ctx, 999999, store.CoursePublished); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetCourseStatus of a missing course: %v", err)
			}
			return nil
		})

		// The first publication's time is kept through unpublish/publish.
		var first time.Time
		inTx(t, db, func(tx *store.Tx) error {
			got, err := tx.SetCourseStatus(ctx, c.ID, store.CoursePublished)
			if err != nil || got.Status != store.CoursePublished || got.PublishedAt == nil {
				t.Fatalf("publish = %+v, %v", got, err)
			}
			first = *got.PublishedAt
			return nil
		})
		time.Sleep(2 * time.Millisecond)
		inTx(t, db, func(tx *store.Tx) error {
			if got, err := tx.SetCourseStatus(ctx, c.ID, store.CourseUnlisted); err != nil || got.Status != store.CourseUnlisted {
				t.Errorf("unlist = %+v, %v", got, err)
			}
			got, err := tx.SetCourseStatus(ctx, c.ID, store.CoursePublished)
			if err != nil || !got.PublishedAt.Equal(first) {
				t.Errorf("republished at %v, first published at %v (%v)", got.PublishedAt, first, err)
			}
			return tx.SetCourseFeatured(ctx, c.ID, true)
		})
		if got, _ := db.CourseByID(ctx, c.ID); got.FeaturedAt == nil {
			t.Error("SetCourseFeatured(true) left FeaturedAt nil")
		}
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.SetCourseFeatured(ctx, 999999, true); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetCourseFeatured of a missing course: %v", err)
			}
			return tx.SetCourseFeatured(ctx, c.ID, false)
		})
		if got, _ := db.CourseByID(ctx, c.ID); got.FeaturedAt != nil {
			t.Error("SetCourseFeatured(false) kept FeaturedAt")
		}

		if err := db.SetRatingForTest(ctx, "Go in Depth", 4.5, 12); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.CourseByID(ctx, c.ID); got.RatingAvg != 4.5 || got.RatingCount != 12 {
			t.Errorf("after SetRatingForTest: %v, %d", got.RatingAvg, got.RatingCount)
		}
		if err := db.SetRatingForTest(ctx, "No such title", 1, 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetRatingForTest of a missing title: %v", err)
		}

		// Deleting a course takes its curriculum and its search entry.
		s, l := mkLecture(t, db, c.ID, store.LectureArticle, false)
		if page, _ := db.SearchCourses(ctx, store.CourseQuery{Q: "depth", Limit: 10}); len(page.Items) != 1 {
			t.Fatalf("search before delete found %d", len(page.Items))
		}
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.DeleteCourse(ctx, c.ID); err != nil {
				return err
			}
			if err := tx.DeleteCourse(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second delete: %v", err)
			}
			return nil
		})
		if _, err := db.CourseByID(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted course: %v", err)
		}
		if _, err := db.SectionByID(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted course's section: %v", err)
		}
		if _, err := db.LectureByID(ctx, l.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted course's lecture: %v", err)
		}
		if page, err := db.SearchCourses(ctx, store.CourseQuery{Q: "depth", Limit: 10}); err != nil || len(page.Items) != 0 {
			t.Errorf("search after delete = %v, %v", page, err)
		}
	})
}

func TestSearchIndexFollowsInstructorAndBulkLoads(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		mkCourse(t, db, ins.ID, "Pottery", 0, store.CoursePublished)
		found := func(q string) int {
			t.Helper()
			page, err := db.SearchCourses(ctx, store.CourseQuery{Q: q, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			return len(page.Items)
		}
		if _, err := db.UpdateProfile(ctx, ins.ID, store.ProfileUpdate{Name: ptr("Zelda Quartz")}); err != nil {
			t.Fatal(err)
		}
		if n := found("quartz"); n != 0 {
			t.Fatalf("found the new name before re-indexing: %d", n)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.ReindexInstructorCourses(ctx, ins.ID) })
		if n := found("quartz"); n != 1 {
			t.Errorf("search by the instructor's new name found %d, want 1", n)
		}

		bulk := []store.BulkCourse{
			{NewCourse: store.NewCourse{InstructorID: ins.ID, Slug: "bulk-1", Title: "Glassblowing One", Language: "en", Level: "all", Currency: "USD"},
				PublishedAt: time.Now().Add(-time.Hour), RatingAvg: 4.2, RatingCount: 10, Enrollments: 7},
			{NewCourse: store.NewCourse{InstructorID: ins.ID, Slug: "bulk-2", Title: "Glassblowing Two", Language: "en", Level: "all", PriceCents: 500, Currency: "USD"},
				PublishedAt: time.Now().Add(-2 * time.Hour)},
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertPublishedCoursesNoIndex(ctx, bulk) })
		c, err := db.CourseBySlug(ctx, "bulk-1")
		if err != nil || c.Status != store.CoursePublished || c.EnrollmentCount != 7 || c.RatingAvg != 4.2 || c.PublishedAt == nil {
			t.Fatalf("bulk course = %+v, %v", c, err)
		}
		if n := found("glassblowing"); n != 0 {
			t.Fatalf("bulk courses are searchable before ReindexAll: %d", n)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.ReindexAll(ctx) })
		if n := found("glassblowing"); n != 2 {
			t.Errorf("after ReindexAll found %d, want 2", n)
		}
		if n := found("pottery"); n != 1 {
			t.Errorf("ReindexAll lost an existing course: %d", n)
		}
	})
}

// Analyze leaves the planner statistics it is for.
func TestAnalyze(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		mkCourse(t, db, ins.ID, "One", 0, store.CoursePublished)
		mkCourse(t, db, ins.ID, "Two", 0, store.CoursePublished)
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		q := `SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'courses'`
		if db.Dialect == store.Postgres {
			q = `SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE c.relname = 'courses' AND n.nspname = current_schema() AND c.reltuples = 2`
		}
		var n int
		if err := db.WritePool().QueryRowContext(ctx, q).Scan(&n); err != nil || n == 0 {
			t.Errorf("no statistics for courses after Analyze: %d, %v", n, err)
		}
	})
}
