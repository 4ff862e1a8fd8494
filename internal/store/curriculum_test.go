package store_test

import (
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

// outline is a curriculum as "section: lecture lecture | section: …".
func outline(secs []*store.Section) string {
	out := ""
	for i, s := range secs {
		if i > 0 {
			out += " | "
		}
		out += s.Title + ":"
		for _, l := range s.Lectures {
			out += " " + l.Title
		}
	}
	return out
}

func TestCurriculum(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Curriculum", 0, store.CourseDraft)
		var s1, s2 *store.Section
		var a, b, x *store.Lecture
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			if s1, err = tx.AddSection(ctx, c.ID, "Intro"); err != nil {
				return err
			}
			if s2, err = tx.AddSection(ctx, c.ID, "Deep"); err != nil {
				return err
			}
			if a, err = tx.AddLecture(ctx, s1.ID, c.ID, store.NewLecture{Title: "A", Kind: store.LectureArticle, BodyMD: "# A"}); err != nil {
				return err
			}
			if b, err = tx.AddLecture(ctx, s1.ID, c.ID, store.NewLecture{Title: "B", Kind: store.LectureVideo, IsPreview: true}); err != nil {
				return err
			}
			if x, err = tx.AddLecture(ctx, s2.ID, c.ID, store.NewLecture{Title: "X", Kind: store.LectureArticle}); err != nil {
				return err
			}
			secs, err := tx.Curriculum(ctx, c.ID)
			if err != nil || outline(secs) != "Intro: A B | Deep: X" {
				t.Errorf("tx.Curriculum = %q, %v", outline(secs), err)
			}
			return nil
		})
		if s1.Position != 1 || s2.Position != 2 || a.Position != 1 || b.Position != 2 || x.Position != 1 {
			t.Errorf("positions: sections %d %d, lectures %d %d %d", s1.Position, s2.Position, a.Position, b.Position, x.Position)
		}
		if a.BodyMD != "# A" || !b.IsPreview || b.Kind != store.LectureVideo || b.VideoID != nil || b.CourseID != c.ID || b.SectionID != s1.ID {
			t.Errorf("AddLecture = %+v, %+v", a, b)
		}
		if got, err := db.SectionByID(ctx, s2.ID); err != nil || got.Title != "Deep" || got.CourseID != c.ID || got.Position != 2 {
			t.Errorf("SectionByID = %+v, %v", got, err)
		}
		if _, err := db.SectionByID(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing section: %v", err)
		}
		if got, err := db.LectureByID(ctx, b.ID); err != nil || got.Title != "B" || !got.IsPreview {
			t.Errorf("LectureByID = %+v, %v", got, err)
		}
		if _, err := db.LectureByID(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing lecture: %v", err)
		}

		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.RenameSection(ctx, s2.ID, "Advanced"); err != nil {
				return err
			}
			if err := tx.RenameSection(ctx, 999999, "x"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RenameSection of a missing section: %v", err)
			}
			got, err := tx.UpdateLecture(ctx, a.ID, store.LectureUpdate{Title: ptr("A2"), IsPreview: ptr(true)})
			if err != nil || got.Title != "A2" || !got.IsPreview || got.BodyMD != "# A" {
				t.Errorf("UpdateLecture = %+v, %v", got, err)
			}
			if _, err := tx.UpdateLecture(ctx, 999999, store.LectureUpdate{Title: ptr("x")}); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UpdateLecture of a missing lecture: %v", err)
			}
			// Advanced first; B moves to it, after X.
			return tx.Reorder(ctx, c.ID, store.CurriculumOrder{
				{SectionID: s2.ID, LectureIDs: []int64{x.ID, b.ID}},
				{SectionID: s1.ID, LectureIDs: []int64{a.ID}},
			})
		})
		secs, err := db.Curriculum(ctx, c.ID)
		if err != nil || outline(secs) != "Advanced: X B | Intro: A2" {
			t.Fatalf("after rename, update and reorder: %q, %v", outline(secs), err)
		}
		if secs[0].Position != 1 || secs[0].Lectures[1].Position != 2 || secs[0].Lectures[1].SectionID != s2.ID {
			t.Errorf("reordered positions: %+v %+v", secs[0], secs[0].Lectures[1])
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.Reorder(ctx, c.ID, store.CurriculumOrder{{SectionID: 999999}})
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Reorder naming a missing section: %v", err)
		}

		// Durations add up; deleting renumbers what is left.
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.SQL().ExecContext(ctx, `UPDATE lectures SET duration_s = 60 WHERE course_id = $1`, c.ID); err != nil {
				return err
			}
			if err := tx.RecomputeCourseDuration(ctx, c.ID); err != nil {
				return err
			}
			got, err := tx.CourseByID(ctx, c.ID)
			if err != nil || got.TotalDurationS != 180 {
				t.Errorf("after RecomputeCourseDuration: %d, %v; want 180", got.TotalDurationS, err)
			}
			xl, err := db.LectureByID(ctx, x.ID)
			if err != nil {
				return err
			}
			if err := tx.DeleteLecture(ctx, xl); err != nil {
				return err
			}
			if err := tx.DeleteLecture(ctx, xl); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second DeleteLecture: %v", err)
			}
			if err := tx.DeleteSection(ctx, s2.ID, c.ID); err != nil {
				return err
			}
			if err := tx.DeleteSection(ctx, s2.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second DeleteSection: %v", err)
			}
			return nil
		})
		secs, _ = db.Curriculum(ctx, c.ID)
		if outline(secs) != "Intro: A2" || secs[0].Position != 1 || secs[0].Lectures[0].Position != 1 {
			t.Errorf("after deletes: %q, section position %d", outline(secs), secs[0].Position)
		}
		if _, err := db.LectureByID(ctx, b.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a deleted section's lecture: %v", err)
		}
		if got, _ := db.CourseByID(ctx, c.ID); got.TotalDurationS != 60 {
			t.Errorf("course duration after deletes = %d, want 60", got.TotalDurationS)
		}
	})
}
