package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// instructor registers a user and makes them an instructor.
func (e *env) instructor(email, name string) account {
	e.t.Helper()
	a := e.register(email, "teaching pass 42", name)
	e.do(req{Method: "POST", Path: "/api/v1/me/instructor", Token: a.Access}).expect(e.t, 200)
	return a
}

// course creates a course with fields and returns its JSON.
func (e *env) course(a account, fields map[string]any) resp {
	e.t.Helper()
	return e.do(req{Method: "POST", Path: "/api/v1/courses", Token: a.Access, Body: fields}).expect(e.t, 201)
}

// publishedCourse creates a course with one article lecture and publishes it.
func (e *env) publishedCourse(a account, fields map[string]any) string {
	e.t.Helper()
	if fields["description_md"] == nil {
		fields["description_md"] = "A course."
	}
	c := e.course(a, fields)
	cid := c.str("id")
	sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "Start"}}).expect(e.t, 201)
	e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec.str("id") + "/lectures", Token: a.Access,
		Body: map[string]any{"title": "Welcome", "kind": "article", "body_md": "Hello."}}).expect(e.t, 201)
	e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(e.t, 200)
	return cid
}

func TestCourseOwnership(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Alice Teacher")
		b := e.instructor("b@x.io", "Bob Teacher")
		student := e.register("s@x.io", "student pass 42", "Stu")
		root := e.admin()

		// Students cannot create courses.
		e.do(req{Method: "POST", Path: "/api/v1/courses", Token: student.Access, Body: map[string]any{"title": "Nope"}}).expect(t, 403)
		e.do(req{Method: "POST", Path: "/api/v1/courses", Body: map[string]any{"title": "Nope"}}).expect(t, 401)

		// Mass-assigned fields are ignored.
		c := e.course(a, map[string]any{"title": "Go for Beginners", "instructor_id": b.ID, "status": "published", "rating_avg": 5,
			"rating_count": 1000, "enrollment_count": 99, "slug": "hijack", "published_at": "2020-01-01T00:00:00Z", "id": "777"})
		cid := c.str("id")
		if c.str("status") != "draft" || c.JSON["rating_avg"] != float64(0) || c.JSON["rating_count"] != float64(0) ||
			c.JSON["enrollment_count"] != float64(0) || c.str("slug") != "go-for-beginners" || c.JSON["published_at"] != nil || cid == "777" {
			t.Errorf("created course = %s", c.Body)
		}
		if inst := c.JSON["instructor"].(map[string]any); inst["id"] != a.ID || inst["name"] != "Alice Teacher" {
			t.Errorf("instructor = %v, want Alice", inst)
		}
		p := e.do(req{Method: "PATCH", Path: "/api/v1/courses/" + cid, Token: a.Access, Body: map[string]any{"subtitle": "Sub", "status": "published", "instructor_id": b.ID, "rating_avg": 4.9}}).expect(t, 200)
		if p.str("status") != "draft" || p.JSON["rating_avg"] != float64(0) || p.str("subtitle") != "Sub" || p.JSON["instructor"].(map[string]any)["id"] != a.ID {
			t.Errorf("after PATCH with extra fields: %s", p.Body)
		}

		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S1"}}).expect(t, 201)
		lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec.str("id") + "/lectures", Token: a.Access, Body: map[string]any{"title": "L1", "kind": "article", "body_md": "x"}}).expect(t, 201)

		// Another instructor can neither see the draft nor touch any of it.
		for _, r := range []req{
			{Method: "GET", Path: "/api/v1/courses/" + cid},
			{Method: "GET", Path: "/api/v1/courses/go-for-beginners"},
			{Method: "PATCH", Path: "/api/v1/courses/" + cid, Body: map[string]any{"title": "Mine now"}},
			{Method: "DELETE", Path: "/api/v1/courses/" + cid},
			{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish"},
			{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Body: map[string]string{"title": "x"}},
			{Method: "PATCH", Path: "/api/v1/sections/" + sec.str("id"), Body: map[string]string{"title": "x"}},
			{Method: "DELETE", Path: "/api/v1/sections/" + sec.str("id")},
			{Method: "POST", Path: "/api/v1/sections/" + sec.str("id") + "/lectures", Body: map[string]any{"title": "x"}},
			{Method: "PATCH", Path: "/api/v1/lectures/" + lec.str("id"), Body: map[string]any{"title": "x"}},
			{Method: "DELETE", Path: "/api/v1/lectures/" + lec.str("id")},
			{Method: "PUT", Path: "/api/v1/courses/" + cid + "/curriculum", Body: map[string]any{"sections": []any{}}},
		} {
			for _, who := range []account{b, student} {
				r.Token = who.Access
				if got := e.do(r); got.Status != 404 {
					t.Errorf("%s %s by %s: status %d, want 404", r.Method, r.Path, who.Email, got.Status)
				}
			}
		}
		// The owner and an admin see it.
		e.do(req{Method: "GET", Path: "/api/v1/courses/" + cid, Token: a.Access}).expect(t, 200)
		adm := e.do(req{Method: "GET", Path: "/api/v1/courses/go-for-beginners", Token: root.Access}).expect(t, 200)
		if adm.JSON["can_edit"] != true {
			t.Errorf("admin can_edit = %v", adm.JSON["can_edit"])
		}

		// Once published, others may read it but still not change it (403).
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access, Body: nil}).expect(t, 422)
		e.do(req{Method: "PATCH", Path: "/api/v1/courses/" + cid, Token: a.Access, Body: map[string]any{"description_md": "Learn Go."}}).expect(t, 200)
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 200)
		pub := e.do(req{Method: "GET", Path: "/api/v1/courses/" + cid, Token: b.Access}).expect(t, 200)
		if pub.JSON["can_edit"] != false {
			t.Error("another instructor can_edit a published course")
		}
		lectures := pub.JSON["sections"].([]any)[0].(map[string]any)["lectures"].([]any)
		if _, leaked := lectures[0].(map[string]any)["body_md"]; leaked {
			t.Error("the public curriculum contains a lecture's body")
		}
		e.do(req{Method: "PATCH", Path: "/api/v1/courses/" + cid, Token: b.Access, Body: map[string]any{"title": "Mine now"}}).expect(t, 403)
		e.do(req{Method: "DELETE", Path: "/api/v1/lectures/" + lec.str("id"), Token: student.Access}).expect(t, 403)
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/unpublish", Token: b.Access}).expect(t, 403)

		// An admin may unpublish anyone's course; it is audited.
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/unpublish", Token: root.Access}).expect(t, 200)
		e.do(req{Method: "GET", Path: "/api/v1/courses/" + cid, Token: b.Access}).expect(t, 404)
		e.do(req{Method: "DELETE", Path: "/api/v1/courses/" + cid, Token: a.Access}).expect(t, 204)
		e.do(req{Method: "GET", Path: "/api/v1/courses/" + cid, Token: a.Access}).expect(t, 404)
	})
}

