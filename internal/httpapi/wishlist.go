package httpapi

import "net/http"

// wishlistJSON is the caller's wishlist, newest first.
type wishlistJSON struct {
	Items []courseJSON `json:"items"`
}

func (s *Server) getWishlist(w http.ResponseWriter, r *http.Request) error {
	return s.writeWishlist(w, r, http.StatusOK)
}

func (s *Server) writeWishlist(w http.ResponseWriter, r *http.Request, status int) error {
	list, err := s.Commerce.Wishlist(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := wishlistJSON{Items: []courseJSON{}}
	for _, c := range list {
		out.Items = append(out.Items, toCourseJSON(c))
	}
	return writeJSON(w, status, out)
}

func (s *Server) putWishlistItem(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "course")
	if err != nil {
		return err
	}
	if err := s.Commerce.AddToWishlist(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	return s.writeWishlist(w, r, http.StatusOK)
}

func (s *Server) deleteWishlistItem(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "course")
	if err != nil {
		return err
	}
	if err := s.Commerce.RemoveFromWishlist(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	return s.writeWishlist(w, r, http.StatusOK)
}

func (s *Server) moveWishlistItemToCart(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "id", "course")
	if err != nil {
		return err
	}
	if err := s.Commerce.MoveToCart(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	return s.writeCart(w, r, http.StatusOK)
}
