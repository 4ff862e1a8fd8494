package store_test

import (
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestCategories(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if err := db.SeedCategories(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.SeedCategories(ctx); err != nil { // a second seed adds nothing
			t.Fatal(err)
		}
		cats, err := db.Categories(ctx)
		if err != nil || len(cats) != len(store.DefaultCategories) || cats[0].Slug != "development" || cats[0].Position != 1 {
			t.Fatalf("Categories after seeding = %+v, %v", cats, err)
		}
		var made *store.Category
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			made, err = tx.CreateCategory(ctx, "cooking", "Cooking", 0)
			if err != nil {
				return err
			}
			if _, err := tx.CreateCategory(ctx, "spare", "Spare", 99); err != nil {
				return err
			}
			return nil
		})
		err = db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateCategory(ctx, "cooking", "Again", 3)
			return err
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate slug: %v, want ErrConflict", err)
		}
		if got, _ := db.Categories(ctx); got[0].Slug != "cooking" {
			t.Errorf("position 0 sorts first: got %v first", got[0].Slug)
		}
		if c, err := db.CategoryBySlug(ctx, "cooking"); err != nil || c.ID != made.ID || c.Name != "Cooking" {
			t.Errorf("CategoryBySlug = %+v, %v", c, err)
		}
		if _, err := db.CategoryBySlug(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing slug: %v", err)
		}
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		course := mkCourse(t, db, ins.ID, "Knife Skills", 0, store.CourseDraft)
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.UpdateCategory(ctx, made.ID, "Cooking & Food", 50); err != nil {
				return err
			}
			if err := tx.UpdateCategory(ctx, 999999, "x", 1); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UpdateCategory of a missing one: %v", err)
			}
			_, err := tx.UpdateCourse(ctx, course.ID, store.CourseUpdate{CategoryID: ptr(&made.ID)})
			return err
		})
		if c, err := db.CategoryByID(ctx, made.ID); err != nil || c.Name != "Cooking & Food" || c.Position != 50 {
			t.Errorf("CategoryByID after update = %+v, %v", c, err)
		}
		if c, _ := db.CourseByID(ctx, course.ID); c.CategorySlug != "cooking" {
			t.Errorf("course category = %q", c.CategorySlug)
		}
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.DeleteCategory(ctx, made.ID); err != nil {
				return err
			}
			if err := tx.DeleteCategory(ctx, made.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second delete: %v", err)
			}
			return nil
		})
		if _, err := db.CategoryByID(ctx, made.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted category: %v", err)
		}
		if c, _ := db.CourseByID(ctx, course.ID); c.CategoryID != nil {
			t.Errorf("a deleted category's course keeps category %v", *c.CategoryID)
		}
	})
}