func TestCourseValidation(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Alice")
		cases := []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{}, "title"},
			{map[string]any{"title": "   "}, "title"},
			{map[string]any{"title": strings.Repeat("t", 121)}, "title"},
			{map[string]any{"title": "a\nb"}, "title"},
			{map[string]any{"title": "ok", "price_cents": -1}, "price_cents"},
			{map[string]any{"title": "ok", "price_cents": 1e12}, "price_cents"},
			{map[string]any{"title": "ok", "currency": "XXX"}, "currency"},
			{map[string]any{"title": "ok", "level": "expert"}, "level"},
			{map[string]any{"title": "ok", "language": "English"}, "language"},
			{map[string]any{"title": "ok", "category": "no-such-category"}, "category"},
			{map[string]any{"title": "ok", "price_cents": "12"}, "price_cents"},
		}
		for _, c := range cases {
			r := e.do(req{Method: "POST", Path: "/api/v1/courses", Token: a.Access, Body: c.body}).expect(t, 422)
			if r.fieldErrors()[c.field] == "" {
				t.Errorf("%v: no error for %s: %s", c.body, c.field, r.Body)
			}
		}
		list := e.do(req{Method: "GET", Path: "/api/v1/instructor/courses", Token: a.Access}).expect(t, 200)
		if n := len(list.JSON["items"].([]any)); n != 0 {
			t.Errorf("%d courses exist after invalid requests", n)
		}
		// Same title, different slugs; both reachable by slug.
		c1 := e.course(a, map[string]any{"title": "Ünïcode Café: Basics!", "category": "development", "level": "beginner", "language": "pt-BR", "price_cents": 1999, "currency": "EUR"})
		c2 := e.course(a, map[string]any{"title": "Ünïcode Café: Basics!"})
		if c1.str("slug") != "unicode-cafe-basics" || c2.str("slug") != "unicode-cafe-basics-2" {
			t.Errorf("slugs = %q, %q", c1.str("slug"), c2.str("slug"))
		}
		if cat := c1.JSON["category"].(map[string]any); cat["slug"] != "development" || c1.str("currency") != "EUR" || c1.JSON["price_cents"] != float64(1999) {
			t.Errorf("course = %s", c1.Body)
		}
		// Slugs are stable: a new title keeps the old slug.
		r := e.do(req{Method: "PATCH", Path: "/api/v1/courses/unicode-cafe-basics", Token: a.Access, Body: map[string]any{"title": "Renamed", "category": ""}}).expect(t, 200)
		if r.str("slug") != "unicode-cafe-basics" || r.JSON["category"] != nil {
			t.Errorf("after rename: %s", r.Body)
		}
	})
}

