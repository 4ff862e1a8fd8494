package app_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// quizCourse is a published course of an article and a quiz, by teacher.
type quizCourse struct {
	*env
	teacher, student      account
	course, article, quiz string
	q1, q2                string              // question ids
	right, wrong          map[string][]string // answers
}

func newQuizCourse(t *testing.T, target testdb.Target) *quizCourse {
	e := setup(t, target, "")
	qc := &quizCourse{env: e}
	qc.teacher = e.instructor("teach@x.io", "Teacher Tess")
	qc.student = e.register("stu@x.io", "student pass 42", "Stu Dent")
	qc.course = e.course(qc.teacher, map[string]any{"title": "Quizzed", "description_md": "With a quiz."}).str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + qc.course + "/sections", Token: qc.teacher.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
	qc.article = e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: qc.teacher.Access,
		Body: map[string]any{"title": "Read", "kind": "article", "body_md": "Text."}}).expect(t, 201).str("id")
	qc.quiz = e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: qc.teacher.Access,
		Body: map[string]any{"title": "Check", "kind": "quiz"}}).expect(t, 201).str("id")
	// An empty quiz keeps the course from being published.
	pub := e.do(req{Method: "POST", Path: "/api/v1/courses/" + qc.course + "/publish", Token: qc.teacher.Access}).expect(t, 422)
	if _, ok := pub.fieldErrors()["lectures."+qc.quiz+".quiz"]; !ok {
		t.Errorf("publish errors = %s", pub.Body)
	}
	yes, no := true, false
	saved := e.do(req{Method: "PUT", Path: "/api/v1/lectures/" + qc.quiz + "/quiz", Token: qc.teacher.Access, Body: map[string]any{
		"pass_percent": 100,
		"questions": []any{
			map[string]any{"prompt": "Capital of France?", "answers": []any{
				map[string]any{"body": "Paris", "correct": yes, "explanation": "SECRET-EXPLANATION-PARIS"},
				map[string]any{"body": "Lyon", "correct": no, "explanation": "SECRET-EXPLANATION-LYON"}}},
			map[string]any{"prompt": "Prime numbers?", "multiple": true, "answers": []any{
				map[string]any{"body": "2", "correct": yes}, map[string]any{"body": "3", "correct": yes}, map[string]any{"body": "4", "correct": no}}},
		}}}).expect(t, 200)
	qs := saved.JSON["questions"].([]any)
	ans := func(q, a int) string {
		return qs[q].(map[string]any)["answers"].([]any)[a].(map[string]any)["id"].(string)
	}
	qc.q1, qc.q2 = qs[0].(map[string]any)["id"].(string), qs[1].(map[string]any)["id"].(string)
	qc.right = map[string][]string{qc.q1: {ans(0, 0)}, qc.q2: {ans(1, 0), ans(1, 1)}}
	qc.wrong = map[string][]string{qc.q1: {ans(0, 0)}, qc.q2: {ans(1, 0)}} // half right
	e.do(req{Method: "POST", Path: "/api/v1/courses/" + qc.course + "/publish", Token: qc.teacher.Access}).expect(t, 200)
	return qc
}

func (qc *quizCourse) attempt(a account, answers map[string][]string) resp {
	return qc.do(req{Method: "POST", Path: "/api/v1/lectures/" + qc.quiz + "/quiz/attempts", Token: a.Access, Body: map[string]any{"answers": answers}})
}

