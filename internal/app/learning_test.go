package app_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// recount computes a course's rating from its visible reviews, the way a
// person checking the aggregate would.
func recount(t *testing.T, e *env, course string) (float64, int) {
	t.Helper()
	sum, n := 0, 0
	cursor := ""
	for {
		path := "/api/v1/courses/" + course + "/reviews?limit=100"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		r := e.do(req{Method: "GET", Path: path}).expect(t, 200)
		for _, it := range r.JSON["items"].([]any) {
			sum += int(it.(map[string]any)["rating"].(float64))
			n++
		}
		next, _ := r.JSON["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if n == 0 {
		return 0, 0
	}
	return float64(sum) / float64(n), n
}

func checkAggregate(t *testing.T, e *env, course string) {
	t.Helper()
	avg, n := recount(t, e, course)
	c := e.do(req{Method: "GET", Path: "/api/v1/courses/" + course}).expect(t, 200)
	if int(c.JSON["rating_count"].(float64)) != n || math.Abs(c.JSON["rating_avg"].(float64)-avg) > 1e-9 {
		t.Errorf("course says %v/%v, recount says %v/%d", c.JSON["rating_avg"], c.JSON["rating_count"], avg, n)
	}
	s := e.do(req{Method: "GET", Path: "/api/v1/courses/" + course + "/reviews"}).expect(t, 200).JSON["summary"].(map[string]any)
	if int(s["count"].(float64)) != n {
		t.Errorf("summary count %v, recount %d", s["count"], n)
	}
	total := 0
	for _, v := range s["histogram"].(map[string]any) {
		total += int(v.(float64))
	}
	if total != n {
		t.Errorf("histogram sums to %d, recount %d", total, n)
	}
}

func TestReviewRules(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target, func(c *config.Config) { c.BannedWords = "scam, rubbish" })
		path := "/api/v1/courses/" + s.free + "/reviews/me"
		stranger := s.register("stranger@x.io", "student pass 42", "Stranger")
		s.do(req{Method: "PUT", Path: path, Token: stranger.Access, Body: map[string]any{"rating": 5}}).expect(t, 403)
		s.do(req{Method: "PUT", Path: path, Token: s.teacher.Access, Body: map[string]any{"rating": 5}}).expect(t, 403)
		s.do(req{Method: "PUT", Path: path, Body: map[string]any{"rating": 5}}).expect(t, 401)
		s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.free + "/enroll", Token: s.student.Access}).expect(t, 201)
		for _, bad := range []map[string]any{{"rating": 0}, {"rating": 6}, {"rating": "five"}, {}} {
			s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: bad}).expect(t, 422)
		}
		xss := `<script>alert("x")</script> Great course`
		r := s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"rating": 4, "comment": xss}}).expect(t, 201)
		if r.str("comment") != xss || r.str("status") != "visible" || r.JSON["user"].(map[string]any)["name"] != "Stu" {
			t.Errorf("review = %s", r.Body)
		}
		checkAggregate(t, s.env, s.free)
		// One per student: a second PUT updates it.
		s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"rating": 2, "comment": "Changed my mind"}}).expect(t, 200)
		c := s.do(req{Method: "GET", Path: "/api/v1/courses/" + s.free}).expect(t, 200)
		if c.JSON["rating_count"] != float64(1) || c.JSON["rating_avg"] != float64(2) {
			t.Errorf("after update: %v/%v", c.JSON["rating_avg"], c.JSON["rating_count"])
		}
		checkAggregate(t, s.env, s.free)

		// Others.
		var ids []string
		for i := 0; i < 4; i++ {
			a := s.register(fmt.Sprintf("r%d@x.io", i), "student pass 42", fmt.Sprintf("R%d", i))
			s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.free + "/enroll", Token: a.Access}).expect(t, 201)
			ids = append(ids, s.do(req{Method: "PUT", Path: path, Token: a.Access, Body: map[string]any{"rating": 5 - i%2}}).expect(t, 201).str("id"))
		}
		checkAggregate(t, s.env, s.free)
		// Sort by rating and paginate.
		byRating := s.do(req{Method: "GET", Path: "/api/v1/courses/" + s.free + "/reviews?sort=rating&limit=2"}).expect(t, 200)
		if first := byRating.JSON["items"].([]any)[0].(map[string]any); first["rating"] != float64(5) || byRating.JSON["next_cursor"] == nil {
			t.Errorf("by rating = %s", byRating.Body)
		}

		// A banned word flags the review: hidden from the public and the rating.
		banned := s.register("rude@x.io", "student pass 42", "Rude")
		s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.free + "/enroll", Token: banned.Access}).expect(t, 201)
		fl := s.do(req{Method: "PUT", Path: path, Token: banned.Access, Body: map[string]any{"rating": 1, "comment": "Total SCAM."}}).expect(t, 201)
		if fl.str("status") != "flagged" {
			t.Errorf("banned word: %s", fl.Body)
		}
		checkAggregate(t, s.env, s.free)

		// Reports: once per user; three hide the review until an admin decides.
		victim := ids[0]
		reporters := []account{s.student}
		for i := 0; i < 3; i++ {
			a := s.register(fmt.Sprintf("rep%d@x.io", i), "student pass 42", "Rep")
			reporters = append(reporters, a)
		}
		s.do(req{Method: "POST", Path: "/api/v1/reviews/" + victim + "/report", Token: s.student.Access, Body: map[string]string{"reason": "off topic"}}).expect(t, 201)
		s.do(req{Method: "POST", Path: "/api/v1/reviews/" + victim + "/report", Token: s.student.Access, Body: map[string]string{"reason": "again"}}).expect(t, 409)
		s.do(req{Method: "POST", Path: "/api/v1/reviews/" + victim + "/report", Token: reporters[1].Access, Body: map[string]string{"reason": ""}}).expect(t, 422)
		s.do(req{Method: "POST", Path: "/api/v1/reviews/" + victim + "/report", Body: map[string]string{"reason": "x"}}).expect(t, 401)
		s.do(req{Method: "POST", Path: "/api/v1/reviews/" + victim + "/report", Token: reporters[1].Access, Body: map[string]string{"reason": "spam"}}).expect(t, 201)
		before, _ := recount(t, s.env, s.free)
		s.do(req{Method: "POST", Path: "/api/v1/reviews/" + victim + "/report", Token: reporters[2].Access, Body: map[string]string{"reason": "spam"}}).expect(t, 201)
		if after, _ := recount(t, s.env, s.free); after == before {
			// the review left the public list, so the recount changed
			t.Log("recount unchanged (same ratings); checking the list instead")
		}
		pub := s.do(req{Method: "GET", Path: "/api/v1/courses/" + s.free + "/reviews?limit=100"}).expect(t, 200)
		for _, it := range pub.JSON["items"].([]any) {
			if it.(map[string]any)["id"] == victim {
				t.Error("a review with three reports is still public")
			}
		}
		checkAggregate(t, s.env, s.free)

		// The moderation queue; hide, restore, delete, all audited.
		adm := s.admin()
		q := s.do(req{Method: "GET", Path: "/api/v1/admin/reviews?status=flagged", Token: adm.Access}).expect(t, 200)
		if n := len(q.JSON["items"].([]any)); n != 2 {
			t.Errorf("flagged queue has %d reviews, want 2: %s", n, q.Body)
		}
		s.do(req{Method: "GET", Path: "/api/v1/admin/reviews?status=flagged", Token: s.student.Access}).expect(t, 403)
		s.do(req{Method: "PATCH", Path: "/api/v1/admin/reviews/" + victim, Token: adm.Access, Body: map[string]string{"status": "visible", "reason": "reports were wrong"}}).expect(t, 200)
		checkAggregate(t, s.env, s.free)
		s.do(req{Method: "PATCH", Path: "/api/v1/admin/reviews/" + victim, Token: adm.Access, Body: map[string]string{"status": "hidden", "reason": "abusive"}}).expect(t, 200)
		checkAggregate(t, s.env, s.free)
		s.do(req{Method: "PATCH", Path: "/api/v1/admin/reviews/" + victim, Token: adm.Access, Body: map[string]string{"status": "weird"}}).expect(t, 422)
		s.do(req{Method: "DELETE", Path: "/api/v1/reviews/" + ids[1] + "?reason=duplicate", Token: adm.Access}).expect(t, 204)
		s.do(req{Method: "DELETE", Path: "/api/v1/reviews/" + ids[2], Token: s.student.Access}).expect(t, 403)
		checkAggregate(t, s.env, s.free)
		log := s.do(req{Method: "GET", Path: "/api/v1/admin/audit-log", Token: adm.Access}).expect(t, 200)
		var actions []string
		for _, it := range log.JSON["items"].([]any) {
			m := it.(map[string]any)
			actions = append(actions, m["action"].(string)+":"+m["detail"].(string))
		}
		want := []string{"review.delete", "review.hide", "review.restore"}
		for i, w := range want {
			if i >= len(actions) || len(actions[i]) < len(w) || actions[i][:len(w)] != w {
				t.Errorf("audit log = %v, want %v first", actions, want)
				break
			}
		}

		// The instructor replies (once, editable); nobody else may.
		s.do(req{Method: "PUT", Path: "/api/v1/reviews/" + ids[3] + "/reply", Token: s.student.Access, Body: map[string]string{"body": "hi"}}).expect(t, 403)
		s.do(req{Method: "PUT", Path: "/api/v1/reviews/" + ids[3] + "/reply", Token: s.teacher.Access, Body: map[string]string{"body": "Thanks!"}}).expect(t, 200)
		rep := s.do(req{Method: "PUT", Path: "/api/v1/reviews/" + ids[3] + "/reply", Token: s.teacher.Access, Body: map[string]string{"body": "Thank you!"}}).expect(t, 200)
		if rep.str("instructor_reply") != "Thank you!" {
			t.Errorf("reply = %s", rep.Body)
		}

		// Delete your own.
		s.do(req{Method: "DELETE", Path: path, Token: s.student.Access}).expect(t, 204)
		s.do(req{Method: "DELETE", Path: path, Token: s.student.Access}).expect(t, 404)
		checkAggregate(t, s.env, s.free)
	})
}

