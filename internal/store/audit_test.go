package store_test

import (
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
