package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
)

// firstLecture is the id of a course's first lecture.
func (e *env) firstLecture(a account, course string) string {
	e.t.Helper()
	r := e.do(req{Method: "GET", Path: "/api/v1/courses/" + course, Token: a.Access}).expect(e.t, 200)
	return r.JSON["sections"].([]any)[0].(map[string]any)["lectures"].([]any)[0].(map[string]any)["id"].(string)
}

func (e *env) advance(root account, seconds int64) {
	e.t.Helper()
	e.do(req{Method: "POST", Path: "/api/v1/admin/test-clock", Token: root.Access, Body: map[string]any{"seconds": seconds}}).expect(e.t, 200)
}

func (e *env) subscription(a account) resp {
	e.t.Helper()
	return e.do(req{Method: "GET", Path: "/api/v1/me/subscription", Token: a.Access})
}

// subscribeLocal subscribes a to the monthly plan on the test provider
// and pays; it returns the subscription id.
func (e *env) subscribeLocal(a account) string {
	e.t.Helper()
	co := e.do(req{Method: "POST", Path: "/api/v1/subscriptions/checkout", Token: a.Access, Body: map[string]any{"plan": "all-access", "interval": "month"}}).expect(e.t, 201)
	sub := e.subscription(a).expect(e.t, 200)
	if sub.str("status") != "incomplete" || co.str("checkout_url") != "http://lectern.test/subscribe/test/"+sub.str("id") {
		e.t.Fatalf("after checkout: %s, %s", co.Body, sub.Body)
	}
	paid := e.do(req{Method: "POST", Path: "/api/v1/subscriptions/" + sub.str("id") + "/test", Token: a.Access, Body: map[string]string{"action": "pay"}}).expect(e.t, 200)
	if paid.str("status") != "active" {
		e.t.Fatalf("after paying: %s", paid.Body)
	}
	return sub.str("id")
}

func subShare(r resp, closed bool) map[string]any {
	for _, item := range r.JSON["subscription"].([]any) {
		m := item.(map[string]any)
		if m["closed"] == closed {
			return m
		}
	}
	return nil
}