func TestRefundedStudentCannotReview(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		oid := s.checkout(s.student, map[string]any{"course_ids": []string{s.paid}}).expect(t, 201).str("order_id")
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/test-payment", Token: s.student.Access, Body: map[string]string{"action": "pay"}}).expect(t, 200)
		path := "/api/v1/courses/" + s.paid + "/reviews/me"
		s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"rating": 5}}).expect(t, 201)
		s.do(req{Method: "POST", Path: "/api/v1/orders/" + oid + "/refund", Token: s.student.Access}).expect(t, 200)
		s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"rating": 1}}).expect(t, 403)
	})
}

func TestConcurrentReviewsKeepTheAggregateExact(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		var students []account
		for i := 0; i < 16; i++ {
			a := s.register(fmt.Sprintf("c%d@x.io", i), "student pass 42", "C")
			s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.free + "/enroll", Token: a.Access}).expect(t, 201)
			students = append(students, a)
		}
		var wg sync.WaitGroup
		for i, a := range students {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.do(req{Method: "PUT", Path: "/api/v1/courses/" + s.free + "/reviews/me", Token: a.Access, Body: map[string]any{"rating": 1 + i%5}})
			}()
		}
		wg.Wait()
		c := s.do(req{Method: "GET", Path: "/api/v1/courses/" + s.free}).expect(t, 200)
		want := 0.0
		for i := range students {
			want += float64(1 + i%5)
		}
		want /= float64(len(students))
		if c.JSON["rating_count"] != float64(16) || math.Abs(c.JSON["rating_avg"].(float64)-want) > 1e-9 {
			t.Errorf("after 16 concurrent reviews: %v/%v, want %v/16", c.JSON["rating_avg"], c.JSON["rating_count"], want)
		}
		checkAggregate(t, s.env, s.free)
	})
}

