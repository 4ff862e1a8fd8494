package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/store"
)

func TestQuizzesAndAttempts(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "Quizzes", 0, store.CoursePublished)
		_, l := mkLecture(t, db, c.ID, store.LectureQuiz, false)
		if l.Kind != store.LectureQuiz {
			t.Fatalf("lecture kind = %q", l.Kind)
		}
		if _, err := db.QuizFor(ctx, l.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("QuizFor before any quiz: %v", err)
		}
		q := store.Quiz{LectureID: l.ID, PassPercent: 50, Questions: []store.QuizQuestion{{ID: "q1", Prompt: "2+2?", Answers: []store.QuizAnswer{
			{ID: "a", Body: "4", Correct: true, Explanation: "Arithmetic."}, {ID: "b", Body: "5"}}}}}
		inTx(t, db, func(tx *store.Tx) error { return tx.SaveQuiz(ctx, q) })
		q.PassPercent = 80
		inTx(t, db, func(tx *store.Tx) error { return tx.SaveQuiz(ctx, q) })
		got, err := db.QuizFor(ctx, l.ID)
		if err != nil || got.PassPercent != 80 || len(got.Questions) != 1 || !got.Questions[0].Answers[0].Correct || got.Questions[0].Answers[0].Explanation != "Arithmetic." {
			t.Fatalf("QuizFor = %+v, %v", got, err)
		}
		for i, passed := range []bool{false, true} {
			inTx(t, db, func(tx *store.Tx) error {
				id, err := tx.AddQuizAttempt(ctx, store.QuizAttempt{UserID: stu.ID, LectureID: l.ID, CourseID: c.ID, ScorePercent: i * 100, Passed: passed,
					Answers: map[string][]string{"q1": {[]string{"b", "a"}[i]}}})
				if id == 0 {
					t.Error("no attempt id")
				}
				return err
			})
		}
		list, err := db.QuizAttempts(ctx, stu.ID, l.ID)
		if err != nil || len(list) != 2 || !list[0].Passed || list[0].ScorePercent != 100 || list[1].Answers["q1"][0] != "b" || list[0].CourseID != c.ID {
			t.Errorf("QuizAttempts = %+v, %v", list, err)
		}
		if other, err := db.QuizAttempts(ctx, ins.ID, l.ID); err != nil || len(other) != 0 {
			t.Errorf("another user's attempts = %+v, %v", other, err)
		}
	})
}

func TestCertificates(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		c := mkCourse(t, db, ins.ID, "Certified", 0, store.CoursePublished)
		_, l1 := mkLecture(t, db, c.ID, store.LectureArticle, false)
		_, l2 := mkLecture(t, db, c.ID, store.LectureVideo, false)
		done := time.Now().UTC()
		inTx(t, db, func(tx *store.Tx) error {
			if d, n, err := tx.CourseCompletion(ctx, stu.ID, c.ID); err != nil || d != 0 || n != 2 {
				t.Errorf("CourseCompletion before = %d/%d, %v", d, n, err)
			}
			if err := tx.SaveProgress(ctx, stu.ID, store.Progress{LectureID: l1.ID, CourseID: c.ID, CompletedAt: &done}); err != nil {
				return err
			}
			if err := tx.SaveProgress(ctx, stu.ID, store.Progress{LectureID: l2.ID, CourseID: c.ID, PositionS: 3}); err != nil {
				return err
			}
			if d, n, err := tx.CourseCompletion(ctx, stu.ID, c.ID); err != nil || d != 1 || n != 2 {
				t.Errorf("CourseCompletion after = %d/%d, %v", d, n, err)
			}
			return nil
		})
		cert := store.Certificate{ID: "abc123", UserID: stu.ID, CourseID: c.ID, StudentName: "Stu", CourseTitle: "Certified", InstructorName: "Ins", ContentS: 3600}
		for i, want := range []bool{true, false} {
			inTx(t, db, func(tx *store.Tx) error {
				again := cert
				if i == 1 {
					again.ID = "other"
				}
				created, err := tx.IssueCertificate(ctx, again)
				if created != want {
					t.Errorf("IssueCertificate #%d created = %v", i, created)
				}
				return err
			})
		}
		got, err := db.CertificateByID(ctx, "abc123")
		if err != nil || got.UserID != stu.ID || got.CourseSlug != c.Slug || got.ContentS != 3600 || got.IssuedAt.IsZero() {
			t.Errorf("CertificateByID = %+v, %v", got, err)
		}
		if _, err := db.CertificateByID(ctx, "other"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second certificate exists: %v", err)
		}
		for _, course := range []int64{0, c.ID} {
			if list, err := db.UserCertificates(ctx, stu.ID, course); err != nil || len(list) != 1 || list[0].ID != "abc123" {
				t.Errorf("UserCertificates(%d) = %+v, %v", course, list, err)
			}
		}
		if list, err := db.UserCertificates(ctx, ins.ID, 0); err != nil || len(list) != 0 {
			t.Errorf("instructor's certificates = %+v, %v", list, err)
		}
	})
}
