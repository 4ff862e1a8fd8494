package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// consoleUsers makes a teacher, a student, another instructor and an admin.
func consoleUsers(t *testing.T, e *env) (teacher, student, other, root *store.User) {
	t.Helper()
	mk := func(email string, roles ...string) *store.User {
		u, err := e.app.CreateUser(context.Background(), email, "service pass 42", "User "+email, append([]string{store.RoleStudent}, roles...), true)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	return mk("t@x.io", store.RoleInstructor), mk("s@x.io"), mk("o@x.io", store.RoleInstructor), mk("r@x.io", store.RoleAdmin)
}

func fields(list []apperr.FieldError) map[string]bool {
	out := map[string]bool{}
	for _, f := range list {
		out[f.Field] = true
	}
	return out
}

// The publish checklist says what Publish would refuse, item by item, and
// shrinks as the instructor fixes each thing; only editors may read it.
func TestPublishChecklist(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		teacher, student, other, root := consoleUsers(t, e)
		c, err := a.Catalog.Create(ctx, teacher, catalog.CourseInput{Title: ptr("Checklist Course")})
		if err != nil {
			t.Fatal(err)
		}
		list, err := a.Catalog.PublishChecklist(ctx, teacher, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := fields(list)
		if !got["description_md"] || !got["curriculum"] || got["title"] {
			t.Errorf("checklist of an empty course = %v", list)
		}
		_, perr := a.Catalog.Publish(ctx, teacher, c.ID)
		if pe, ok := apperr.As(perr); !ok || len(pe.Fields) != len(list) {
			t.Errorf("Publish refuses with %v; the checklist says %v", perr, list)
		}
		for _, u := range []*store.User{student, other} {
			if _, err := a.Catalog.PublishChecklist(ctx, u, c.ID); code(err) != "not_found" {
				t.Errorf("%s reads a draft's checklist: %v", u.Email, err)
			}
		}
		if _, err := a.Catalog.PublishChecklist(ctx, root, c.ID); err != nil {
			t.Errorf("an admin reads the checklist: %v", err)
		}

		if _, err := a.Catalog.Update(ctx, teacher, c.ID, catalog.CourseInput{DescriptionMD: ptr("What you will learn.")}); err != nil {
			t.Fatal(err)
		}
		sec, err := a.Catalog.AddSection(ctx, teacher, c.ID, "Start")
		if err != nil {
			t.Fatal(err)
		}
		lec, err := a.Catalog.AddLecture(ctx, teacher, sec.ID, catalog.LectureInput{Title: ptr("Notes"), Kind: ptr("article")})
		if err != nil {
			t.Fatal(err)
		}
		list, _ = a.Catalog.PublishChecklist(ctx, teacher, c.ID)
		if got := fields(list); got["description_md"] || got["curriculum"] || len(list) != 1 {
			t.Errorf("checklist after the description and an empty article = %v", list)
		}
		if _, err := a.Catalog.UpdateLecture(ctx, teacher, lec.ID, catalog.LectureInput{BodyMD: ptr("Words.")}); err != nil {
			t.Fatal(err)
		}
		if list, err := a.Catalog.PublishChecklist(ctx, teacher, c.ID); err != nil || len(list) != 0 {
			t.Errorf("checklist of a ready course = %v, %v", list, err)
		}
		if got, _ := a.DB.CourseByID(ctx, c.ID); got.Status != store.CourseDraft {
			t.Errorf("reading the checklist changed the status to %s", got.Status)
		}
		if _, err := a.Catalog.Publish(ctx, teacher, c.ID); err != nil {
			t.Errorf("publishing what the checklist calls ready: %v", err)
		}
	})
}

