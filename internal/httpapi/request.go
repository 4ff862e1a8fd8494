package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/lectern/lectern/internal/apperr"
)

// Request helpers shared by every handler: ids in paths, page sizes and
// opaque keyset cursors.

// pageLimit reads ?limit= (default 20, at most 100).
func pageLimit(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		return 0, apperr.Fields{{Field: "limit", Message: "must be a whole number from 1 to 100"}}.Err()
	}
	return n, nil
}

// encodeCursor and decodeCursor make keyset positions opaque to clients.
func encodeCursor(v any) *string {
	b, _ := json.Marshal(v)
	s := base64.RawURLEncoding.EncodeToString(b)
	return &s
}

func decodeCursor(s string, dst any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil {
		return apperr.Fields{{Field: "cursor", Message: "is not a cursor this server gave out"}}.Err()
	}
	return nil
}

// pathID parses a numeric {name} path value; anything else is not found.
func pathID(r *http.Request, name, what string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.New(apperr.NotFound, "not_found", "No such "+what+".")
	}
	return n, nil
}

// page is a list request's size and position: the id the previous page
// ended at (lists ordered by id, newest first).
type page struct {
	limit   int
	afterID int64
}

// readPage reads ?limit= and an id ?cursor= from the query.
func readPage(r *http.Request) (page, error) {
	limit, err := pageLimit(r)
	if err != nil {
		return page{}, err
	}
	p := page{limit: limit}
	if c := r.URL.Query().Get("cursor"); c != "" {
		if err := decodeCursor(c, &p.afterID); err != nil {
			return page{}, err
		}
	}
	return p, nil
}