func TestQuizRules(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		qc := newQuizCourse(t, target)
		quizPath := "/api/v1/lectures/" + qc.quiz + "/quiz"

		// Not enrolled: no questions, no attempts.
		qc.do(req{Method: "GET", Path: quizPath, Token: qc.student.Access}).expect(t, 403)
		qc.attempt(qc.student, qc.right).expect(t, 403)
		qc.do(req{Method: "GET", Path: quizPath}).expect(t, 401)
		qc.do(req{Method: "GET", Path: quizPath + "/edit", Token: qc.student.Access}).expect(t, 403)
		qc.do(req{Method: "PUT", Path: quizPath, Token: qc.student.Access, Body: map[string]any{"pass_percent": 50}}).expect(t, 403)
		qc.do(req{Method: "POST", Path: "/api/v1/courses/" + qc.course + "/enroll", Token: qc.student.Access}).expect(t, 201)

		// The quiz as a student sees it: questions and choices, no key.
		got := qc.do(req{Method: "GET", Path: quizPath, Token: qc.student.Access}).expect(t, 200)
		for _, leak := range []string{"SECRET-EXPLANATION", `"correct"`, `"explanation"`} {
			if bytes.Contains(got.Body, []byte(leak)) {
				t.Errorf("quiz before submission contains %s: %s", leak, got.Body)
			}
		}
		if qs := got.JSON["questions"].([]any); len(qs) != 2 || len(qs[1].(map[string]any)["answers"].([]any)) != 3 || qs[1].(map[string]any)["multiple"] != true {
			t.Errorf("questions = %s", got.Body)
		}
		// The editor's view has the key (instructor only).
		edit := qc.do(req{Method: "GET", Path: quizPath + "/edit", Token: qc.teacher.Access}).expect(t, 200)
		if !bytes.Contains(edit.Body, []byte("SECRET-EXPLANATION-PARIS")) || edit.JSON["pass_percent"] != float64(100) {
			t.Errorf("editor quiz = %s", edit.Body)
		}

		// Bad submissions change nothing.
		qc.attempt(qc.student, map[string][]string{qc.q1: {"nope"}, qc.q2: qc.right[qc.q2]}).expect(t, 422)
		qc.attempt(qc.student, map[string][]string{qc.q1: qc.right[qc.q1]}).expect(t, 422) // q2 unanswered
		qc.attempt(qc.student, map[string][]string{qc.q1: {qc.right[qc.q1][0], qc.wrong[qc.q2][0]}, qc.q2: qc.right[qc.q2]}).expect(t, 422)

		// Fail: the score, the key and the explanations; the lecture stays open.
		fail := qc.attempt(qc.student, qc.wrong).expect(t, 201)
		if fail.JSON["passed"] != false || fail.JSON["score_percent"] != float64(50) || fail.JSON["completed"] != false || fail.JSON["certificate"] != nil ||
			!bytes.Contains(fail.Body, []byte("SECRET-EXPLANATION-LYON")) {
			t.Errorf("failed attempt = %s", fail.Body)
		}
		if q2 := fail.JSON["questions"].([]any)[1].(map[string]any); q2["correct"] != false || len(q2["chosen"].([]any)) != 1 {
			t.Errorf("graded q2 = %v", q2)
		}
		if lectureDone(t, qc.env, qc.student, qc.course, qc.quiz) {
			t.Error("quiz complete after failing")
		}
		// A progress report cannot complete a quiz.
		qc.do(req{Method: "PUT", Path: "/api/v1/lectures/" + qc.quiz + "/progress", Token: qc.student.Access, Body: map[string]any{"position_s": 0, "completed": true}}).expect(t, 200)
		qc.do(req{Method: "PUT", Path: "/api/v1/lectures/" + qc.quiz + "/completion", Token: qc.student.Access, Body: map[string]any{"completed": true}}).expect(t, 409)
		if lectureDone(t, qc.env, qc.student, qc.course, qc.quiz) {
			t.Error("quiz complete by a progress report")
		}

		// Retry and pass: the lecture is complete; the article is not yet, so no certificate.
		pass := qc.attempt(qc.student, qc.right).expect(t, 201)
		if pass.JSON["passed"] != true || pass.JSON["score_percent"] != float64(100) || pass.JSON["completed"] != true || pass.JSON["certificate"] != nil {
			t.Errorf("passing attempt = %s", pass.Body)
		}
		if !lectureDone(t, qc.env, qc.student, qc.course, qc.quiz) {
			t.Error("quiz not complete after passing")
		}
		again := qc.attempt(qc.student, qc.right).expect(t, 201)
		if again.JSON["completed"] != false {
			t.Errorf("second pass completed again: %s", again.Body)
		}
		after := qc.do(req{Method: "GET", Path: quizPath, Token: qc.student.Access}).expect(t, 200)
		if after.JSON["passed"] != true || len(after.JSON["attempts"].([]any)) != 3 {
			t.Errorf("quiz after attempts = %s", after.Body)
		}

		// The instructor may try their own quiz; it records nothing.
		if own := qc.attempt(qc.teacher, qc.right).expect(t, 201); own.JSON["id"] != "0" {
			t.Errorf("instructor's attempt was recorded: %s", own.Body)
		}

		// Editing: validation with field errors.
		bad := qc.do(req{Method: "PUT", Path: quizPath, Token: qc.teacher.Access, Body: map[string]any{"pass_percent": 0, "questions": []any{
			map[string]any{"prompt": "", "answers": []any{map[string]any{"body": "a"}, map[string]any{"body": "b"}}},
			map[string]any{"prompt": "Two right, single", "answers": []any{map[string]any{"body": "a", "correct": true}, map[string]any{"body": "b", "correct": true}}},
		}}}).expect(t, 422).fieldErrors()
		for _, f := range []string{"pass_percent", "questions.0.prompt", "questions.0.answers", "questions.1.answers"} {
			if _, ok := bad[f]; !ok {
				t.Errorf("no field error for %s: %v", f, bad)
			}
		}
		// A non-quiz lecture has no quiz.
		qc.do(req{Method: "GET", Path: "/api/v1/lectures/" + qc.article + "/quiz", Token: qc.student.Access}).expect(t, 409)
	})
}

