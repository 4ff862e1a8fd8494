package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// qaCourse is a published free course by a teacher with two enrolled
// students and one outsider.
type qaCourse struct {
	*env
	ctx                           context.Context
	teacher, alice, bob, outsider *store.User
	aliceAcc                      account
	course, lecture               int64
}

func newQACourse(t *testing.T, target testdb.Target) *qaCourse {
	e := setup(t, target, "")
	q := &qaCourse{env: e, ctx: context.Background()}
	teach := e.instructor("teach@x.io", "Teacher Tess")
	q.aliceAcc = e.register("alice@x.io", "student pass 42", "Alice")
	bob := e.register("bob@x.io", "student pass 42", "Bob")
	e.register("out@x.io", "student pass 42", "Outsider")
	cid := e.publishedCourse(teach, map[string]any{"title": "Asking Well"})
	course := e.do(req{Method: "GET", Path: "/api/v1/courses/" + cid, Token: teach.Access}).expect(t, 200)
	q.lecture = mustInt(course.JSON["sections"].([]any)[0].(map[string]any)["lectures"].([]any)[0].(map[string]any)["id"].(string))
	q.course = mustInt(cid)
	for _, a := range []account{q.aliceAcc, bob} {
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/enroll", Token: a.Access}).expect(t, 201)
	}
	user := func(email string) *store.User {
		u, err := e.app.DB.UserByEmail(q.ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	q.teacher, q.alice, q.bob, q.outsider = user("teach@x.io"), user("alice@x.io"), user("bob@x.io"), user("out@x.io")
	return q
}

func wantKind(t *testing.T, what string, err error, kind apperr.Kind) {
	t.Helper()
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != kind {
		t.Errorf("%s: %v, want kind %d", what, err, kind)
	}
}

func (q *qaCourse) emails(t *testing.T, addr string) []store.Email {
	t.Helper()
	list, err := q.app.DB.EmailsTo(q.ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestQARules(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		q := newQACourse(t, target)
		L, ctx := q.app.Learning, q.ctx
		at := 42.5

		// Not enrolled: neither read nor post; anonymous: log in.
		_, err := L.Ask(ctx, q.outsider, q.lecture, learning.QuestionInput{Title: "Let me in?"})
		wantKind(t, "outsider asks", err, apperr.Forbidden)
		_, err = L.LectureQuestions(ctx, q.outsider, q.lecture, "", 0, 10)
		wantKind(t, "outsider reads", err, apperr.Forbidden)
		_, err = L.CourseQuestions(ctx, q.outsider, q.course, "", 0, 10)
		wantKind(t, "outsider searches", err, apperr.Forbidden)
		_, err = L.LectureQuestions(ctx, nil, q.lecture, "", 0, 10)
		wantKind(t, "anonymous reads", err, apperr.Unauthorized)
		_, err = L.Ask(ctx, q.alice, q.lecture, learning.QuestionInput{Title: " ", AtS: &[]float64{-1}[0]})
		wantKind(t, "empty title", err, apperr.Invalid)

		// Alice asks at a video time; the teacher is told in the app and by email.
		question, err := L.Ask(ctx, q.alice, q.lecture, learning.QuestionInput{Title: "Why does the loop end?", Body: "At the part about ranges.", AtS: &at})
		if err != nil || question.AtS == nil || *question.AtS != at || question.ByInstructor {
			t.Fatalf("ask = %+v, %v", question, err)
		}
		bell, err := q.app.Notify.List(ctx, q.teacher, 0, 10)
		if err != nil || bell.Unread != 1 || len(bell.Items) != 1 || bell.Items[0].Kind != learning.NoticeQuestion ||
			!strings.Contains(bell.Items[0].Notice.Link, "question=") {
			t.Fatalf("teacher's notifications = %+v, %v", bell, err)
		}
		if mails := q.emails(t, "teach@x.io"); len(mails) != 2 || !strings.Contains(mails[0].Subject, "New question") ||
			!strings.Contains(mails[0].Body, "http://lectern.test/learn/") {
			t.Errorf("teacher's emails = %+v", mails)
		}
		_, err = L.Answer(ctx, q.outsider, question.ID, "I know!")
		wantKind(t, "outsider answers", err, apperr.Forbidden)

		// The inbox lists unanswered questions only; a student's answer
		// does not take it out, the instructor's does.
		inbox, err := L.QAInbox(ctx, q.teacher, 0, 10)
		if err != nil || len(inbox.Questions) != 1 {
			t.Fatalf("inbox = %+v, %v", inbox, err)
		}
		_, err = L.QAInbox(ctx, q.alice, 0, 10)
		wantKind(t, "student's inbox", err, apperr.Forbidden)
		bobs, err := L.Answer(ctx, q.bob, question.ID, "Because the range is exhausted.")
		if err != nil || bobs.ByInstructor {
			t.Fatalf("bob answers = %+v, %v", bobs, err)
		}
		if inbox, _ := L.QAInbox(ctx, q.teacher, 0, 10); len(inbox.Questions) != 1 {
			t.Errorf("inbox after a student's answer: %d", len(inbox.Questions))
		}
		teachers, err := L.Answer(ctx, q.teacher, question.ID, "Bob is right: range stops the loop.")
		if err != nil || !teachers.ByInstructor {
			t.Fatalf("teacher answers = %+v, %v", teachers, err)
		}
		if inbox, _ := L.QAInbox(ctx, q.teacher, 0, 10); len(inbox.Questions) != 0 {
			t.Errorf("inbox after the instructor's answer: %d", len(inbox.Questions))
		}
		// Alice was told twice; both emails went out (default settings).
		aliceBell, _ := q.app.Notify.List(ctx, q.alice, 0, 10)
		if aliceBell.Unread != 2 || aliceBell.Items[0].Kind != learning.NoticeAnswer || !strings.Contains(aliceBell.Items[0].Notice.Body, "(instructor)") {
			t.Errorf("alice's notifications = %+v", aliceBell)
		}
		answerMails := func() int {
			n := 0
			for _, m := range q.emails(t, "alice@x.io") {
				if strings.Contains(m.Subject, "New answer") {
					n++
				}
			}
			return n
		}
		if n := answerMails(); n != 2 {
			t.Errorf("alice got %d answer emails, want 2", n)
		}
		// With email turned off for answers she is told in the app only.
		if _, err := q.app.Notify.SaveSettings(ctx, q.alice, map[string]bool{learning.NoticeAnswer: false}); err != nil {
			t.Fatal(err)
		}
		_, err = q.app.Notify.SaveSettings(ctx, q.alice, map[string]bool{"no.such": true})
		wantKind(t, "unknown kind", err, apperr.Invalid)
		if _, err := L.Answer(ctx, q.bob, question.ID, "Also: break."); err != nil {
			t.Fatal(err)
		}
		if n := answerMails(); n != 2 {
			t.Errorf("alice got %d answer emails after turning them off, want 2", n)
		}
		if unread, _ := q.app.Notify.MarkRead(ctx, q.alice, nil); unread != 0 {
			t.Errorf("unread after marking all read = %d", unread)
		}
		if b, _ := q.app.Notify.List(ctx, q.alice, 0, 10); len(b.Items) != 3 || !b.Items[0].Read {
			t.Errorf("alice's notifications after reading = %+v", b)
		}

		// Only the asker accepts.
		_, err = L.Accept(ctx, q.teacher, bobs.ID)
		wantKind(t, "teacher accepts", err, apperr.Forbidden)
		_, err = L.Accept(ctx, q.bob, bobs.ID)
		wantKind(t, "bob accepts", err, apperr.Forbidden)
		accepted, err := L.Accept(ctx, q.alice, bobs.ID)
		if err != nil || accepted.AcceptedAnswerID != bobs.ID {
			t.Fatalf("accept = %+v, %v", accepted, err)
		}
		if accepted, _ = L.Accept(ctx, q.alice, teachers.ID); accepted.AcceptedAnswerID != teachers.ID {
			t.Errorf("one accepted answer: %d", accepted.AcceptedAnswerID)
		}

		// Upvotes: one per user, a second click takes it back.
		for i, want := range []int{1, 2, 1} {
			u := []*store.User{q.bob, q.teacher, q.bob}[i]
			if _, n, err := L.Vote(ctx, u, question.ID); err != nil || n != want {
				t.Errorf("vote %d: %d, %v; want %d", i, n, err, want)
			}
		}
		_, _, err = L.Vote(ctx, q.outsider, question.ID)
		wantKind(t, "outsider votes", err, apperr.Forbidden)

		// Lists and search.
		page, err := L.LectureQuestions(ctx, q.bob, q.lecture, "", 0, 10)
		if err != nil || len(page.Questions) != 1 || len(page.Answers[question.ID]) != 3 || page.Questions[0].Upvotes != 1 || page.Voted[question.ID] {
			t.Fatalf("lecture questions = %+v, %v", page, err)
		}
		for search, want := range map[string]int{"loop": 1, "RANGES": 1, "nothing like it": 0} {
			if p, err := L.CourseQuestions(ctx, q.bob, q.course, search, 0, 10); err != nil || len(p.Questions) != want {
				t.Errorf("search %q: %v, %v; want %d", search, p, err, want)
			}
		}

		// Reports follow the review rules: once per user, never your own,
		// and an admin's decision is audited.
		wantKind(t, "own report", L.ReportPost(ctx, q.bob, bobs.ID, "mine"), apperr.Conflict)
		if err := L.ReportPost(ctx, q.alice, bobs.ID, "rude"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, "second report", L.ReportPost(ctx, q.alice, bobs.ID, "rude"), apperr.Conflict)
		_, err = L.ModeratePost(ctx, q.teacher, bobs.ID, "hidden", "rude")
		wantKind(t, "teacher moderates", err, apperr.Forbidden)
		admin := q.admin()
		adminUser, _ := q.app.DB.UserByEmail(ctx, admin.Email)
		hidden, err := L.ModeratePost(ctx, adminUser, bobs.ID, "hidden", "rude")
		if err != nil || hidden.Status != store.ReviewHidden {
			t.Fatalf("hide = %+v, %v", hidden, err)
		}
		if p, _ := L.LectureQuestions(ctx, q.alice, q.lecture, "", 0, 10); len(p.Answers[question.ID]) != 2 {
			t.Errorf("a hidden answer is listed to others: %d", len(p.Answers[question.ID]))
		}
		if entries, _ := q.app.DB.AuditEntries(ctx, 5); len(entries) == 0 || entries[0].Action != "answer.hide" {
			t.Errorf("audit = %+v", entries)
		}
		if _, err := L.ModeratePost(ctx, adminUser, question.ID, "deleted", "cleanup"); err != nil {
			t.Fatal(err)
		}
		if p, _ := L.LectureQuestions(ctx, q.alice, q.lecture, "", 0, 10); len(p.Questions) != 0 {
			t.Errorf("a deleted question is listed: %d", len(p.Questions))
		}
	})
}

func TestQAReportsFlagByTheReviewRule(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		q := newQACourse(t, target)
		L, ctx := q.app.Learning, q.ctx
		question, err := L.Ask(ctx, q.alice, q.lecture, learning.QuestionInput{Title: "Hm?"})
		if err != nil {
			t.Fatal(err)
		}
		// The default flags at three reports: bob, the teacher, a third student.
		third := q.register("carol@x.io", "student pass 42", "Carol")
		q.do(req{Method: "POST", Path: "/api/v1/courses/" + itoa(q.course) + "/enroll", Token: third.Access}).expect(t, 201)
		carol, _ := q.app.DB.UserByEmail(ctx, "carol@x.io")
		for i, u := range []*store.User{q.bob, q.teacher, carol} {
			if err := L.ReportPost(ctx, u, question.ID, []string{"spam from bob", "spam", "ads"}[i]); err != nil {
				t.Fatalf("report %d: %v", i, err)
			}
		}
		if p, _ := L.LectureQuestions(ctx, q.bob, q.lecture, "", 0, 10); len(p.Questions) != 0 {
			t.Errorf("a flagged question is listed to others")
		}
		if p, _ := L.LectureQuestions(ctx, q.alice, q.lecture, "", 0, 10); len(p.Questions) != 1 || p.Questions[0].Status != store.ReviewFlagged {
			t.Errorf("its author does not see the flagged question")
		}
		admin := q.admin()
		adminUser, _ := q.app.DB.UserByEmail(ctx, admin.Email)
		posts, _, err := L.PostQueue(ctx, adminUser, store.ReviewFlagged, 0, 10)
		if err != nil || len(posts) != 1 {
			t.Fatalf("moderation queue = %v, %v", posts, err)
		}
		// The admin reads what the first reporter said, as for reviews.
		if p := posts[0]; p.FirstReport != "spam from bob" || p.FlagReason != "reported 3 times; first report: spam from bob" || p.ReportCount != 3 {
			t.Errorf("flagged post: first report %q, flag reason %q, %d reports", p.FirstReport, p.FlagReason, p.ReportCount)
		}
		if _, _, err := L.PostQueue(ctx, q.teacher, store.ReviewFlagged, 0, 10); err == nil {
			t.Errorf("an instructor read the moderation queue")
		}
		q.do(req{Method: "PATCH", Path: "/api/v1/admin/questions/" + itoa(question.ID), Token: admin.Access, Body: map[string]any{"status": "visible", "reason": "fine"}}).expect(t, 200)
		if p, _ := L.LectureQuestions(ctx, q.bob, q.lecture, "", 0, 10); len(p.Questions) != 1 {
			t.Errorf("a restored question is not listed")
		}
		// A restored post is not flagged again by the reports it already had.
		if err := L.ReportPost(ctx, q.bob, question.ID, "again"); err == nil {
			t.Errorf("a second report by the same user counted")
		}
		if p, _ := L.LectureQuestions(ctx, q.bob, q.lecture, "", 0, 10); len(p.Questions) != 1 {
			t.Errorf("a restored question was hidden again")
		}
		// Removing it takes it away for everyone, its author too, and is audited.
		if _, err := L.ModeratePost(ctx, adminUser, question.ID, "deleted", "spam after all"); err != nil {
			t.Fatal(err)
		}
		if p, _ := L.LectureQuestions(ctx, q.alice, q.lecture, "", 0, 10); len(p.Questions) != 0 {
			t.Errorf("a removed question is still listed to its author")
		}
		if posts, _, _ := L.PostQueue(ctx, adminUser, store.ReviewVisible, 0, 10); len(posts) != 0 {
			t.Errorf("a removed question is still in the queue: %v", posts)
		}
		if log := q.do(req{Method: "GET", Path: "/api/v1/admin/audit-log", Token: admin.Access}).expect(t, 200); !strings.Contains(string(log.Body), "question.delete") {
			t.Errorf("the audit log lacks the removal: %s", log.Body)
		}
	})
}

