package store_test

import (
	"strconv"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestAuditLog(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		admin := mkUser(t, db, "admin@x.io", store.RoleAdmin)
		inTx(t, db, func(tx *store.Tx) error {
			for _, subject := range []string{"user:1", "user:2", "course:3"} {
				if err := tx.Audit(ctx, admin.ID, "disable", subject, "why "+subject); err != nil {
					return err
				}
			}
			return nil
		})
		all, err := db.AuditEntries(ctx, 10)
		if err != nil || len(all) != 3 {
			t.Fatalf("AuditEntries = %+v, %v", all, err)
		}
		first := all[0]
		if first.Subject != "course:3" || first.ActorID != admin.ID || first.ActorName != admin.Name || first.Action != "disable" ||
			first.Detail != "why course:3" || first.At.IsZero() {
			t.Errorf("newest entry = %+v", first)
		}
		page, err := db.AuditPage(ctx, all[0].ID, 1)
		if err != nil || len(page) != 1 || page[0].Subject != "user:2" {
			t.Errorf("AuditPage before the newest = %+v, %v", page, err)
		}
		page, err = db.AuditPage(ctx, all[2].ID, 10)
		if err != nil || len(page) != 0 {
			t.Errorf("AuditPage before the oldest = %+v, %v", page, err)
		}
	})
}

// The audit log filters by action, by actor and by user (by them or about
// them), and names what each entry is about.
func TestAuditFind(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		admin := mkUser(t, db, "admin@x.io", store.RoleAdmin)
		other := mkUser(t, db, "other@x.io", store.RoleAdmin)
		target := mkUser(t, db, "t@x.io")
		c := mkCourse(t, db, admin.ID, "Named Course", 0, store.CoursePublished)
		inTx(t, db, func(tx *store.Tx) error {
			for _, e := range []struct {
				by      int64
				action  string
				subject string
			}{{admin.ID, "user.disable", "user:" + strconv.FormatInt(target.ID, 10)}, {other.ID, "course.feature", "course:" + strconv.FormatInt(c.ID, 10)},
				{admin.ID, "videos.clean_orphans", "videos"}} {
				if err := tx.Audit(ctx, e.by, e.action, e.subject, ""); err != nil {
					return err
				}
			}
			return nil
		})
		all, err := db.AuditFind(ctx, store.AuditQuery{Limit: 10})
		if err != nil || len(all) != 3 || all[1].SubjectName != "Named Course" || all[2].SubjectName != target.Name || all[0].SubjectName != "" {
			t.Fatalf("AuditFind = %+v, %v", all, err)
		}
		if got, err := db.AuditFind(ctx, store.AuditQuery{Limit: 10, Action: "course.feature"}); err != nil || len(got) != 1 || got[0].ActorID != other.ID {
			t.Errorf("by action = %+v, %v", got, err)
		}
		if got, err := db.AuditFind(ctx, store.AuditQuery{Limit: 10, ActorID: admin.ID}); err != nil || len(got) != 2 {
			t.Errorf("by actor = %+v, %v", got, err)
		}
		if got, err := db.AuditFind(ctx, store.AuditQuery{Limit: 10, UserID: target.ID}); err != nil || len(got) != 1 || got[0].Action != "user.disable" {
			t.Errorf("about a user = %+v, %v", got, err)
		}
	})
}