// A disabled coupon stops working at checkout at once, keeps its
// redemptions, and only its course's editors (or an admin) may disable it.
func TestCouponDisable(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		teacher, student, other, root := consoleUsers(t, e)
		c, err := a.Catalog.Create(ctx, teacher, catalog.CourseInput{Title: ptr("Coupon Course"), DescriptionMD: ptr("Learn."), PriceCents: ptr(int64(2000))})
		if err != nil {
			t.Fatal(err)
		}
		sec, _ := a.Catalog.AddSection(ctx, teacher, c.ID, "One")
		if _, err := a.Catalog.AddLecture(ctx, teacher, sec.ID, catalog.LectureInput{Title: ptr("Read"), Kind: ptr("article"), BodyMD: ptr("Text.")}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog.Publish(ctx, teacher, c.ID); err != nil {
			t.Fatal(err)
		}
		coupon, err := a.Commerce.CreateCoupon(ctx, teacher, &c.ID, commerce.CouponInput{Code: "HALF", PercentOff: ptr(50)})
		if err != nil {
			t.Fatal(err)
		}
		o, err := a.Commerce.Checkout(ctx, student, []int64{c.ID}, "half")
		if err != nil || o.TotalCents != 1000 {
			t.Fatalf("checkout with the coupon: %v %+v", err, o)
		}
		if _, err := a.Commerce.PayLocal(ctx, student, o.ID, true); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*store.User{student, other} {
			if _, err := a.Commerce.DisableCoupon(ctx, u, coupon.ID); code(err) != "forbidden" {
				t.Errorf("%s disables the coupon: %v", u.Email, err)
			}
		}
		if _, err := a.Commerce.DisableCoupon(ctx, teacher, 1<<40); code(err) != "not_found" {
			t.Errorf("disabling no coupon: %v", err)
		}
		got, err := a.Commerce.DisableCoupon(ctx, teacher, coupon.ID)
		if err != nil || got.DisabledAt == nil || got.Redemptions != 1 {
			t.Fatalf("disable: %v %+v", err, got)
		}
		buyer, _ := a.CreateUser(ctx, "b@x.io", "service pass 42", "Buyer", []string{store.RoleStudent}, true)
		_, err = a.Commerce.Checkout(ctx, buyer, []int64{c.ID}, "HALF")
		if pe, ok := apperr.As(err); !ok || len(pe.Fields) != 1 || pe.Fields[0].Field != "coupon" {
			t.Errorf("checkout with a disabled coupon: %v", err)
		}
		list, err := a.Commerce.Coupons(ctx, teacher, c.ID)
		if err != nil || len(list) != 1 || list[0].DisabledAt == nil || list[0].Redemptions != 1 {
			t.Errorf("coupons after disabling: %v %+v", err, list)
		}
		// A site-wide coupon is an admin's; an admin disabling it is audited.
		site, err := a.Commerce.CreateCoupon(ctx, root, nil, commerce.CouponInput{Code: "SITE10", PercentOff: ptr(10)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Commerce.DisableCoupon(ctx, teacher, site.ID); code(err) != "not_found" {
			t.Errorf("an instructor disables a site-wide coupon: %v", err)
		}
		if _, err := a.Commerce.DisableCoupon(ctx, root, site.ID); err != nil {
			t.Errorf("an admin disables a site-wide coupon: %v", err)
		}
		entries, _ := a.DB.AuditEntries(ctx, 5)
		if len(entries) == 0 || entries[0].Action != "coupon.disable" {
			t.Errorf("audit after an admin disabled a coupon: %+v", entries)
		}
	})
}

// The admin's cleanup deletes only videos that belong to no lecture and are
// older than a day, files and rows; the dashboard counts what SQL counts;
// a flagged review keeps the first report's reason.
func TestAdminConsoleServices(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		teacher, student, _, root := consoleUsers(t, e)
		c, _ := a.Catalog.Create(ctx, teacher, catalog.CourseInput{Title: ptr("Orphans")})
		sec, _ := a.Catalog.AddSection(ctx, teacher, c.ID, "S")
		lec, _ := a.Catalog.AddLecture(ctx, teacher, sec.ID, catalog.LectureInput{Title: ptr("Gone"), Kind: ptr("video")})
		var orphan *store.Video
		if err := a.DB.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if orphan, err = tx.CreateUpload(ctx, teacher.ID, lec.ID, "up1", "a.mp4", 10); err != nil {
				return err
			}
			_, err = tx.MarkUploaded(ctx, orphan.ID, "sources/1/up1")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		key := "videos/" + strconv.FormatInt(orphan.ID, 10) + "/x/master.m3u8"
		if err := a.Media.Files.Put(ctx, key, "text/plain", strings.NewReader("#EXTM3U")); err != nil {
			t.Fatal(err)
		}
		if err := a.Catalog.DeleteLecture(ctx, teacher, lec.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Admin.CleanOrphanVideos(ctx, teacher); code(err) != "forbidden" {
			t.Errorf("an instructor cleans up: %v", err)
		}
		if n, err := a.Admin.CleanOrphanVideos(ctx, root); err != nil || n != 0 {
			t.Errorf("cleanup of a fresh orphan = %d, %v; younger than a day stays", n, err)
		}
		a.Admin.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
		if st, _ := a.Admin.Status(ctx, root); st.OrphanVideos != 0 || st.Videos["queued"] != 0 {
			t.Errorf("status with a fresh orphan: %+v", st)
		}
		if n, err := a.Admin.CleanOrphanVideos(ctx, root); err != nil || n != 1 {
			t.Errorf("cleanup a day later = %d, %v", n, err)
		}
		if _, err := a.DB.VideoByID(ctx, orphan.ID); err == nil {
			t.Error("the orphan's row is still there")
		}
		if r, err := a.Media.Files.Open(ctx, key); err == nil {
			r.Close()
			t.Error("the orphan's files are still there")
		}

		// Three reports flag a review; the flag keeps the first one's words.
		free, _ := a.Catalog.Create(ctx, teacher, catalog.CourseInput{Title: ptr("Free"), DescriptionMD: ptr("Learn."), PriceCents: ptr(int64(0))})
		fsec, _ := a.Catalog.AddSection(ctx, teacher, free.ID, "S")
		if _, err := a.Catalog.AddLecture(ctx, teacher, fsec.ID, catalog.LectureInput{Title: ptr("Read"), Kind: ptr("article"), BodyMD: ptr("Text.")}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog.Publish(ctx, teacher, free.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Commerce.EnrollFree(ctx, student, free.ID); err != nil {
			t.Fatal(err)
		}
		rev, _, err := a.Learning.Review(ctx, student, free.ID, 2, "Meh")
		if err != nil {
			t.Fatal(err)
		}
		for i, reason := range []string{"spam link in the text", "rude", "off topic"} {
			u, _ := a.CreateUser(ctx, "rep"+strconv.Itoa(i)+"@x.io", "service pass 42", "Reporter", []string{store.RoleStudent}, true)
			if _, err := a.Learning.Report(ctx, u, rev.ID, reason); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := a.DB.ReviewByID(ctx, rev.ID); got.Status != store.ReviewFlagged || !strings.Contains(got.FlagReason, "spam link in the text") {
			t.Errorf("flagged review = %s %q; want the first report's reason", got.Status, got.FlagReason)
		}

		// The dashboard equals the counts.
		a.Admin.Now = nil
		o, err := a.Admin.Overview(ctx, root)
		if err != nil {
			t.Fatal(err)
		}
		users, flagged := 7, 1 // consoleUsers made four, three reporters; one review flagged
		if o.Users != users || o.NewUsersToday != users || o.PendingModeration != flagged {
			t.Errorf("overview %+v; SQL says %d users, %d flagged", o.Overview, users, flagged)
		}
		if _, err := a.Admin.Overview(ctx, student); code(err) != "forbidden" {
			t.Errorf("a student reads the overview: %v", err)
		}
	})
}
