package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// TestAnnouncementDelivery: an announcement reaches every student enrolled
// in the course exactly once, over several pages of the delivery job,
// when a run stops part way and is run again, when two runs race, and
// when a finished delivery is run again; disabled students and students
// of other courses get nothing.
func TestAnnouncementDelivery(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		a, ctx := s.app, context.Background()
		teacher, _ := a.DB.UserByEmail(ctx, "teach@x.io")
		stranger, _ := a.DB.UserByEmail(ctx, "stu@x.io")
		course, free := mustInt(s.paid), mustInt(s.free)

		// Two and a bit pages of students, enrolled straight in the store.
		students := 2*learning.AnnouncementPage + 7
		var disabled, quiet *store.User
		for i := range students {
			u, err := a.DB.CreateUser(ctx, store.NewUser{Email: fmt.Sprintf("s%04d@x.io", i), Name: fmt.Sprintf("S%d", i), PasswordHash: "x", Roles: []string{store.RoleStudent}, EmailVerified: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.DB.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.Enroll(ctx, u.ID, course, "admin", nil)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			switch i {
			case 3:
				disabled = u
			case 4:
				quiet = u
			}
		}
		// One student wants announcements in the app only.
		if _, err := a.Notify.SaveSettings(ctx, quiet, map[string]bool{learning.NoticeAnnouncement: false}); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.SetDisabled(ctx, disabled.ID, true)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A student of another course only.
		s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.free + "/enroll", Token: s.student.Access}).expect(t, 201)

		// Who may post, and what a post must have.
		in := learning.AnnouncementInput{Title: "Live Q&A on Friday", BodyMD: "Bring **questions**."}
		if _, err := a.Learning.PostAnnouncement(ctx, stranger, course, in); code(err) != "forbidden" {
			t.Errorf("a student posts: %v", err)
		}
		if _, err := a.Learning.PostAnnouncement(ctx, teacher, course, learning.AnnouncementInput{Title: " ", BodyMD: ""}); code(err) != "validation_failed" {
			t.Errorf("an empty announcement: %v", err)
		}
		if list, _ := a.DB.CourseAnnouncements(ctx, course, 0, 10); len(list) != 0 {
			t.Fatalf("a refused post was stored: %v", list)
		}
		ann, err := a.Learning.PostAnnouncement(ctx, teacher, course, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Learning.Announcements(ctx, stranger, course, 0, 10); code(err) != "not_enrolled" {
			t.Errorf("a student of another course reads: %v", err)
		}
		if _, err := a.Learning.Announcements(ctx, stranger, free, 0, 10); err != nil {
			t.Errorf("a student reads their own course's (empty) announcements: %v", err)
		}

		// One page, then the run stops (as a crash or a timeout would).
		if done, err := a.Learning.DeliverAnnouncement(ctx, ann.ID, 1); err != nil || done {
			t.Fatalf("first page: done=%v err=%v", done, err)
		}
		if got := countAnnouncementEmails(t, s.env, in.Title); len(got) != learning.AnnouncementPage-1 {
			t.Fatalf("after one page %d emails, want %d (the quiet student is on it)", len(got), learning.AnnouncementPage-1)
		}
		// Two runs at once finish it; then a third run after the end.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() { _, errs[i] = a.Learning.DeliverAnnouncement(ctx, ann.ID, 0) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if done, err := a.Learning.DeliverAnnouncement(ctx, ann.ID, 0); err != nil || !done {
			t.Fatalf("a run after the end: done=%v err=%v", done, err)
		}

		got := countAnnouncementEmails(t, s.env, in.Title)
		if len(got) != students-2 {
			t.Errorf("%d students emailed, want %d (all but the disabled one and the one who turned emails off)", len(got), students-2)
		}
		for to, n := range got {
			if n != 1 {
				t.Errorf("%s got the announcement %d times", to, n)
			}
			if !strings.HasPrefix(to, "s") || to == disabled.Email || to == quiet.Email {
				t.Errorf("emailed %s, who is not an active student of the course or does not want it by email", to)
			}
		}
		// In the app, everyone active has exactly one notification, the
		// quiet student too; nobody else has any.
		for i := range students {
			u, err := a.DB.UserByEmail(ctx, fmt.Sprintf("s%04d@x.io", i))
			if err != nil {
				t.Fatal(err)
			}
			want := 1
			if u.ID == disabled.ID {
				want = 0
			}
			page, err := a.Notify.List(ctx, u, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != want || page.Unread != want {
				t.Fatalf("%s has %d notifications (%d unread), want %d", u.Email, len(page.Items), page.Unread, want)
			}
			if want == 1 && (page.Items[0].Kind != learning.NoticeAnnouncement || !strings.HasSuffix(page.Items[0].Notice.Title, in.Title) || !strings.Contains(page.Items[0].Notice.Link, "/learn/")) {
				t.Errorf("%s's notification: %+v", u.Email, page.Items[0])
			}
		}
		for _, who := range []*store.User{stranger, teacher} {
			if page, _ := a.Notify.List(ctx, who, 0, 10); len(page.Items) != 0 {
				t.Errorf("%s, not a student of the course, was notified: %+v", who.Email, page.Items)
			}
		}
		list, err := a.Learning.Announcements(ctx, teacher, course, 0, 10)
		if err != nil || len(list) != 1 || list[0].Delivered != students-1 || list[0].EmailedAt == nil {
			t.Errorf("the instructor's list = %+v, %v", list, err)
		}

		// Over HTTP: the instructor posts, an enrolled student reads it rendered.
		path := "/api/v1/courses/" + s.free + "/announcements"
		s.do(req{Method: "POST", Path: path, Token: s.student.Access, Body: map[string]any{"title": "Mine", "body_md": "x"}}).expect(t, 403)
		bad := s.do(req{Method: "POST", Path: path, Token: s.teacher.Access, Body: map[string]any{"title": "", "body_md": "x"}}).expect(t, 422)
		if _, ok := bad.fieldErrors()["title"]; !ok {
			t.Errorf("missing title: %s", bad.Body)
		}
		s.do(req{Method: "POST", Path: path, Token: s.teacher.Access, Body: map[string]any{"title": "Welcome", "body_md": "Hello <script>x</script> **all**"}}).expect(t, 201)
		read := s.do(req{Method: "GET", Path: path, Token: s.student.Access}).expect(t, 200)
		items := read.JSON["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("announcements = %s", read.Body)
		}
		html, _ := items[0].(map[string]any)["body_html"].(string)
		if !strings.Contains(html, "<strong>all</strong>") || strings.Contains(html, "<script") {
			t.Errorf("body_html = %q", html)
		}
	})
}

// countAnnouncementEmails counts the outbox emails whose subject ends with
// title, per recipient.
func countAnnouncementEmails(t *testing.T, e *env, title string) map[string]int {
	t.Helper()
	emails, err := e.app.DB.PendingEmails(context.Background(), 100000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, m := range emails {
		if strings.HasSuffix(m.Subject, ": "+title) {
			out[m.To]++
		}
	}
	return out
}
