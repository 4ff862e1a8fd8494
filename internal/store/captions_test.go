package store_test

import (
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestCaptions(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Captioned", 0, store.CourseDraft)
		_, l := mkLecture(t, db, c.ID, store.LectureVideo, false)
		v := mkUpload(t, db, ins.ID, l.ID, "up-1")
		for _, cap := range []store.Caption{
			{VideoID: v.ID, Language: "fr", Label: "Français", Key: "k/fr-1.vtt"},
			{VideoID: v.ID, Language: "en", Label: "English", Key: "k/en.vtt"},
			{VideoID: v.ID, Language: "fr", Label: "French", Key: "k/fr-2.vtt"}, // replaces the first
		} {
			if err := db.PutCaption(ctx, cap); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Captions(ctx, v.ID)
		want := []store.Caption{{VideoID: v.ID, Language: "en", Label: "English", Key: "k/en.vtt"}, {VideoID: v.ID, Language: "fr", Label: "French", Key: "k/fr-2.vtt"}}
		if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("Captions = %+v, %v; want %+v", got, err, want)
		}
		if err := db.DeleteCaption(ctx, v.ID, "en"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteCaption(ctx, v.ID, "en"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second delete: %v", err)
		}
		if got, err := db.Captions(ctx, v.ID); err != nil || len(got) != 1 || got[0].Language != "fr" {
			t.Errorf("Captions after delete = %+v, %v", got, err)
		}
	})
}