func TestPublishingRules(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Alice")
		cid := e.course(a, map[string]any{"title": "Empty"}).str("id")
		r := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 422)
		fe := r.fieldErrors()
		if fe["description_md"] == "" || fe["curriculum"] == "" {
			t.Errorf("missing items = %v", fe)
		}
		e.do(req{Method: "PATCH", Path: "/api/v1/courses/" + cid, Token: a.Access, Body: map[string]any{"description_md": "All about it."}}).expect(t, 200)
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201)
		video := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec.str("id") + "/lectures", Token: a.Access, Body: map[string]any{"title": "A video"}}).expect(t, 201)
		if video.str("kind") != "video" {
			t.Errorf("default kind = %q", video.str("kind"))
		}
		article := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec.str("id") + "/lectures", Token: a.Access, Body: map[string]any{"title": "Notes", "kind": "article"}}).expect(t, 201)
		r = e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 422)
		fe = r.fieldErrors()
		if fe["lectures."+video.str("id")+".video"] == "" || fe["lectures."+article.str("id")+".body_md"] == "" || fe["curriculum"] != "" || fe["description_md"] != "" {
			t.Errorf("missing items = %v", fe)
		}
		e.do(req{Method: "DELETE", Path: "/api/v1/lectures/" + video.str("id"), Token: a.Access}).expect(t, 204)
		e.do(req{Method: "PATCH", Path: "/api/v1/lectures/" + article.str("id"), Token: a.Access, Body: map[string]any{"body_md": "# Notes\n\nRead me."}}).expect(t, 200)
		pub := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 200)
		if pub.str("status") != "published" || pub.JSON["published_at"] == nil {
			t.Errorf("published = %s", pub.Body)
		}
		first := pub.str("published_at")
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/unpublish", Token: a.Access}).expect(t, 200)
		again := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 200)
		if again.str("published_at") != first {
			t.Errorf("republishing moved published_at from %s to %s", first, again.str("published_at"))
		}
	})
}

