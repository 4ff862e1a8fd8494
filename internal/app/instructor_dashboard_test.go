package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// TestInstructorDashboard: the dashboard's figures, computed by hand. Two
// instructors share a buyer; sales fall before and inside the 30-day
// window (the commerce clock is moved 30 days on between the two); a
// refund costs the instructor their share of it and counts against its
// sale, as in the revenue report; a hidden review and the other
// instructor's sales, students, reviews and questions stay out; students
// are refused and an admin sees only their own (empty) figures.
func TestInstructorDashboard(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "", func(c *config.Config) {
			c.TestClock, c.RefundWindow, c.RevenueShare = true, 30*24*time.Hour, 70
		})
		ctx, svc := context.Background(), e.app.Commerce
		clock := svc.Clock.(*commerce.TestClock)
		teach, rivalAcc := e.instructor("teach@x.io", "Teacher"), e.instructor("rival@x.io", "Rival")
		root := e.storeUser(e.admin())
		s1 := e.storeUser(e.register("s1@x.io", "student pass 41", "Sam One"))
		s2 := e.storeUser(e.register("s2@x.io", "student pass 42", "Sam Two"))
		s3 := e.storeUser(e.register("s3@x.io", "student pass 43", "Sam Three"))
		s4 := e.storeUser(e.register("s4@x.io", "student pass 44", "Sam Four"))
		xID := e.publishedCourse(teach, map[string]any{"title": "Xylophone", "price_cents": 10000, "currency": "USD"})
		yID := e.publishedCourse(teach, map[string]any{"title": "Yodel", "price_cents": 2000, "currency": "EUR"})
		rID := e.publishedCourse(rivalAcc, map[string]any{"title": "Rival's", "price_cents": 5000, "currency": "USD"})
		x, y, rc := mustID(t, xID), mustID(t, yID), mustID(t, rID)
		ins, rival := e.storeUser(teach), e.storeUser(rivalAcc)

		// Before the window: s1 buys X with the rival's course, and Y; s2
		// buys X and takes their money back.
		e.buy(s1, x, rc)
		e.buy(s1, y)
		if _, err := svc.Refund(ctx, s2, e.buy(s2, x).ID, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		// Thirty days on: everything so far is older than the window.
		clock.Stop()
		clock.Advance(commerce.DashboardWindow)
		time.Sleep(time.Millisecond) // stored times are truncated to the microsecond
		// Inside the window: s3 buys X; s4 buys Y and refunds it.
		e.buy(s3, x)
		if _, err := svc.Refund(ctx, s4, e.buy(s4, y).ID, ""); err != nil {
			t.Fatal(err)
		}

		// Reviews: s3's is hidden by an admin; the rival's is theirs.
		review := func(u *store.User, course int64, rating int, comment string) *store.Review {
			r, _, err := e.app.Learning.Review(ctx, u, course, rating, comment)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		review(s1, x, 5, "Clear and thorough.")
		hidden := review(s3, x, 1, "Rude words.")
		review(s1, y, 4, "Good yodelling.")
		review(s1, rc, 2, "Not for me.")
		if _, err := e.app.Learning.Moderate(ctx, root, hidden.ID, store.ReviewHidden, "abuse"); err != nil {
			t.Fatal(err)
		}
		// Questions: one open, one answered, one in the rival's course.
		ask := func(u *store.User, course string) *store.Post {
			q, err := e.app.Learning.Ask(ctx, u, mustID(t, e.firstLecture(teach, course)), learning.QuestionInput{Title: "How?"})
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		ask(s1, xID)
		if _, err := e.app.Learning.Answer(ctx, ins, ask(s3, xID).ID, "Like this."); err != nil {
			t.Fatal(err)
		}
		ask(s1, rID)

		d, err := svc.InstructorDashboard(ctx, ins)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Since.Equal(clock.Now().Add(-commerce.DashboardWindow)) {
			t.Errorf("since = %v, clock %v", d.Since, clock.Now())
		}
		// Students with a current enrollment: s1 and s3 (s2 and s4 were
		// refunded); s3 is new.
		if d.Students != 2 || d.NewStudents != 1 || d.UnansweredQuestions != 1 {
			t.Errorf("students %d, new %d, open questions %d; want 2, 1, 1", d.Students, d.NewStudents, d.UnansweredQuestions)
		}
		// USD: X sold three times at 7000 each, s2's refunded (-7000), one
		// (s3's) recent. EUR: Y twice at 1400, the recent one refunded.
		wantEarnings := []commerce.Earnings{
			{Currency: "EUR", Sales: 2, EarningsCents: 1400, RefundedCents: 1400, RecentSales: 1, RecentEarningsCents: 0, RecentRefundedCents: 1400},
			{Currency: "USD", Sales: 3, EarningsCents: 14000, RefundedCents: 7000, RecentSales: 1, RecentEarningsCents: 7000},
		}
		if len(d.Earnings) != 2 || d.Earnings[0] != wantEarnings[0] || d.Earnings[1] != wantEarnings[1] {
			t.Errorf("earnings = %+v\nwant %+v", d.Earnings, wantEarnings)
		}
		// The same money as the revenue report over the window.
		rep, err := svc.Revenue(ctx, ins, d.Since, clock.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, tot := range rep.Totals {
			for _, e := range d.Earnings {
				if e.Currency == tot.Currency && (e.RecentEarningsCents != tot.EarningsCents || e.RecentRefundedCents != tot.RefundedCents || e.RecentSales != tot.Sales) {
					t.Errorf("%s: dashboard %+v, revenue report %+v", e.Currency, e, tot)
				}
			}
		}
		// Balances, as the payouts page: old sales available, recent pending.
		wantBal := []commerce.Balance{{Currency: "EUR", AvailableCents: 1400}, {Currency: "USD", AvailableCents: 7000, PendingCents: 7000}}
		if len(d.Balances) != 2 || d.Balances[0] != wantBal[0] || d.Balances[1] != wantBal[1] {
			t.Errorf("balances = %+v, want %+v", d.Balances, wantBal)
		}
		// Rating over visible reviews of published courses: (5 + 4) / 2.
		if d.RatingAvg != 4.5 || d.RatingCount != 2 {
			t.Errorf("rating = %v over %d, want 4.5 over 2", d.RatingAvg, d.RatingCount)
		}
		if len(d.Reviews) != 2 || d.Reviews[0].Comment != "Good yodelling." || d.Reviews[0].CourseTitle != "Yodel" ||
			d.Reviews[0].StudentName != "Sam One" || d.Reviews[0].Rating != 4 || d.Reviews[1].Comment != "Clear and thorough." {
			t.Errorf("recent reviews = %+v", d.Reviews)
		}
		// The course table, newest course first.
		if len(d.Courses) != 2 {
			t.Fatalf("courses = %+v", d.Courses)
		}
		cy, cx := d.Courses[0], d.Courses[1]
		if cy.ID != y || cy.Students != 1 || cy.RatingAvg != 4 || cy.RatingCount != 1 || cy.Status != store.CoursePublished ||
			len(cy.Earnings) != 1 || cy.Earnings[0] != wantEarnings[0] {
			t.Errorf("Y line = %+v", cy)
		}
		if cx.ID != x || cx.Title != "Xylophone" || cx.Students != 2 || cx.RatingAvg != 5 || cx.RatingCount != 1 ||
			len(cx.Earnings) != 1 || cx.Earnings[0] != wantEarnings[1] {
			t.Errorf("X line = %+v", cx)
		}

		// The rival sees only theirs: s1, 3500 before the window, one review.
		rd, err := svc.InstructorDashboard(ctx, rival)
		if err != nil {
			t.Fatal(err)
		}
		if rd.Students != 1 || rd.NewStudents != 0 || rd.UnansweredQuestions != 1 || rd.RatingAvg != 2 || len(rd.Reviews) != 1 ||
			len(rd.Earnings) != 1 || rd.Earnings[0] != (commerce.Earnings{Currency: "USD", Sales: 1, EarningsCents: 3500}) || len(rd.Courses) != 1 {
			t.Errorf("the rival's dashboard = %+v", rd)
		}
		// An admin gets their own figures, which are none.
		ad, err := svc.InstructorDashboard(ctx, root)
		if err != nil || ad.Students != 0 || len(ad.Earnings) != 0 || len(ad.Courses) != 0 || len(ad.Reviews) != 0 || len(ad.Balances) != 0 {
			t.Errorf("the admin's dashboard = %+v, %v", ad, err)
		}
		if _, err := svc.InstructorDashboard(ctx, s1); code(err) != "forbidden" {
			t.Errorf("a student's dashboard: %v", err)
		}
		if _, err := svc.InstructorDashboard(ctx, nil); code(err) == "" {
			t.Errorf("an anonymous dashboard: %v", err)
		}

		// Over HTTP: the same figures in the API's words.
		r := e.do(req{Method: "GET", Path: "/api/v1/instructor/dashboard", Token: teach.Access}).expect(t, 200)
		if r.JSON["students"] != float64(2) || r.JSON["new_students"] != float64(1) || r.JSON["rating_avg"] != 4.5 ||
			r.JSON["window_days"] != float64(30) || r.JSON["unanswered_questions"] != float64(1) {
			t.Errorf("dashboard JSON = %s", r.Body)
		}
		reviews := r.JSON["recent_reviews"].([]any)
		if first := reviews[0].(map[string]any); first["student_name"] != "Sam One" || first["course"].(map[string]any)["title"] != "Yodel" {
			t.Errorf("recent_reviews = %v", reviews)
		}
		usd := r.JSON["earnings"].([]any)[1].(map[string]any)
		if usd["currency"] != "USD" || usd["earnings_cents"] != float64(14000) || usd["recent_earnings_cents"] != float64(7000) {
			t.Errorf("earnings = %v", r.JSON["earnings"])
		}
	})
}
