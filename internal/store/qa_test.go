package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestQuestionsAnswersVotesReports(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "Questions", 0, store.CoursePublished)
		_, l := mkLecture(t, db, c.ID, store.LectureVideo, false)
		at := 12.5
		var qid, aid, bid int64
		inTx(t, db, func(tx *store.Tx) (err error) {
			if qid, err = tx.AddPost(ctx, store.Post{CourseID: c.ID, LectureID: l.ID, UserID: stu.ID, Title: "What is 100% of a_b?", Body: "Body", AtS: &at, Status: store.ReviewVisible}); err != nil {
				return err
			}
			if aid, err = tx.AddPost(ctx, store.Post{CourseID: c.ID, LectureID: l.ID, QuestionID: qid, UserID: stu.ID, Body: "Self answer", Status: store.ReviewVisible}); err != nil {
				return err
			}
			q, err := tx.PostByID(ctx, qid)
			if err == nil && (q.AnswerCount != 1 || q.InstructorAnswered) {
				t.Errorf("after a student's answer: %+v", q)
			}
			return err
		})
		inbox := store.QuestionQuery{InstructorID: ins.ID, Unanswered: true, Status: store.ReviewVisible, Limit: 10}
		if list, _, err := db.Questions(ctx, inbox); err != nil || len(list) != 1 {
			t.Fatalf("inbox before the instructor answered: %v, %v", list, err)
		}
		inTx(t, db, func(tx *store.Tx) (err error) {
			bid, err = tx.AddPost(ctx, store.Post{CourseID: c.ID, LectureID: l.ID, QuestionID: qid, UserID: ins.ID, Body: "Teacher", ByInstructor: true, Status: store.ReviewVisible})
			return err
		})
		q, err := db.PostByID(ctx, qid)
		if err != nil || q.AnswerCount != 2 || !q.InstructorAnswered || q.AtS == nil || *q.AtS != 12.5 || q.LectureTitle == "" || q.CourseSlug != c.Slug {
			t.Fatalf("question = %+v, %v", q, err)
		}
		if list, _, _ := db.Questions(ctx, inbox); len(list) != 0 {
			t.Errorf("inbox after the instructor answered: %d", len(list))
		}
		// Search: words in title or body; LIKE wildcards are literal.
		for search, want := range map[string]int{"100%": 1, "a_b": 1, "ab": 0, "BODY what": 1, "%": 1, "_": 1, "nothing": 0} {
			list, _, err := db.Questions(ctx, store.QuestionQuery{CourseID: c.ID, Search: search, Limit: 10})
			if err != nil || len(list) != want {
				t.Errorf("search %q: %d, %v; want %d", search, len(list), err, want)
			}
		}
		if list, _, _ := db.Questions(ctx, store.QuestionQuery{LectureID: l.ID, Search: "ab%", Limit: 10}); len(list) != 0 {
			t.Errorf("escaped %% matched: %v", list)
		}
		answers, err := db.Answers(ctx, []int64{qid}, 0)
		if err != nil || len(answers) != 2 || answers[0].ID != aid || !answers[1].ByInstructor {
			t.Fatalf("answers = %v, %v", answers, err)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.AcceptAnswer(ctx, qid, bid) })
		if q, _ := db.PostByID(ctx, qid); q.AcceptedAnswerID != bid {
			t.Errorf("accepted = %d", q.AcceptedAnswerID)
		}
		// Votes toggle, one per user.
		for i, want := range []bool{true, false, true} {
			inTx(t, db, func(tx *store.Tx) error {
				voted, n, err := tx.ToggleVote(ctx, qid, stu.ID)
				if voted != want || n != map[bool]int{true: 1, false: 0}[want] {
					t.Errorf("vote %d: %v, %d", i, voted, n)
				}
				return err
			})
		}
		if v, err := db.VotedPosts(ctx, stu.ID, []int64{qid, aid}); err != nil || !v[qid] || v[aid] {
			t.Errorf("voted = %v, %v", v, err)
		}
		// Reports once per user; moderation status.
		inTx(t, db, func(tx *store.Tx) error {
			n, fresh, err := tx.AddPostReport(ctx, aid, ins.ID, "spam")
			if n != 1 || !fresh {
				t.Errorf("first report: %d %v", n, fresh)
			}
			n, fresh, _ = tx.AddPostReport(ctx, aid, ins.ID, "spam")
			if n != 1 || fresh {
				t.Errorf("second report: %d %v", n, fresh)
			}
			if n, _, _ = tx.AddPostReport(ctx, aid, stu.ID, "off-topic"); n != 2 {
				t.Errorf("a second user's report: %d", n)
			}
			if got, err := tx.FirstPostReportReason(ctx, aid); err != nil || got != "spam" {
				t.Errorf("FirstPostReportReason = %q, %v", got, err)
			}
			if got, err := tx.FirstPostReportReason(ctx, qid); err != nil || got != "" {
				t.Errorf("FirstPostReportReason of an unreported question = %q, %v", got, err)
			}
			return errors.Join(err, tx.SetPostStatus(ctx, aid, store.ReviewFlagged, "reported"))
		})
		if list, _, err := db.PostsByStatus(ctx, store.ReviewFlagged, 0, 10); err != nil || len(list) != 1 || list[0].ID != aid || list[0].FirstReport != "spam" {
			t.Errorf("flagged = %v, %v", list, err)
		}
		if answers, _ := db.Answers(ctx, []int64{qid}, ins.ID); len(answers) != 1 {
			t.Errorf("a flagged answer is listed to others: %d", len(answers))
		}
		if answers, _ := db.Answers(ctx, []int64{qid}, stu.ID); len(answers) != 2 {
			t.Errorf("its author does not see a flagged answer: %d", len(answers))
		}
		// Deleting the accepted answer clears the mark and the counts.
		inTx(t, db, func(tx *store.Tx) error {
			b, err := tx.PostByID(ctx, bid)
			if err != nil {
				return err
			}
			return tx.DeletePost(ctx, b)
		})
		if q, _ := db.PostByID(ctx, qid); q.AcceptedAnswerID != 0 || q.AnswerCount != 1 || q.InstructorAnswered {
			t.Errorf("after deleting the accepted answer: %+v", q)
		}
	})
}

