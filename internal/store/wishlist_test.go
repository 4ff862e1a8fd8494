package store_test

import (
	"testing"

	"github.com/lectern/lectern/internal/store"
)

func TestWishlist(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		ins := mkUser(t, db, "i@x.io", store.RoleInstructor)
		stu := mkUser(t, db, "s@x.io")
		a := mkCourse(t, db, ins.ID, "A", 100, store.CoursePublished)
		b := mkCourse(t, db, ins.ID, "B", 200, store.CoursePublished)
		for _, id := range []int64{a.ID, b.ID, a.ID} {
			if err := db.AddToWishlist(ctx, stu.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		list, err := db.Wishlist(ctx, stu.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("Wishlist = %v, %v; want A and B once each", titles(list), err)
		}
		if n, err := db.WishlistCount(ctx, stu.ID); err != nil || n != 2 {
			t.Errorf("WishlistCount = %d, %v", n, err)
		}
		if other, _ := db.Wishlist(ctx, ins.ID); len(other) != 0 {
			t.Errorf("another user's wishlist = %v", titles(other))
		}
		for _, id := range []int64{a.ID, 999999} {
			if err := db.RemoveFromWishlist(ctx, stu.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		if list, _ := db.Wishlist(ctx, stu.ID); len(list) != 1 || list[0].ID != b.ID {
			t.Errorf("Wishlist after removing A = %v", titles(list))
		}
	})
}