// lectureDone reads whether a lecture is complete in a's course progress.
func lectureDone(t *testing.T, e *env, a account, course, lecture string) bool {
	t.Helper()
	p := e.do(req{Method: "GET", Path: "/api/v1/courses/" + course + "/progress", Token: a.Access}).expect(t, 200)
	for _, l := range p.JSON["lectures"].([]any) {
		if m := l.(map[string]any); m["lecture_id"] == lecture {
			return m["completed"] == true
		}
	}
	t.Fatalf("lecture %s not in progress %s", lecture, p.Body)
	return false
}

func TestCertificateOnceAtCompletion(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		qc := newQuizCourse(t, target)
		stranger := qc.register("stranger@x.io", "student pass 43", "Stranger")
		qc.do(req{Method: "POST", Path: "/api/v1/courses/" + qc.course + "/enroll", Token: qc.student.Access}).expect(t, 201)
		completion := "/api/v1/lectures/" + qc.article + "/completion"
		qc.do(req{Method: "PUT", Path: completion, Token: stranger.Access, Body: map[string]any{"completed": true}}).expect(t, 403)

		// Half the course: no certificate.
		if r := qc.do(req{Method: "PUT", Path: completion, Token: qc.student.Access, Body: map[string]any{"completed": true}}).expect(t, 200); r.JSON["completed"] != true || r.JSON["certificate"] != nil {
			t.Errorf("completion = %s", r.Body)
		}
		if p := qc.do(req{Method: "GET", Path: "/api/v1/courses/" + qc.course + "/progress", Token: qc.student.Access}).expect(t, 200); p.JSON["percent"] != float64(50) || p.JSON["certificate"] != nil {
			t.Errorf("progress at 50%% = %s", p.Body)
		}
		if my := myCourse(t, qc.env, qc.student, qc.course); my["percent"] != float64(50) || my["completed_lectures"] != float64(1) ||
			my["total_lectures"] != float64(2) || my["last_active_at"] == nil || my["certificate_id"] != nil {
			t.Errorf("my learning at 50%% = %v", my)
		}
		qc.attempt(qc.student, qc.wrong).expect(t, 201)
		if l := qc.do(req{Method: "GET", Path: "/api/v1/me/certificates", Token: qc.student.Access}).expect(t, 200); len(l.JSON["items"].([]any)) != 0 {
			t.Fatalf("certificate before 100%%: %s", l.Body)
		}

		// Passing the quiz finishes the course: the certificate, once.
		pass := qc.attempt(qc.student, qc.right).expect(t, 201)
		cert, _ := pass.JSON["certificate"].(map[string]any)
		if cert == nil {
			t.Fatalf("no certificate at 100%%: %s", pass.Body)
		}
		cid := cert["id"].(string)
		if len(cid) < 20 || cert["student_name"] != "Stu Dent" || cert["instructor_name"] != "Teacher Tess" || cert["verify_url"] != "http://lectern.test/certificates/"+cid {
			t.Errorf("certificate = %v", cert)
		}
		// Unticking and ticking again, passing again: still the one certificate.
		qc.do(req{Method: "PUT", Path: completion, Token: qc.student.Access, Body: map[string]any{"completed": false}}).expect(t, 200)
		if p := qc.do(req{Method: "GET", Path: "/api/v1/courses/" + qc.course + "/progress", Token: qc.student.Access}).expect(t, 200); p.JSON["percent"] != float64(50) {
			t.Errorf("progress after unticking = %s", p.Body)
		}
		if r := qc.do(req{Method: "PUT", Path: completion, Token: qc.student.Access, Body: map[string]any{"completed": true}}).expect(t, 200); r.JSON["certificate"] != nil {
			t.Errorf("second certificate: %s", r.Body)
		}
		if r := qc.attempt(qc.student, qc.right).expect(t, 201); r.JSON["certificate"] != nil {
			t.Errorf("second certificate from a quiz: %s", r.Body)
		}
		mine := qc.do(req{Method: "GET", Path: "/api/v1/me/certificates", Token: qc.student.Access}).expect(t, 200).JSON["items"].([]any)
		if len(mine) != 1 || mine[0].(map[string]any)["id"] != cid {
			t.Errorf("my certificates = %v", mine)
		}
		if p := qc.do(req{Method: "GET", Path: "/api/v1/courses/" + qc.course + "/progress", Token: qc.student.Access}).expect(t, 200); p.JSON["percent"] != float64(100) ||
			p.JSON["certificate"].(map[string]any)["id"] != cid {
			t.Errorf("progress at 100%% = %s", p.Body)
		}

		if my := myCourse(t, qc.env, qc.student, qc.course); my["percent"] != float64(100) || my["certificate_id"] != cid {
			t.Errorf("my learning at 100%% = %v", my)
		}

		// Anyone verifies it; the PDF is a PDF naming the student.
		pub := qc.do(req{Method: "GET", Path: "/api/v1/certificates/" + cid}).expect(t, 200)
		if pub.str("student_name") != "Stu Dent" || pub.JSON["course"].(map[string]any)["title"] != "Quizzed" {
			t.Errorf("public certificate = %s", pub.Body)
		}
		if bytes.Contains(pub.Body, []byte("stu@x.io")) {
			t.Errorf("public certificate shows the email: %s", pub.Body)
		}
		pdf := qc.do(req{Method: "GET", Path: "/api/v1/certificates/" + cid + "/pdf"}).expect(t, 200)
		if pdf.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.Body, []byte("%PDF-")) || len(pdf.Body) < 1000 {
			t.Errorf("pdf: %s, %d bytes", pdf.Header.Get("Content-Type"), len(pdf.Body))
		}
		qc.do(req{Method: "GET", Path: "/api/v1/certificates/" + strings.ToUpper(cid)}).expect(t, 404)
		qc.do(req{Method: "GET", Path: "/api/v1/certificates/" + cid[:len(cid)-1]}).expect(t, 404)
		// Others have none.
		if l := qc.do(req{Method: "GET", Path: "/api/v1/me/certificates", Token: stranger.Access}).expect(t, 200); len(l.JSON["items"].([]any)) != 0 {
			t.Errorf("stranger's certificates = %s", l.Body)
		}
	})
}

// myCourse is course's entry in a's My learning list.
func myCourse(t *testing.T, e *env, a account, course string) map[string]any {
	t.Helper()
	r := e.do(req{Method: "GET", Path: "/api/v1/me/enrollments", Token: a.Access}).expect(t, 200)
	for _, it := range r.JSON["items"].([]any) {
		if m := it.(map[string]any); m["course"].(map[string]any)["id"] == course {
			return m
		}
	}
	t.Fatalf("course %s not in my learning: %s", course, r.Body)
	return nil
}