func TestProgress(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		d := s.do(req{Method: "GET", Path: "/api/v1/courses/" + s.free, Token: s.teacher.Access}).expect(t, 200)
		lec := d.JSON["sections"].([]any)[0].(map[string]any)["lectures"].([]any)[0].(map[string]any)["id"].(string)
		path := "/api/v1/lectures/" + lec + "/progress"
		s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"position_s": 0, "completed": true}}).expect(t, 403)
		s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.free + "/enroll", Token: s.student.Access}).expect(t, 201)
		s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"position_s": -1}}).expect(t, 422)
		p := s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"position_s": 0}}).expect(t, 200)
		if p.JSON["completed"] != false {
			t.Errorf("opened article counted as done: %s", p.Body)
		}
		cp := s.do(req{Method: "GET", Path: "/api/v1/courses/" + s.free + "/progress", Token: s.student.Access}).expect(t, 200)
		if cp.JSON["percent"] != float64(0) || cp.str("next_lecture_id") != lec {
			t.Errorf("progress = %s", cp.Body)
		}
		s.do(req{Method: "PUT", Path: path, Token: s.student.Access, Body: map[string]any{"position_s": 0, "completed": true}}).expect(t, 200)
		cp = s.do(req{Method: "GET", Path: "/api/v1/courses/" + s.free + "/progress", Token: s.student.Access}).expect(t, 200)
		if cp.JSON["percent"] != float64(100) || !cp.JSON["lectures"].([]any)[0].(map[string]any)["completed"].(bool) {
			t.Errorf("after marking done = %s", cp.Body)
		}
	})
}

