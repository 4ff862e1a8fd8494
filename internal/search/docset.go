package search

import (
	"context"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// docSet is a query that matches a given set of documents of one state of
// the index (per segment, by local number) and does not score. In a
// conjunction it lets the other parts skip straight to those documents.
type docSet struct {
	segs    []*roaring.Bitmap // by segment; nil for none
	offsets []uint64          // the segments' first global numbers
}

func (q *docSet) Searcher(_ context.Context, _ index.IndexReader, _ mapping.IndexMapping, _ bsearch.SearcherOptions) (bsearch.Searcher, error) {
	var n uint64
	for _, bm := range q.segs {
		if bm != nil {
			n += bm.GetCardinality()
		}
	}
	return &docSetSearcher{q: q, count: n, seg: -1}, nil
}

type docSetSearcher struct {
	q     *docSet
	count uint64
	seg   int
	it    roaring.IntPeekable
}

// next moves to the first document at or after global number from.
func (s *docSetSearcher) next(ctx *bsearch.SearchContext, from uint64) (*bsearch.DocumentMatch, error) {
	if s.seg < 0 {
		s.seg = 0
		if len(s.q.segs) > 0 && s.q.segs[0] != nil {
			s.it = s.q.segs[0].Iterator()
		}
	}
	// The segment holding from, if it is ahead.
	if i := sort.Search(len(s.q.offsets), func(i int) bool { return s.q.offsets[i] > from }) - 1; i > s.seg {
		s.seg, s.it = i, nil
		if i < len(s.q.segs) && s.q.segs[i] != nil {
			s.it = s.q.segs[i].Iterator()
		}
	}
	for s.seg < len(s.q.segs) {
		if s.it != nil {
			base := s.q.offsets[s.seg]
			if from > base {
				s.it.AdvanceIfNeeded(uint32(from - base))
			}
			if s.it.HasNext() {
				dm := ctx.DocumentMatchPool.Get()
				dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, base+uint64(s.it.Next()))
				return dm, nil
			}
		}
		s.seg++
		s.it = nil
		if s.seg < len(s.q.segs) && s.q.segs[s.seg] != nil {
			s.it = s.q.segs[s.seg].Iterator()
		}
	}
	return nil, nil
}

func (s *docSetSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return s.next(ctx, 0)
}

func (s *docSetSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return s.next(ctx, id.Value())
}

func (s *docSetSearcher) Close() error               { return nil }
func (s *docSetSearcher) Weight() float64            { return 0 }
func (s *docSetSearcher) SetQueryNorm(float64)       {}
func (s *docSetSearcher) Count() uint64              { return s.count }
func (s *docSetSearcher) Min() int                   { return 0 }
func (s *docSetSearcher) Size() int                  { return 64 }
func (s *docSetSearcher) DocumentMatchPoolSize() int { return 1 }
