package store_test

import (
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestAnnouncements(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		a1, a2, gone := mkUser(t, db, "a1@x.io"), mkUser(t, db, "a2@x.io"), mkUser(t, db, "gone@x.io")
		c := mkCourse(t, db, ins.ID, "Announced", 0, store.CoursePublished)
		other := mkCourse(t, db, ins.ID, "Other", 0, store.CoursePublished)
		inTx(t, db, func(tx *store.Tx) error {
			for _, u := range []*store.User{a1, a2, gone} {
				if _, err := tx.Enroll(ctx, u.ID, c.ID, "free", nil); err != nil {
					return err
				}
			}
			_, err := tx.SetDisabled(ctx, gone.ID, true)
			return err
		})
		var first, second *store.Announcement
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			if first, err = tx.CreateAnnouncement(ctx, c.ID, ins.ID, "One", "Body *one*"); err != nil {
				return err
			}
			second, err = tx.CreateAnnouncement(ctx, c.ID, ins.ID, "Two", "Body two")
			return err
		})
		if first.AuthorName != ins.Name || first.Title != "One" || first.EmailedAt != nil || first.Delivered != 0 {
			t.Errorf("CreateAnnouncement = %+v", first)
		}
		list, err := db.CourseAnnouncements(ctx, c.ID, 0, 10)
		if err != nil || len(list) != 2 || list[0].ID != second.ID {
			t.Fatalf("CourseAnnouncements = %v, %v; newest first", list, err)
		}
		if page, _ := db.CourseAnnouncements(ctx, c.ID, second.ID, 10); len(page) != 1 || page[0].ID != first.ID {
			t.Errorf("the page after the newest = %v", page)
		}
		if none, _ := db.CourseAnnouncements(ctx, other.ID, 0, 10); len(none) != 0 {
			t.Errorf("another course's announcements = %v", none)
		}

		// Recipients page by user id; a delivery is claimed once.
		inTx(t, db, func(tx *store.Tx) error {
			page, err := tx.UndeliveredRecipients(ctx, first.ID, c.ID, 0, 1)
			if err != nil || len(page) != 1 || page[0].UserID != a1.ID || page[0].Email != "a1@x.io" {
				t.Errorf("first page = %+v, %v", page, err)
			}
			if ok, err := tx.RecordDelivery(ctx, first.ID, a1.ID); err != nil || !ok {
				t.Errorf("RecordDelivery = %v, %v", ok, err)
			}
			if ok, err := tx.RecordDelivery(ctx, first.ID, a1.ID); err != nil || ok {
				t.Errorf("RecordDelivery again = %v, %v; want false", ok, err)
			}
			rest, err := tx.UndeliveredRecipients(ctx, first.ID, c.ID, 0, 10)
			if err != nil || len(rest) != 1 || rest[0].UserID != a2.ID {
				t.Errorf("undelivered after one = %+v, %v (the disabled student is left out)", rest, err)
			}
			if after, _ := tx.UndeliveredRecipients(ctx, first.ID, c.ID, a2.ID, 10); len(after) != 0 {
				t.Errorf("after the last id = %+v", after)
			}
			return nil
		})
		if err := db.MarkAnnouncementEmailed(ctx, first.ID); err != nil {
			t.Fatal(err)
		}
		got, err := db.AnnouncementByID(ctx, first.ID)
		if err != nil || got.Delivered != 1 || got.EmailedAt == nil {
			t.Errorf("AnnouncementByID = %+v, %v", got, err)
		}
		if _, err := db.AnnouncementByID(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a missing announcement: %v", err)
		}
	})
}
