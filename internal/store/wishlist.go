package store

import "context"

// AddToWishlist keeps a course on a user's wishlist (idempotent: a second
// heart keeps the first date).
func (db *DB) AddToWishlist(ctx context.Context, userID, courseID int64) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO wishlist_items (user_id, course_id, added_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, course_id) DO NOTHING`, userID, courseID, now())
	return err
}

// RemoveFromWishlist takes a course off a user's wishlist; removing one
// that is not there is not an error.
func (db *DB) RemoveFromWishlist(ctx context.Context, userID, courseID int64) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM wishlist_items WHERE user_id = $1 AND course_id = $2`, userID, courseID)
	return err
}

// MaxWishlist is how many courses one wishlist holds; the list is read
// whole (it is one person's shortlist, not a catalog).
const MaxWishlist = 500

// Wishlist lists the courses on a user's wishlist, newest first, whatever
// their status (the service drops the ones that are no longer on sale).
func (db *DB) Wishlist(ctx context.Context, userID int64) ([]*Course, error) {
	return db.queryCourses(ctx, `SELECT `+courseColumns+courseFrom+`JOIN wishlist_items w ON w.course_id = c.id
		WHERE w.user_id = $1 ORDER BY w.added_at DESC, c.id DESC LIMIT $2`, userID, MaxWishlist)
}

// WishlistCount is how many courses a user has on their wishlist.
func (db *DB) WishlistCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM wishlist_items WHERE user_id = $1`, userID).Scan(&n)
	return n, err
}
