package commerce

import (
	"context"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Wishlist refusals.
var (
	errWishlistFull = apperr.New(apperr.Conflict, "wishlist_full", "Your wishlist is full; remove a course first.")
	errWishOwn      = apperr.New(apperr.Conflict, "own_course", "You teach this course.")
	errWishClosed   = apperr.New(apperr.Conflict, "not_published", "The course is not in the catalog right now.")
)

// AddToWishlist keeps course courseID on u's wishlist: any course u may
// see that is in the catalog, except their own.
func (s *Service) AddToWishlist(ctx context.Context, u *store.User, courseID int64) error {
	c, err := s.course(ctx, courseID)
	if err != nil {
		return err
	}
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return err
	}
	switch {
	case access.IsOwner(u, c):
		return errWishOwn
	case !access.Public(c.Status):
		return errWishClosed
	}
	n, err := s.DB.WishlistCount(ctx, u.ID)
	if err != nil {
		return err
	}
	if n >= store.MaxWishlist {
		return errWishlistFull
	}
	return s.DB.AddToWishlist(ctx, u.ID, courseID)
}

// RemoveFromWishlist takes a course off u's wishlist (nothing to do when
// it is not there).
func (s *Service) RemoveFromWishlist(ctx context.Context, u *store.User, courseID int64) error {
	return s.DB.RemoveFromWishlist(ctx, u.ID, courseID)
}

// Wishlist lists u's wishlist, newest first. Courses that left the
// catalog since are not shown (they stay listed, and come back if the
// course is published again).
func (s *Service) Wishlist(ctx context.Context, u *store.User) ([]*store.Course, error) {
	all, err := s.DB.Wishlist(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*store.Course, 0, len(all))
	for _, c := range all {
		if access.Public(c.Status) && access.CanSee(u, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// MoveToCart puts a wishlisted course in u's cart and takes it off the
// wishlist; when the course cannot be bought (free, already enrolled) it
// says why and the wishlist is left as it was.
func (s *Service) MoveToCart(ctx context.Context, u *store.User, courseID int64) error {
	if err := s.AddToCart(ctx, u, courseID); err != nil {
		return err
	}
	return s.DB.RemoveFromWishlist(ctx, u.ID, courseID)
}