func TestCurriculum(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Alice")
		b := e.instructor("b@x.io", "Bob")
		cid := e.course(a, map[string]any{"title": "C"}).str("id")
		s1 := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "One"}}).expect(t, 201).str("id")
		s2 := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "Two"}}).expect(t, 201).str("id")
		add := func(sec, title string) string {
			return e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": title, "kind": "article", "is_preview": title == "L1"}}).expect(t, 201).str("id")
		}
		l1, l2, l3 := add(s1, "L1"), add(s1, "L2"), add(s2, "L3")
		order := func() string {
			r := e.do(req{Method: "GET", Path: "/api/v1/courses/" + cid, Token: a.Access}).expect(t, 200)
			var parts []string
			for _, s := range r.JSON["sections"].([]any) {
				sm := s.(map[string]any)
				var ls []string
				for _, l := range sm["lectures"].([]any) {
					lm := l.(map[string]any)
					ls = append(ls, fmt.Sprintf("%s@%v", lm["title"], lm["position"]))
				}
				parts = append(parts, fmt.Sprintf("%s@%v[%s]", sm["title"], sm["position"], strings.Join(ls, " ")))
			}
			return strings.Join(parts, " ")
		}
		if got := order(); got != "One@1[L1@1 L2@2] Two@2[L3@1]" {
			t.Errorf("initial order = %s", got)
		}
		// Move L1 to the second section, put Two first; ids as numbers or strings.
		r := e.do(req{Method: "PUT", Path: "/api/v1/courses/" + cid + "/curriculum", Token: a.Access, Body: fmt.Sprintf(
			`{"sections":[{"id":%s,"lectures":[%q,%s]},{"id":"%s","lectures":[%s]}]}`, s2, l3, l1, s1, l2)}).expect(t, 200)
		if len(r.JSON["sections"].([]any)) != 2 {
			t.Errorf("PUT curriculum = %s", r.Body)
		}
		if got := order(); got != "Two@1[L3@1 L1@2] One@2[L2@1]" {
			t.Errorf("after reorder = %s", got)
		}
		bad := []string{
			fmt.Sprintf(`{"sections":[{"id":"%s","lectures":["%s","%s"]}]}`, s2, l3, l1),                                                // a section missing
			fmt.Sprintf(`{"sections":[{"id":"%s","lectures":["%s"]},{"id":"%s","lectures":["%s"]}]}`, s2, l3, s1, l2),                   // a lecture missing
			fmt.Sprintf(`{"sections":[{"id":"%s","lectures":["%s","%s","%s"]},{"id":"%s","lectures":["%s"]}]}`, s2, l3, l1, l1, s1, l2), // twice
			fmt.Sprintf(`{"sections":[{"id":"%s","lectures":["%s","%s","999"]},{"id":"%s","lectures":["%s"]}]}`, s2, l3, l1, s1, l2),    // foreign
			`{"sections":[{"id":"abc","lectures":[]}]}`,
			`{}`,
		}
		for _, body := range bad {
			e.do(req{Method: "PUT", Path: "/api/v1/courses/" + cid + "/curriculum", Token: a.Access, Body: body}).expect(t, 422)
		}
		if got := order(); got != "Two@1[L3@1 L1@2] One@2[L2@1]" {
			t.Errorf("a refused reorder changed the order: %s", got)
		}
		// A lecture of another course cannot be pulled in.
		other := e.course(b, map[string]any{"title": "B's"}).str("id")
		os := e.do(req{Method: "POST", Path: "/api/v1/courses/" + other + "/sections", Token: b.Access, Body: map[string]string{"title": "X"}}).expect(t, 201).str("id")
		ol := e.do(req{Method: "POST", Path: "/api/v1/sections/" + os + "/lectures", Token: b.Access, Body: map[string]any{"title": "Theirs"}}).expect(t, 201).str("id")
		e.do(req{Method: "PUT", Path: "/api/v1/courses/" + cid + "/curriculum", Token: a.Access, Body: fmt.Sprintf(
			`{"sections":[{"id":"%s","lectures":["%s","%s","%s"]},{"id":"%s","lectures":["%s"]}]}`, s2, l3, l1, ol, s1, l2)}).expect(t, 422)

		e.do(req{Method: "PATCH", Path: "/api/v1/sections/" + s2, Token: a.Access, Body: map[string]string{"title": "Second"}}).expect(t, 200)
		e.do(req{Method: "PATCH", Path: "/api/v1/sections/" + s2, Token: a.Access, Body: map[string]string{"title": ""}}).expect(t, 422)
		e.do(req{Method: "PATCH", Path: "/api/v1/lectures/" + l2, Token: a.Access, Body: map[string]any{"kind": "podcast"}}).expect(t, 422)
		e.do(req{Method: "DELETE", Path: "/api/v1/sections/" + s2, Token: a.Access}).expect(t, 204)
		if got := order(); got != "One@1[L2@1]" {
			t.Errorf("after deleting a section = %s", got)
		}
		e.do(req{Method: "GET", Path: "/api/v1/lectures/" + l1, Token: a.Access}) // no such route: just must not crash
		e.do(req{Method: "PATCH", Path: "/api/v1/lectures/" + l1, Token: a.Access, Body: map[string]any{"title": "gone"}}).expect(t, 404)
	})
}