// A video lecture is complete only when most of it was really played:
// seeking to the end or claiming more than the clock allows does not count.
func TestVideoCompletionNeedsWatching(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	e := setup(t, testdb.SQLite(t), "")
	e.startWorkers()
	a := e.instructor("a@x.io", "Ada")
	ctx := context.Background()
	u, _ := e.app.DB.UserByEmail(ctx, "a@x.io")
	cid := e.course(a, map[string]any{"title": "Watch", "description_md": "x"}).str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
	lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "V"}}).expect(t, 201).str("id")
	lid := mustInt(lec)
	if _, err := e.app.Media.ImportFile(ctx, u.ID, lid, clip(t, 8, "320x240", false), "v.mp4"); err != nil {
		t.Fatal(err)
	}
	if v := e.waitVideo(a.Access, lec); v.str("status") != "ready" {
		t.Fatalf("video = %s", v.Body)
	}
	e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 200)
	st := e.register("s@x.io", "student pass 42", "S")
	e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/enroll", Token: st.Access}).expect(t, 201)
	path := "/api/v1/lectures/" + lec + "/progress"
	// Seek to the end: position, but nothing watched.
	p := e.do(req{Method: "PUT", Path: path, Token: st.Access, Body: map[string]any{"position_s": 8, "watched_s": 0}}).expect(t, 200)
	if p.JSON["completed"] != false {
		t.Fatal("seeking to the end completed the lecture")
	}
	// Claiming 8 s watched a moment later: capped by the clock.
	p = e.do(req{Method: "PUT", Path: path, Token: st.Access, Body: map[string]any{"position_s": 8, "watched_s": 8}}).expect(t, 200)
	if p.JSON["completed"] != false || p.JSON["watched_s"].(float64) > 4 {
		t.Fatalf("an impossible claim counted: %s", p.Body)
	}
	// Three seconds later (at 2x speed six can be played) it adds up.
	time.Sleep(3 * time.Second)
	p = e.do(req{Method: "PUT", Path: path, Token: st.Access, Body: map[string]any{"position_s": 8, "watched_s": 6}}).expect(t, 200)
	if p.JSON["completed"] != true {
		t.Fatalf("all of 8 s watched is not complete: %s", p.Body)
	}
	_ = store.ReviewVisible
}