func TestNotesArePrivate(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		q := newQACourse(t, target)
		L, ctx := q.app.Learning, q.ctx
		_, err := L.AddNote(ctx, q.outsider, q.lecture, 3, "sneaky")
		wantKind(t, "outsider writes a note", err, apperr.Forbidden)
		_, err = L.LectureNotes(ctx, q.outsider, q.lecture)
		wantKind(t, "outsider lists notes", err, apperr.Forbidden)
		_, err = L.AddNote(ctx, q.alice, q.lecture, -2, "")
		wantKind(t, "bad note", err, apperr.Invalid)

		late, err := L.AddNote(ctx, q.alice, q.lecture, 75, "Second point\nwith two lines")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := L.AddNote(ctx, q.alice, q.lecture, 12, "First point"); err != nil {
			t.Fatal(err)
		}
		mine, err := L.LectureNotes(ctx, q.alice, q.lecture)
		if err != nil || len(mine) != 2 || mine[0].AtS != 12 {
			t.Fatalf("alice's notes = %+v, %v", mine, err)
		}
		// Nobody else sees or changes them: not another student, not the
		// instructor, not an admin.
		admin := q.admin()
		adminUser, _ := q.app.DB.UserByEmail(ctx, admin.Email)
		for _, u := range []*store.User{q.bob, q.teacher, adminUser} {
			if list, err := L.LectureNotes(ctx, u, q.lecture); err != nil || len(list) != 0 {
				t.Errorf("%s lists %d notes, %v", u.Email, len(list), err)
			}
			body := "mine now"
			_, err := L.EditNote(ctx, u, late.ID, nil, &body)
			wantKind(t, u.Email+" edits", err, apperr.NotFound)
			wantKind(t, u.Email+" deletes", L.DeleteNote(ctx, u, late.ID), apperr.NotFound)
		}
		at := 80.0
		if n, err := L.EditNote(ctx, q.alice, late.ID, &at, nil); err != nil || n.AtS != 80 || !strings.HasPrefix(n.Body, "Second") {
			t.Errorf("edit = %+v, %v", n, err)
		}

		// The Markdown export, through HTTP.
		md := q.do(req{Method: "GET", Path: "/api/v1/courses/" + itoa(q.course) + "/notes.md", Token: q.aliceAcc.Access}).expect(t, 200)
		if ct := md.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/markdown") {
			t.Errorf("content type %q", ct)
		}
		if cd := md.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".md") {
			t.Errorf("content disposition %q", cd)
		}
		want := "# Notes: Asking Well\n\n## Welcome\n\n- **0:12** First point\n- **1:20** Second point\n  with two lines\n"
		if string(md.Body) != want {
			t.Errorf("markdown =\n%s\nwant\n%s", md.Body, want)
		}
		q.do(req{Method: "GET", Path: "/api/v1/courses/" + itoa(q.course) + "/notes.md"}).expect(t, 401)
		if err := L.DeleteNote(ctx, q.alice, late.ID); err != nil {
			t.Error(err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
