package app_test

import (
	"context"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// A visitor's cart (kept by the browser) merged at sign-in: each course at
// most once, courses already in the cart not doubled, and what the user may
// not buy — owned, their own, free, drafts, missing — left out without an
// error; a second merge of the same list changes nothing.
func TestMergeVisitorCart(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		a, ctx := s.app, context.Background()
		student, _ := a.DB.UserByEmail(ctx, "stu@x.io")
		teacher, _ := a.DB.UserByEmail(ctx, "teach@x.io")
		paid, free := mustInt(s.paid), mustInt(s.free)
		owned := mustInt(s.publishedCourse(s.teacher, map[string]any{"title": "Owned Course", "price_cents": 999, "currency": "USD"}))
		second := mustInt(s.publishedCourse(s.teacher, map[string]any{"title": "Second Course", "price_cents": 500, "currency": "USD"}))
		draft := mustInt(s.course(s.teacher, map[string]any{"title": "Still a draft", "description_md": "x"}).str("id"))

		// The student already owns one course and has another in the cart.
		o, err := a.Commerce.Checkout(ctx, student, []int64{owned}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Commerce.PayLocal(ctx, student, o.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := a.Commerce.AddToCart(ctx, student, second); err != nil {
			t.Fatal(err)
		}

		visitor := []int64{paid, second, paid, free, owned, draft, 999999}
		for round := 0; round < 2; round++ {
			cart, err := a.Commerce.MergeCart(ctx, student, visitor)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, c := range cart.Courses {
				ids = append(ids, c.ID)
			}
			if len(ids) != 2 || ids[0] != second || ids[1] != paid {
				t.Errorf("merge %d: cart = %v, want [%d %d] (the course already there first, then the new one)", round+1, ids, second, paid)
			}
			if cart.Totals["USD"] != 500+1999 {
				t.Errorf("merge %d: total = %v", round+1, cart.Totals)
			}
		}

		// The instructor's visitor cart held their own course: nothing comes in.
		if cart, err := a.Commerce.MergeCart(ctx, teacher, []int64{paid, owned}); err != nil || len(cart.Courses) != 0 {
			t.Errorf("the instructor's own courses merged: %+v, %v", cart, err)
		}

		// Too many ids is bad input; nothing changes.
		many := make([]int64, 101)
		for i := range many {
			many[i] = paid
		}
		if _, err := a.Commerce.MergeCart(ctx, teacher, many); code(err) != "validation_failed" {
			t.Errorf("101 ids: %v", err)
		}

		// Over HTTP.
		other := s.register("other@x.io", "student pass 43", "Other")
		r := s.do(req{Method: "POST", Path: "/api/v1/cart/merge", Token: other.Access, Body: map[string]any{"course_ids": []string{s.paid, s.free}}}).expect(t, 200)
		if items := r.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != s.paid {
			t.Errorf("POST /cart/merge = %s", r.Body)
		}
		s.do(req{Method: "POST", Path: "/api/v1/cart/merge", Token: other.Access, Body: map[string]any{"course_ids": []string{"abc"}}}).expect(t, 422)
	})
}
