package store_test

import (
	"fmt"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestSearchSources(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		pub := mkCourse(t, db, ins.ID, "Published one", 0, store.CoursePublished)
		draft := mkCourse(t, db, ins.ID, "Draft one", 0, store.CourseDraft)
		pub2 := mkCourse(t, db, ins.ID, "Published two", 0, store.CoursePublished)
		inTx(t, db, func(tx *store.Tx) error {
			s1, err := tx.AddSection(ctx, pub.ID, "Basics")
			if err != nil {
				return err
			}
			s2, err := tx.AddSection(ctx, pub.ID, "Advanced")
			if err != nil {
				return err
			}
			for _, l := range []struct {
				sec   int64
				title string
			}{{s2.ID, "Closures"}, {s1.ID, "Hello"}, {s1.ID, "Variables"}} {
				if _, err := tx.AddLecture(ctx, l.sec, pub.ID, store.NewLecture{Title: l.title, Kind: store.LectureArticle}); err != nil {
					return err
				}
			}
			return nil
		})
		all, err := db.SearchSourcesAfter(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Course.ID != pub.ID || all[1].Course.ID != pub2.ID {
			t.Fatalf("published sources = %v", all)
		}
		if got := fmt.Sprint(all[0].Curriculum); got != "[Basics Hello Variables Advanced Closures]" {
			t.Errorf("curriculum = %s", got)
		}
		if page, _ := db.SearchSourcesAfter(ctx, pub.ID, 1); len(page) != 1 || page[0].Course.ID != pub2.ID {
			t.Errorf("after the first = %v", page)
		}
		byID, err := db.SearchSourcesByID(ctx, []int64{draft.ID, pub.ID, 999999})
		if err != nil || len(byID) != 2 || byID[0].Course.ID != pub.ID || byID[1].Course.Status != store.CourseDraft {
			t.Errorf("by id = %v, %v", byID, err)
		}
		cs, err := db.CoursesByIDs(ctx, []int64{pub2.ID, pub.ID})
		if err != nil || len(cs) != 2 || cs[0].Title != "Published one" {
			t.Errorf("courses by ids = %v, %v", cs, err)
		}
		if cs, err := db.CoursesByIDs(ctx, nil); err != nil || cs != nil {
			t.Errorf("no ids = %v, %v", cs, err)
		}
		// Cards are the same courses with the description left out.
		desc := "A long **description**."
		inTx(t, db, func(tx *store.Tx) error {
			_, err := tx.UpdateCourse(ctx, pub.ID, store.CourseUpdate{DescriptionMD: &desc})
			return err
		})
		full, err := db.CoursesByIDs(ctx, []int64{pub2.ID, pub.ID, 999999})
		if err != nil || len(full) != 2 || full[0].DescriptionMD != desc {
			t.Fatalf("courses by ids = %v, %v", full, err)
		}
		cards, err := db.CourseCardsByIDs(ctx, []int64{pub2.ID, pub.ID, 999999})
		if err != nil || len(cards) != 2 {
			t.Fatalf("cards by ids = %v, %v", cards, err)
		}
		for i, c := range cards {
			if c.DescriptionMD != "" {
				t.Errorf("card %d has a description %q", c.ID, c.DescriptionMD)
			}
			want := *full[i]
			want.DescriptionMD = ""
			if fmt.Sprintf("%+v", *c) != fmt.Sprintf("%+v", want) {
				t.Errorf("card %+v, want %+v", *c, want)
			}
		}
		if cs, err := db.CourseCardsByIDs(ctx, nil); err != nil || cs != nil {
			t.Errorf("no ids = %v, %v", cs, err)
		}
	})
}
