package catalog

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/lectern/lectern/internal/search"
	"github.com/lectern/lectern/internal/store"
)

// SearchPage is one page of catalog search results. Total, Facets and
// Highlights come from the search index; while it is not ready (just
// after start, or catching up after a bulk change) the database answers
// and they are nil.
type SearchPage struct {
	Items      []*store.Course
	Next       *store.CourseCursor
	Total      *int
	Facets     map[string][]search.Facet
	Highlights map[int64]search.Highlight
	DidYouMean string
	// Interim says the database answered while the search index catches
	// up: the page has no counts or facets and must not be kept in a
	// cache, so the index's answer replaces it as soon as it is ready.
	Interim bool
}

// Search runs a catalog query, answering repeated queries from a short-lived
// cache that any course change invalidates. The search index answers when
// it is ready; the database otherwise (and for the featured list).
func (s *Service) Search(ctx context.Context, q store.CourseQuery) (*SearchPage, error) {
	key := strconv.FormatInt(s.version.Load(), 10) + "|" + searchKey(q)
	p, ok := s.searches.Get(key)
	s.Metrics.CacheResult("search", ok && !s.NoCache)
	if ok && !s.NoCache {
		return p, nil
	}
	p, err := s.searchIndex(ctx, q)
	fromDB := errors.Is(err, search.ErrNotReady)
	if fromDB {
		p, err = s.searchDB(ctx, q)
	}
	if err != nil {
		return nil, err
	}
	// While the index catches up the database answers without counts or
	// facets; such a page is not kept, so the index's answer replaces it
	// as soon as it is ready.
	if !fromDB || s.Index == nil || q.Featured || (q.After != nil && q.After.Keys == nil) {
		s.searches.Add(key, p)
	} else {
		p.Interim = true
	}
	return p, nil
}

// searchKey identifies a query by its values (not by the addresses of its
// optional parts), so equal searches share a cache entry.
func searchKey(q store.CourseQuery) string {
	cat := ""
	if q.CategoryID != nil {
		cat = strconv.FormatInt(*q.CategoryID, 10)
	}
	return fmt.Sprintf("%q|%s|%q|%q|%q|%g|%q|%d|%d|%t|%q|%d|%s",
		q.Q, cat, q.Level, q.Language, q.Price, q.MinRating, q.Duration, q.MinDurationS, q.MaxDurationS, q.Featured, q.Sort, q.Limit, cursorKey(q.After))
}

func (s *Service) searchDB(ctx context.Context, q store.CourseQuery) (*SearchPage, error) {
	var page *store.CoursePage
	run := func() error {
		var err error
		page, err = s.DB.SearchCourses(ctx, q)
		return err
	}
	var err error
	if s.Index != nil {
		err = s.Index.Gate(ctx, run)
	} else {
		err = run()
	}
	if err != nil {
		return nil, err
	}
	return &SearchPage{Items: page.Items, Next: page.Next}, nil
}

func (s *Service) searchIndex(ctx context.Context, q store.CourseQuery) (*SearchPage, error) {
	if s.Index == nil || q.Featured || (q.After != nil && q.After.Keys == nil) {
		return nil, search.ErrNotReady
	}
	iq := search.Query{Q: q.Q, Level: q.Level, Language: q.Language, Price: q.Price, Duration: q.Duration,
		MinRating: q.MinRating, Sort: q.Sort, Limit: q.Limit}
	if q.CategoryID != nil {
		cat, err := s.DB.CategoryByID(ctx, *q.CategoryID)
		if err != nil {
			return nil, err
		}
		iq.Category = cat.Slug
	}
	if q.After != nil {
		iq.After = q.After.Keys
	}
	res, err := s.Index.Search(ctx, iq)
	if err != nil {
		return nil, err
	}
	cs, err := s.DB.CourseCardsByIDs(ctx, res.IDs)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*store.Course, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	total := res.Total
	p := &SearchPage{Total: &total, Facets: res.Facets, Highlights: res.Highlights, DidYouMean: res.DidYouMean, Items: []*store.Course{}}
	for _, id := range res.IDs {
		// The index follows the database within moments; never show a
		// course that is no longer public.
		if c := byID[id]; c != nil && c.Status == store.CoursePublished {
			p.Items = append(p.Items, c)
		}
	}
	if res.Next != nil {
		p.Next = &store.CourseCursor{Sort: res.Sort, Keys: res.Next}
	}
	return p, nil
}

// Suggest proposes courses, categories and instructors for what is being
// typed in a search box (at most 8).
func (s *Service) Suggest(ctx context.Context, q string) ([]search.Suggestion, error) {
	if s.Index != nil {
		out, err := s.Index.Suggest(ctx, q)
		if !errors.Is(err, search.ErrNotReady) {
			return out, err
		}
	}
	page, err := s.searchDB(ctx, store.CourseQuery{Q: q, Limit: search.MaxSuggestions})
	if err != nil {
		return nil, err
	}
	out := []search.Suggestion{}
	for _, c := range page.Items {
		out = append(out, search.Suggestion{Kind: "course", ID: c.ID, Title: c.Title, Slug: c.Slug})
	}
	return out, nil
}