func TestSubscriptionWithTestProvider(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) { c.TestClock = true })
		root := e.admin()
		a := e.instructor("a@x.io", "Ada Teacher")
		b := e.instructor("b@x.io", "Bo Teacher")
		c := e.instructor("c@x.io", "Cy Teacher")
		stu := e.register("stu@x.io", "student pass 42", "Stu")
		a1 := e.publishedCourse(a, map[string]any{"title": "A One", "price_cents": 1999, "currency": "USD"})
		a2 := e.publishedCourse(a, map[string]any{"title": "A Two", "price_cents": 1999, "currency": "USD"})
		b1 := e.publishedCourse(b, map[string]any{"title": "B One", "price_cents": 2999, "currency": "USD"})
		c1 := e.publishedCourse(c, map[string]any{"title": "C One", "price_cents": 999, "currency": "USD"})

		// No plan on sale yet; an admin sets the prices.
		if r := e.do(req{Method: "GET", Path: "/api/v1/plans"}).expect(t, 200); len(r.JSON["items"].([]any)) != 0 {
			t.Fatalf("plans before any = %s", r.Body)
		}
		e.do(req{Method: "PUT", Path: "/api/v1/admin/plans/all-access", Token: a.Access, Body: map[string]any{"name": "All access", "currency": "USD", "monthly_cents": 1000, "yearly_cents": 10000}}).expect(t, 403)
		bad := e.do(req{Method: "PUT", Path: "/api/v1/admin/plans/all-access", Token: root.Access, Body: map[string]any{"name": "", "currency": "US", "monthly_cents": -1}}).expect(t, 422)
		if f := bad.fieldErrors(); f["name"] == "" || f["currency"] == "" || f["monthly_cents"] == "" {
			t.Errorf("plan field errors = %v", f)
		}
		e.do(req{Method: "PUT", Path: "/api/v1/admin/plans/all-access", Token: root.Access, Body: map[string]any{"name": "All access", "currency": "usd", "monthly_cents": 1000, "yearly_cents": 10000}}).expect(t, 200)
		if r := e.do(req{Method: "GET", Path: "/api/v1/plans"}).expect(t, 200); r.JSON["items"].([]any)[0].(map[string]any)["monthly_cents"] != float64(1000) {
			t.Fatalf("plans = %s", r.Body)
		}

		// Instructors opt courses in; only the course's own instructor may.
		for _, cid := range []string{a1, a2} {
			e.do(req{Method: "PUT", Path: "/api/v1/courses/" + cid + "/subscription", Token: b.Access, Body: map[string]any{"in_subscription": true}}).expect(t, 403)
			e.do(req{Method: "PUT", Path: "/api/v1/courses/" + cid + "/subscription", Token: a.Access, Body: map[string]any{"in_subscription": true}}).expect(t, 200)
		}
		e.do(req{Method: "PUT", Path: "/api/v1/courses/" + b1 + "/subscription", Token: b.Access, Body: map[string]any{"in_subscription": true}}).expect(t, 200)
		if r := e.do(req{Method: "GET", Path: "/api/v1/courses/" + c1 + "/subscription"}).expect(t, 200); r.JSON["in_subscription"] != false {
			t.Errorf("c1 in subscription = %s", r.Body)
		}

		la1, la2, lb1, lc1 := e.firstLecture(a, a1), e.firstLecture(a, a2), e.firstLecture(b, b1), e.firstLecture(c, c1)
		content := func(lecture string) int {
			return e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lecture + "/content", Token: stu.Access}).Status
		}
		if got := content(la1); got != 403 {
			t.Fatalf("content before subscribing = %d", got)
		}
		e.subscription(stu).expect(t, 404)
		e.do(req{Method: "POST", Path: "/api/v1/subscriptions/checkout", Token: stu.Access, Body: map[string]any{"plan": "all-access", "interval": "week"}}).expect(t, 422)
		sid := e.subscribeLocal(stu)
		e.do(req{Method: "POST", Path: "/api/v1/subscriptions/checkout", Token: stu.Access, Body: map[string]any{"plan": "all-access", "interval": "month"}}).expect(t, 409)
		other := e.register("other@x.io", "student pass 43", "Other")
		e.do(req{Method: "POST", Path: "/api/v1/subscriptions/" + sid + "/test", Token: other.Access, Body: map[string]string{"action": "cancel"}}).expect(t, 404)
		if !e.mailTo("stu@x.io", "subscription payment") {
			t.Error("no receipt emailed for the first payment")
		}

		// Access follows the subscription: opted-in courses open, others not.
		for l, want := range map[string]int{la1: 200, la2: 200, lb1: 200, lc1: 403} {
			if got := content(l); got != want {
				t.Errorf("content of %s while subscribed = %d, want %d", l, got, want)
			}
		}
		// Watch time: a's two lectures, b's one; c's course is refused.
		for _, l := range []string{la1, la2, lb1} {
			e.do(req{Method: "PUT", Path: "/api/v1/lectures/" + l + "/progress", Token: stu.Access, Body: map[string]any{"position_s": 1, "watched_s": 5}}).expect(t, 200)
		}
		e.do(req{Method: "PUT", Path: "/api/v1/lectures/" + lc1 + "/progress", Token: stu.Access, Body: map[string]any{"position_s": 1, "watched_s": 5}}).expect(t, 403)
		if r := e.do(req{Method: "GET", Path: "/api/v1/instructor/revenue", Token: a.Access}).expect(t, 200); subShare(r, false)["seconds_watched"] != float64(4) {
			t.Errorf("a's open month = %s", r.Body)
		}

		// 35 days on: the plan renewed, the first month closed and split
		// 70/30, a's 4 seconds against b's 2: 700 -> 467 + 233.
		e.advance(root, 35*24*3600)
		if sub := e.subscription(stu).expect(t, 200); sub.str("status") != "active" {
			t.Errorf("after renewal = %s", sub.Body)
		}
		if subID := mustID(t, sid); subID > 0 {
			if ps, err := e.app.DB.SubscriptionPayments(context.Background(), subID); err != nil || len(ps) != 2 || ps[1].Status != "paid" {
				t.Errorf("payments after renewal = %+v, %v", ps, err)
			}
		}
		for who, want := range map[account]float64{a: 467, b: 233} {
			r := e.do(req{Method: "GET", Path: "/api/v1/instructor/revenue", Token: who.Access}).expect(t, 200)
			if sh := subShare(r, true); sh == nil || sh["amount_cents"] != want || sh["currency"] != "USD" {
				t.Errorf("%s's closed month = %s, want %v", who.Email, r.Body, want)
			}
		}
		if r := e.do(req{Method: "GET", Path: "/api/v1/instructor/revenue", Token: c.Access}).expect(t, 200); subShare(r, true) != nil {
			t.Errorf("c did not opt in but got a share: %s", r.Body)
		}

		// A failed renewal: past_due, access kept through the grace period, then ended.
		e.do(req{Method: "POST", Path: "/api/v1/subscriptions/" + sid + "/test", Token: stu.Access, Body: map[string]string{"action": "fail_next"}}).expect(t, 200)
		e.advance(root, 31*24*3600)
		if sub := e.subscription(stu).expect(t, 200); sub.str("status") != "past_due" {
			t.Errorf("after a failed renewal = %s", sub.Body)
		}
		if got := content(la1); got != 200 {
			t.Errorf("content in the grace period = %d", got)
		}
		e.advance(root, 8*24*3600)
		if sub := e.subscription(stu).expect(t, 200); sub.str("status") != "ended" {
			t.Errorf("after the grace period = %s", sub.Body)
		}
		if got := content(la1); got != 403 {
			t.Errorf("content after the subscription ended = %d", got)
		}

		// Cancel at period end: access until the period ends, then none.
		stu2 := e.register("stu2@x.io", "student pass 44", "Stu Two")
		sid2 := e.subscribeLocal(stu2)
		portal := e.do(req{Method: "POST", Path: "/api/v1/me/subscription/portal", Token: stu2.Access}).expect(t, 200)
		if portal.str("url") != "http://lectern.test/subscribe/test/"+sid2 {
			t.Errorf("portal = %s", portal.Body)
		}
		cancel := e.do(req{Method: "POST", Path: "/api/v1/subscriptions/" + sid2 + "/test", Token: stu2.Access, Body: map[string]string{"action": "cancel"}}).expect(t, 200)
		if cancel.str("status") != "canceled" || cancel.JSON["cancel_at_period_end"] != true {
			t.Errorf("after cancel = %s", cancel.Body)
		}
		if got := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lb1 + "/content", Token: stu2.Access}).Status; got != 200 {
			t.Errorf("content after cancel, before period end = %d", got)
		}
		e.advance(root, 32*24*3600)
		if sub := e.subscription(stu2).expect(t, 200); sub.str("status") != "ended" {
			t.Errorf("after the canceled period = %s", sub.Body)
		}
		if got := e.do(req{Method: "GET", Path: "/api/v1/lectures/" + lb1 + "/content", Token: stu2.Access}).Status; got != 403 {
			t.Errorf("content after the canceled period ended = %d", got)
		}
	})
}

// mailTo reports whether an email whose subject contains word was queued to addr.
func (e *env) mailTo(addr, word string) bool {
	e.t.Helper()
	emails, err := e.app.DB.EmailsTo(context.Background(), addr)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range emails {
		if strings.Contains(m.Subject, word) {
			return true
		}
	}
	return false
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
