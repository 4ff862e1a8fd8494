package store_test

import (
	"errors"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestOutbox(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.EnqueueEmail(ctx, "a@x.io", "Welcome", "Hello A"); err != nil {
				return err
			}
			return tx.EnqueueEmail(ctx, "b@x.io", "Reset", "Hello B")
		})
		// An email enqueued in a rolled-back transaction is never sent.
		_ = db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.EnqueueEmail(ctx, "c@x.io", "Lost", "never"); err != nil {
				return err
			}
			return errors.New("roll back")
		})
		pending, err := db.PendingEmails(ctx, 10)
		if err != nil || len(pending) != 2 || pending[0].To != "a@x.io" || pending[1].Subject != "Reset" || pending[0].Attempts != 0 {
			t.Fatalf("PendingEmails = %+v, %v", pending, err)
		}
		if err := db.MarkEmailSent(ctx, pending[0].ID); err != nil {
			t.Fatal(err)
		}
		for range 10 {
			if err := db.MarkEmailFailed(ctx, pending[1].ID, "mailbox full"); err != nil {
				t.Fatal(err)
			}
		}
		// Sent, and failed ten times: neither is pending any more.
		if again, err := db.PendingEmails(ctx, 10); err != nil || len(again) != 0 {
			t.Errorf("PendingEmails after sending and giving up = %+v, %v", again, err)
		}
		got, err := db.EmailsTo(ctx, "b@x.io")
		if err != nil || len(got) != 1 || got[0].Body != "Hello B" || got[0].Attempts != 10 {
			t.Errorf("EmailsTo(b) = %+v, %v", got, err)
		}
		if got, err := db.EmailsTo(ctx, "c@x.io"); err != nil || len(got) != 0 {
			t.Errorf("EmailsTo(c) = %+v, %v; want none", got, err)
		}
	})
}
