package store_test

import (
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

// Orphans are videos no lecture holds; only those older than the cutoff and
// not being uploaded or processed are listed, counted and deleted.
func TestOrphanVideos(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		c := mkCourse(t, db, ins.ID, "Videos", 0, store.CourseDraft)
		_, kept := mkLecture(t, db, c.ID, store.LectureVideo, false)
		_, gone := mkLecture(t, db, c.ID, store.LectureVideo, false)
		held := mkUpload(t, db, ins.ID, kept.ID, "held")
		orphan := mkUpload(t, db, ins.ID, gone.ID, "orphan")
		uploading := mkUpload(t, db, ins.ID, gone.ID, "uploading")
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.MarkUploaded(ctx, orphan.ID, "sources/x"); err != nil {
				return err
			}
			if _, err := tx.MarkUploaded(ctx, held.ID, "sources/y"); err != nil {
				return err
			}
			return tx.DeleteLecture(ctx, gone)
		})
		later := time.Now().Add(time.Hour)
		if n, err := db.CountVideos(ctx, store.VideoQueued); err != nil || n != 1 {
			t.Errorf("CountVideos(queued) = %d, %v; want only the lecture's video", n, err)
		}
		if n, err := db.CountOrphanVideos(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Errorf("orphans older than an hour = %d, %v", n, err)
		}
		list, err := db.OrphanVideos(ctx, later)
		if err != nil || len(list) != 1 || list[0].ID != orphan.ID {
			t.Fatalf("OrphanVideos = %+v, %v; want the queued orphan only (not the upload in progress %d)", list, err, uploading.ID)
		}
		if n, err := db.CountOrphanVideos(ctx, later); err != nil || n != 1 {
			t.Errorf("CountOrphanVideos = %d, %v", n, err)
		}
		if ok, err := db.DeleteOrphanVideo(ctx, held.ID, later); err != nil || ok {
			t.Errorf("DeleteOrphanVideo of a lecture's video = %v, %v", ok, err)
		}
		if ok, err := db.DeleteOrphanVideo(ctx, orphan.ID, time.Now().Add(-time.Hour)); err != nil || ok {
			t.Errorf("DeleteOrphanVideo of an orphan younger than the cutoff = %v, %v", ok, err)
		}
		if ok, err := db.DeleteOrphanVideo(ctx, orphan.ID, later); err != nil || !ok {
			t.Errorf("DeleteOrphanVideo = %v, %v", ok, err)
		}
		if _, err := db.VideoByID(ctx, held.ID); err != nil {
			t.Errorf("the lecture's video went: %v", err)
		}
	})
}

// The overview's figures are the plain counts of their tables.
func TestAdminOverview(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "Paid", 1500, store.CoursePublished)
		mkCourse(t, db, ins.ID, "Draft", 0, store.CourseDraft)
		mkPaidOrder(t, db, stu.ID, "pay_1", c)
		inTx(t, db, func(tx *store.Tx) error {
			r, _, err := tx.UpsertReview(ctx, c.ID, stu.ID, 1, "bad", store.ReviewFlagged, "reported")
			if err != nil {
				return err
			}
			if _, _, err := tx.AddReport(ctx, r.ID, ins.ID, "spam link"); err != nil {
				return err
			}
			if got, err := tx.FirstReportReason(ctx, r.ID); err != nil || got != "spam link" {
				t.Errorf("FirstReportReason = %q, %v", got, err)
			}
			if got, err := tx.FirstReportReason(ctx, 1<<40); err != nil || got != "" {
				t.Errorf("FirstReportReason of an unreported review = %q, %v", got, err)
			}
			return nil
		})
		_, l := mkLecture(t, db, c.ID, "video", false)
		inTx(t, db, func(tx *store.Tx) error {
			if _, err := tx.AddPost(ctx, store.Post{CourseID: c.ID, LectureID: l.ID, UserID: stu.ID, Title: "Flagged?", Body: "b", Status: store.ReviewFlagged}); err != nil {
				return err
			}
			q, err := tx.AddPost(ctx, store.Post{CourseID: c.ID, LectureID: l.ID, UserID: stu.ID, Title: "Reported?", Body: "b", Status: store.ReviewVisible})
			if err != nil {
				return err
			}
			_, _, err = tx.AddPostReport(ctx, q, ins.ID, "rude")
			return err
		})
		day := time.Now().Add(-time.Hour)
		o, err := db.AdminOverview(ctx, day, day.Add(-30*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if o.Users != 2 || o.NewUsersToday != 2 || o.NewUsers30d != 2 || o.PendingModeration != 1 || o.PublishedCourses != 1 || o.DraftCourses != 1 ||
			o.FlaggedPosts != 1 || o.ReportedPosts != 1 {
			t.Errorf("overview = %+v", o)
		}
		if len(o.SalesToday) != 1 || o.SalesToday[0].TotalCents != 1500 || o.SalesToday[0].Orders != 1 || o.SalesToday[0].Currency != "USD" {
			t.Errorf("sales today = %+v", o.SalesToday)
		}
		if o, _ := db.AdminOverview(ctx, time.Now().Add(time.Hour), time.Now().Add(time.Hour)); len(o.SalesToday) != 0 || o.NewUsersToday != 0 {
			t.Errorf("overview from the future = %+v", o)
		}
	})
}
