package search

import (
	"context"
	"errors"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A broad query ("web design" matches one course in ten) would score every
// match to find the best twenty. Most matches have the words only in the
// description and curriculum, and cannot outscore a course with them in
// its title. So the page is first looked for among the candidates, the
// matches with a query word in some high fields; if the last course of
// that page scores more than any other match possibly can, the page is
// exact. Otherwise a wider set of high fields is tried, and at last every
// match is scored, as before. (This is the "max-score" idea of search
// engines, on tiers of fields.)

// pruneAbove is the number of matches from which pruning is tried.
var pruneAbove = 500

// tiers are the high fields of each attempt, narrowest first. (The title
// alone was tried as a first tier: on the benchmark's catalog its bound
// was never beaten, so it only added work.)
var tiers = [][]string{{fTitle, fSubtitle, fInstructor}}

// lowBound is the most a match with the query's words in none of the high
// fields can score. Bleve's BM25 score of a term in a field is
// idf · k1·tf/(tf + k1·norm) · boost·idf·queryNorm, below k1·boost·idf²·
// queryNorm; a conjunction adds its parts; each query word is a
// disjunction over its spellings in the four text fields, which multiplies
// its sum by the share of its parts that match: for such a course at most
// (low fields)/4. queryNorm is 1/√(Σ (boost·idf)²) over every scoring term
// of the query, and (boost·idf)² is a term searcher's Weight.
func lowBound(ctx context.Context, idx bleve.Index, r index.IndexReader, terms []scoredTerm, high []string) (float64, error) {
	var total, low float64
	lows := 0
	for _, f := range textFields {
		if !want(high, f.name) {
			lows++
		}
	}
	for _, t := range terms {
		for _, f := range textFields {
			boost := f.boost * t.boost
			tq := bleve.NewTermQuery(t.term)
			tq.SetField(f.name)
			tq.SetBoost(boost)
			sr, err := tq.Searcher(ctx, r, idx.Mapping(), bsearch.SearcherOptions{})
			if err != nil {
				return 0, err
			}
			w := sr.Weight()
			sr.Close()
			total += w
			if !want(high, f.name) && boost > 0 {
				low += w / boost // boost·idf²
			}
		}
	}
	if total == 0 {
		return 0, nil
	}
	return low * float64(lows) / float64(len(textFields)) * bsearch.BM25_k1 / math.Sqrt(total), nil
}

// candidates are the matches with a query term in one of the high fields,
// by segment.
func candidates(r index.IndexReader, matched *collected, terms []scoredTerm, high []string) ([]*roaring.Bitmap, uint64, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, 0, errors.New("search index is not a scorch index")
	}
	segs := snap.Segments()
	if len(segs) != len(matched.matched) {
		return nil, 0, errors.New("search index changed between two reads of one snapshot")
	}
	out := make([]*roaring.Bitmap, len(segs))
	var n uint64
	for i, ss := range segs {
		m := matched.matched[i]
		if len(m) == 0 {
			continue
		}
		c := roaring.New()
		pr := postingsReader{seg: ss.Segment()}
		for _, f := range high {
			for _, t := range terms {
				if err := pr.orInto(f, t.term, c); err != nil {
					return nil, 0, err
				}
			}
		}
		var in []uint32
		for _, d := range m {
			if c.Contains(d) {
				in = append(in, d)
			}
		}
		if len(in) > 0 {
			out[i] = roaring.BitmapOf(in...)
			n += uint64(len(in))
		}
	}
	return out, n, nil
}

// prunedPage finds the page among the candidates of each tier in turn; ok
// is false when none could be sure of it. whole holds the matches of the
// text query and the filters; text is the text query alone (the
// candidates already pass the filters, which do not score).
func (s *Service) prunedPage(ctx context.Context, idx bleve.Index, r index.IndexReader, text query.Query, whole *collected, terms []scoredTerm, g gather) (*collected, bool, error) {
	if len(terms) == 0 || g.limit <= 0 || whole.matched == nil {
		return nil, false, nil
	}
	for _, high := range tiers {
		cands, n, err := candidates(r, whole, terms, high)
		if err != nil {
			return nil, false, err
		}
		if n < uint64(g.limit) {
			continue
		}
		if n*2 > uint64(whole.total) {
			break // hardly fewer than scoring every match
		}
		bound, err := lowBound(ctx, idx, r, terms, high)
		if err != nil {
			return nil, false, err
		}
		// One flat conjunction: the candidates lead, the words follow.
		parts := []query.Query{&docSet{segs: cands, offsets: whole.offsets}}
		if cq, ok := text.(*query.ConjunctionQuery); ok {
			parts = append(parts, cq.Conjuncts...)
		} else {
			parts = append(parts, text)
		}
		c, err := s.collect(ctx, idx, r, bleve.NewConjunctionQuery(parts...), g)
		if err != nil {
			return nil, false, err
		}
		// A margin keeps rounding in the scores from mattering.
		if len(c.hits) == g.limit && c.hits[len(c.hits)-1].score > bound*(1+1e-9) {
			return c, true, nil
		}
	}
	return nil, false, nil
}
