package store_test

// The shared setup of the store suite: every test runs once per dialect
// (SQLite, and PostgreSQL when LECTERN_TEST_POSTGRES_URL is set) on a fresh,
// migrated database, and builds its rows with the helpers below.

import (
	"context"
	"log/slog"
	"testing"

	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

var quiet = slog.New(slog.DiscardHandler)

// open connects to target and applies every migration.
func open(t *testing.T, target testdb.Target) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, target.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, quiet); err != nil {
		t.Fatal(err)
	}
	return db
}

// each runs fn once per dialect with a fresh database.
func each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		fn(t, open(t, target))
	})
}

// inTx runs fn in a write transaction and fails the test if it fails.
func inTx(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.InTx(t.Context(), fn); err != nil {
		t.Fatal(err)
	}
}

func mkUser(t *testing.T, db *store.DB, email string, roles ...string) *store.User {
	t.Helper()
	u, err := db.CreateUser(t.Context(), store.NewUser{Email: email, Name: "Name of " + email, PasswordHash: "hash", Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// mkCourse creates a course by instructor in status, priced in USD cents.
func mkCourse(t *testing.T, db *store.DB, instructorID int64, title string, priceCents int64, status string) *store.Course {
	t.Helper()
	var c *store.Course
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		c, err = tx.CreateCourse(t.Context(), store.NewCourse{InstructorID: instructorID, Slug: slugOf(title), Title: title,
			Language: "en", Level: "all", PriceCents: priceCents, Currency: "USD"})
		if err != nil || status == store.CourseDraft {
			return err
		}
		c, err = tx.SetCourseStatus(t.Context(), c.ID, status)
		return err
	})
	return c
}

func slugOf(title string) string {
	b := []byte{}
	for _, r := range title {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
		default:
			if len(b) > 0 && b[len(b)-1] != '-' {
				b = append(b, '-')
			}
		}
	}
	return string(b)
}

// mkLecture adds a section and one lecture of kind to course.
func mkLecture(t *testing.T, db *store.DB, courseID int64, kind string, preview bool) (*store.Section, *store.Lecture) {
	t.Helper()
	var s *store.Section
	var l *store.Lecture
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		if s, err = tx.AddSection(t.Context(), courseID, "Section"); err != nil {
			return err
		}
		l, err = tx.AddLecture(t.Context(), s.ID, courseID, store.NewLecture{Title: "Lecture", Kind: kind, IsPreview: preview})
		return err
	})
	return s, l
}

// mkPaidOrder makes a paid order of user for courses at their prices, with
// the instructor's share set to 70%.
func mkPaidOrder(t *testing.T, db *store.DB, userID int64, paymentRef string, courses ...*store.Course) *store.Order {
	t.Helper()
	var o *store.Order
	inTx(t, db, func(tx *store.Tx) error {
		no := store.NewOrder{UserID: userID, Currency: "USD", Provider: "fake"}
		for _, c := range courses {
			no.Items = append(no.Items, store.OrderItem{CourseID: c.ID, ListPriceCents: c.PriceCents, PriceCents: c.PriceCents, InstructorID: c.InstructorID})
			no.SubtotalCents += c.PriceCents
		}
		no.TotalCents = no.SubtotalCents
		var err error
		if o, err = tx.CreateOrder(t.Context(), no); err != nil {
			return err
		}
		if _, err := tx.MarkOrderPaid(t.Context(), o.ID, paymentRef); err != nil {
			return err
		}
		for _, c := range courses {
			share := c.PriceCents * 7 / 10
			if err := tx.SetItemShares(t.Context(), o.ID, c.ID, share, c.PriceCents-share); err != nil {
				return err
			}
			if _, err := tx.Enroll(t.Context(), userID, c.ID, store.EnrollPurchase, &o.ID); err != nil {
				return err
			}
		}
		o, err = tx.OrderByID(t.Context(), o.ID)
		return err
	})
	return o
}

func ptr[T any](v T) *T { return &v }

// mkUpload starts an upload of a video for lecture.
func mkUpload(t *testing.T, db *store.DB, ownerID, lectureID int64, uploadID string) *store.Video {
	t.Helper()
	var v *store.Video
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		v, err = tx.CreateUpload(t.Context(), ownerID, lectureID, uploadID, uploadID+".mp4", 1234)
		return err
	})
	return v
}