func TestNotificationsAndSettings(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		a := mkUser(t, db, "a@x.io")
		b := mkUser(t, db, "b@x.io")
		inTx(t, db, func(tx *store.Tx) error {
			return tx.AddNotifications(ctx, []int64{a.ID, b.ID}, "qa.answer", `{"title":"T"}`)
		})
		inTx(t, db, func(tx *store.Tx) error { return tx.AddNotifications(ctx, []int64{a.ID}, "qa.answer", `{"title":"U"}`) })
		list, next, err := db.Notifications(ctx, a.ID, 0, 1)
		if err != nil || len(list) != 1 || next == 0 || list[0].Payload != `{"title":"U"}` || list[0].ReadAt != nil {
			t.Fatalf("page 1 = %v, %d, %v", list, next, err)
		}
		if rest, next2, _ := db.Notifications(ctx, a.ID, next, 1); len(rest) != 1 || next2 != 0 {
			t.Errorf("page 2 = %v, %d", rest, next2)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.MarkNotificationsRead(ctx, a.ID, []int64{list[0].ID}) })
		inTx(t, db, func(tx *store.Tx) error { return tx.MarkNotificationsRead(ctx, b.ID, []int64{list[0].ID}) }) // not b's: nothing
		if n, _ := db.UnreadNotifications(ctx, a.ID); n != 1 {
			t.Errorf("a unread = %d", n)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.MarkNotificationsRead(ctx, b.ID, nil) })
		if n, _ := db.UnreadNotifications(ctx, b.ID); n != 0 {
			t.Errorf("b unread = %d", n)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.SetNotificationSetting(ctx, a.ID, "qa.answer", false) })
		if s, err := db.NotificationSettings(ctx, a.ID); err != nil || s["qa.answer"] || len(s) != 1 {
			t.Errorf("settings = %v, %v", s, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			to, err := tx.EmailRecipients(ctx, []int64{a.ID, b.ID}, "qa.answer", true)
			if len(to) != 1 || to[0].Email != "b@x.io" {
				t.Errorf("recipients with default on = %v", to)
			}
			none, _ := tx.EmailRecipients(ctx, []int64{a.ID, b.ID}, "qa.answer", false)
			if len(none) != 0 {
				t.Errorf("recipients with default off = %v", none)
			}
			return err
		})
	})
}

func TestNotes(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "Notes", 0, store.CoursePublished)
		_, l := mkLecture(t, db, c.ID, store.LectureVideo, false)
		var first, second int64
		inTx(t, db, func(tx *store.Tx) (err error) {
			if first, err = tx.AddNote(ctx, store.Note{UserID: stu.ID, CourseID: c.ID, LectureID: l.ID, AtS: 30, Body: "later"}); err != nil {
				return err
			}
			second, err = tx.AddNote(ctx, store.Note{UserID: stu.ID, CourseID: c.ID, LectureID: l.ID, AtS: 5, Body: "sooner"})
			return err
		})
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateNote(ctx, first, 40, "much later") })
		n, err := db.NoteByID(ctx, first)
		if err != nil || n.AtS != 40 || n.Body != "much later" || n.LectureTitle == "" {
			t.Fatalf("note = %+v, %v", n, err)
		}
		list, err := db.LectureNotes(ctx, stu.ID, l.ID)
		if err != nil || len(list) != 2 || list[0].ID != second {
			t.Errorf("lecture notes = %v, %v", list, err)
		}
		if mine, _ := db.LectureNotes(ctx, ins.ID, l.ID); len(mine) != 0 {
			t.Errorf("someone else's notes listed: %v", mine)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.DeleteNote(ctx, second) })
		all, err := db.CourseNotes(ctx, stu.ID, c.ID)
		if err != nil || len(all) != 1 || !strings.Contains(all[0].Body, "much") {
			t.Errorf("course notes = %v, %v", all, err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteNote(ctx, second) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
	})
}
