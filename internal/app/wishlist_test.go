package app_test

import (
	"context"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// The wishlist through the commerce service: only catalog courses that are
// not the caller's own, idempotent hearts, and moving to the cart takes a
// course off the wishlist only when it could go into the cart.
func TestWishlistRules(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		s := newShop(t, target)
		a, ctx := s.app, context.Background()
		student, _ := a.DB.UserByEmail(ctx, "stu@x.io")
		teacher, _ := a.DB.UserByEmail(ctx, "teach@x.io")
		paid, free := mustInt(s.paid), mustInt(s.free)
		draft := mustInt(s.course(s.teacher, map[string]any{"title": "Still a draft", "description_md": "x"}).str("id"))

		if err := a.Commerce.AddToWishlist(ctx, student, draft); code(err) != "not_found" {
			t.Errorf("wishlisting someone's draft: %v", err)
		}
		if err := a.Commerce.AddToWishlist(ctx, teacher, paid); code(err) != "own_course" {
			t.Errorf("wishlisting one's own course: %v", err)
		}
		if err := a.Commerce.AddToWishlist(ctx, student, 999999); code(err) != "not_found" {
			t.Errorf("wishlisting a missing course: %v", err)
		}
		for _, id := range []int64{paid, free, paid} {
			if err := a.Commerce.AddToWishlist(ctx, student, id); err != nil {
				t.Fatal(err)
			}
		}
		list, err := a.Commerce.Wishlist(ctx, student)
		if err != nil || len(list) != 2 || list[0].ID != free || list[1].ID != paid {
			t.Fatalf("wishlist = %v, %v; want the free course then the paid one", list, err)
		}

		// A free course cannot go into the cart: it stays on the wishlist.
		if err := a.Commerce.MoveToCart(ctx, student, free); code(err) != "free_course" {
			t.Errorf("moving a free course to the cart: %v", err)
		}
		if err := a.Commerce.MoveToCart(ctx, student, paid); err != nil {
			t.Fatal(err)
		}
		if list, _ := a.Commerce.Wishlist(ctx, student); len(list) != 1 || list[0].ID != free {
			t.Errorf("after moving the paid course: %v", list)
		}
		if cart, err := a.Commerce.Cart(ctx, student); err != nil || len(cart.Courses) != 1 || cart.Courses[0].ID != paid {
			t.Errorf("cart after moving = %+v, %v", cart, err)
		}

		// A course leaving the catalog leaves the list shown.
		s.do(req{Method: "POST", Path: "/api/v1/courses/" + s.free + "/unpublish", Token: s.teacher.Access}).expect(t, 200)
		if list, _ := a.Commerce.Wishlist(ctx, student); len(list) != 0 {
			t.Errorf("an unpublished course is still shown: %v", list)
		}
		if err := a.Commerce.RemoveFromWishlist(ctx, student, free); err != nil {
			t.Fatal(err)
		}

		// Over HTTP: the heart and the list.
		s.do(req{Method: "PUT", Path: "/api/v1/me/wishlist/" + s.paid, Token: s.student.Access}).expect(t, 200)
		got := s.do(req{Method: "GET", Path: "/api/v1/me/wishlist", Token: s.student.Access}).expect(t, 200)
		if items := got.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != s.paid {
			t.Errorf("GET /me/wishlist = %s", got.Body)
		}
		s.do(req{Method: "DELETE", Path: "/api/v1/me/wishlist/" + s.paid, Token: s.student.Access}).expect(t, 200)
		s.do(req{Method: "PUT", Path: "/api/v1/me/wishlist/abc", Token: s.student.Access}).expect(t, 404)
	})
}
