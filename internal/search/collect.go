package search

import (
	"container/heap"
	"context"
	"errors"
	"math"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// The collector below is how a query's matches become a page, a total and
// facet counts. Bleve's own collector loads the doc values of every
// matching course (for the tie-break and for facets), which cost most of
// a broad query's time. Instead, each index segment's sort keys and filter
// values are read once into arrays (segments are immutable; a change adds
// a new one), and the collector walks Bleve's hits in document order,
// counting filter values and keeping the best hits. Bleve still matches
// and scores.

// facetFields are the filters counted, in facetNames order.
var facetFields = []string{fCategory, fLevel, fLanguage, fPrice, fRatingBand, fDurationBand}

// segData is what the collector reads of one segment, by local document
// number.
type segData struct {
	keys    [4][]string // sort keys: relevance tie-break, rating, popular, newest
	teacher []string
	// facetVals lists, for each facet field, its values in the segment
	// (the first is none); facetOf holds each document's value, by index
	// into facetVals. A course in several rating bands has its best.
	facetVals [][]string
	facetOf   [][]uint16
}

// sortKeyFields are read into segData.keys, in this order.
var sortKeyFields = []string{fRankKey, fRatingKey, fPopularKey, fNewestKey}

func keyColumn(sortName string) int {
	switch sortName {
	case SortRelevance:
		return 0
	case SortRating:
		return 1
	case SortPopular:
		return 2
	}
	return 3
}

type segEntry struct {
	once sync.Once
	data *segData
	err  error
}

// segCache keeps segData per segment; entries of segments no longer in the
// index are dropped when a new segment is read.
type segCache struct {
	mu sync.Mutex
	m  map[segment.Segment]*segEntry
}

func (c *segCache) get(snap *scorch.IndexSnapshot, ss *scorch.SegmentSnapshot) (*segData, error) {
	seg := ss.Segment()
	c.mu.Lock()
	e := c.m[seg]
	if e == nil {
		if c.m == nil {
			c.m = map[segment.Segment]*segEntry{}
		}
		// A new segment: forget those the index no longer has.
		live := map[segment.Segment]bool{}
		for _, s := range snap.Segments() {
			live[s.Segment()] = true
		}
		for k := range c.m {
			if !live[k] {
				delete(c.m, k)
			}
		}
		e = &segEntry{}
		c.m[seg] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.data, e.err = readSegment(seg) })
	return e.data, e.err
}

func (c *segCache) drop() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// readSegment reads a segment's sort keys and facet postings.
func readSegment(seg segment.Segment) (*segData, error) {
	n := seg.Count()
	d := &segData{teacher: make([]string, n), facetVals: make([][]string, len(facetFields)), facetOf: make([][]uint16, len(facetFields))}
	for i := range d.keys {
		d.keys[i] = make([]string, n)
	}
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, errors.New("search index segment without doc values")
	}
	fields := append([]string{fTeacher}, sortKeyFields...)
	var local uint64
	visit := func(field string, term []byte) {
		switch field {
		case fTeacher:
			d.teacher[local] = string(term)
		case fRankKey:
			d.keys[0][local] = string(term)
		case fRatingKey:
			d.keys[1][local] = string(term)
		case fPopularKey:
			d.keys[2][local] = string(term)
		case fNewestKey:
			d.keys[3][local] = string(term)
		}
	}
	var state segment.DocVisitState
	for local = 0; local < n; local++ {
		var err error
		if state, err = dv.VisitDocValues(local, fields, visit, state); err != nil {
			return nil, err
		}
	}
	for i, field := range facetFields {
		fd, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		values, err := segmentTerms(fd)
		if err != nil {
			return nil, err
		}
		if len(values) >= math.MaxUint16 {
			return nil, errors.New("search index: too many values of " + field)
		}
		if field == fRatingBand { // worst first: the best band a course is in wins
			sort.Slice(values, func(a, b int) bool {
				x, _ := strconv.ParseFloat(values[a], 64)
				y, _ := strconv.ParseFloat(values[b], 64)
				return x < y
			})
		}
		d.facetVals[i] = append([]string{""}, values...)
		d.facetOf[i] = make([]uint16, n)
		for vi, v := range values {
			pl, err := fd.PostingsList([]byte(v), nil, nil)
			if err != nil {
				return nil, err
			}
			it := pl.Iterator(false, false, false, nil)
			for p, err := it.Next(); p != nil; p, err = it.Next() {
				if err != nil {
					return nil, err
				}
				d.facetOf[i][p.Number()] = uint16(vi + 1)
			}
		}
	}
	return d, nil
}

// segmentTerms lists the terms of a (small) keyword field of a segment.
func segmentTerms(fd segment.TermDictionary) ([]string, error) {
	it := fd.AutomatonIterator(&vellum.AlwaysMatch{}, nil, nil)
	var out []string
	for {
		e, err := it.Next()
		if errors.Is(err, vellum.ErrIteratorDone) || (err == nil && e == nil) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e.Term)
	}
}

// gather says what a collection returns besides the total.
type gather struct {
	sort   string   // a Sort* name; relevance scores the matches
	after  []string // return only matches after this sort key
	limit  int      // best matches to return (0: none)
	facets bool     // count matches per filter value
	fields []string // stored fields to return for the best matches
}

// hit is one match kept for the page.
type hit struct {
	seg   int
	local uint64
	score float64
	key   string

	ID     string
	Fields map[string]string
	Sort   []string // the key that later pages start after
}

// collected is the result of a collection.
type collected struct {
	total  int
	hits   []*hit
	facets []map[string]int // in facetFields order
	// matched holds, with facets, the matching documents of each segment
	// (local numbers, ascending); offsets are the segments' first global
	// numbers.
	matched [][]uint32
	offsets []uint64
	// fromPostings: counted from the postings (see countWords), so the
	// page can be ranked from them too (see rankWords).
	fromPostings bool
}

// hitHeap keeps the best hits with the worst on top.
type hitHeap struct {
	h         []*hit
	relevance bool
}

func (h *hitHeap) better(a, b *hit) bool {
	if h.relevance && a.score != b.score {
		return a.score > b.score
	}
	return a.key > b.key
}
func (h *hitHeap) Len() int           { return len(h.h) }
func (h *hitHeap) Less(i, j int) bool { return h.better(h.h[j], h.h[i]) }
func (h *hitHeap) Swap(i, j int)      { h.h[i], h.h[j] = h.h[j], h.h[i] }
func (h *hitHeap) Push(x any)         { h.h = append(h.h, x.(*hit)) }
func (h *hitHeap) Pop() any           { x := h.h[len(h.h)-1]; h.h = h.h[:len(h.h)-1]; return x }

// collect runs q on one state of the index and gathers what g asks for.
func (s *Service) collect(ctx context.Context, idx bleve.Index, r index.IndexReader, q query.Query, g gather) (*collected, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("search index is not a scorch index")
	}
	segs := snap.Segments()
	offsets := make([]uint64, len(segs)+1)
	datas := make([]*segData, len(segs))
	for i, ss := range segs {
		offsets[i+1] = offsets[i] + ss.Segment().Count()
		d, err := s.segs.get(snap, ss)
		if err != nil {
			return nil, err
		}
		datas[i] = d
	}
	relevance := g.sort == SortRelevance
	opts := bsearch.SearcherOptions{Score: "none"}
	if relevance && g.limit > 0 {
		opts.Score = ""
	}
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey, bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	searcher, err := q.Searcher(ctx, r, idx.Mapping(), opts)
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0), IndexReader: r}

	col := keyColumn(g.sort)
	var afterScore float64
	afterKey := ""
	if len(g.after) > 0 {
		afterKey = g.after[len(g.after)-1]
		if relevance && len(g.after) == 2 {
			afterScore, _ = strconv.ParseFloat(g.after[0], 64)
		}
	}
	top := &hitHeap{relevance: relevance}
	var matched [][]uint32
	var counts [][][]int // by segment, facet field, value index
	if g.facets {
		matched = make([][]uint32, len(segs))
		counts = make([][][]int, len(segs))
	}
	res := &collected{matched: matched, offsets: offsets}
	cur := 0
	var spare *hit
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		global := dm.IndexInternalID.Value()
		score := dm.Score
		sctx.DocumentMatchPool.Put(dm)
		for cur+1 < len(segs) && global >= offsets[cur+1] {
			cur++
		}
		local := global - offsets[cur]
		res.total++
		if matched != nil {
			matched[cur] = append(matched[cur], uint32(local))
			c := counts[cur]
			if c == nil {
				c = make([][]int, len(facetFields))
				for i := range c {
					c[i] = make([]int, len(datas[cur].facetVals[i]))
				}
				counts[cur] = c
			}
			for i, of := range datas[cur].facetOf {
				c[i][of[local]]++
			}
		}
		if g.limit <= 0 {
			continue
		}
		key := datas[cur].keys[col][local]
		if afterKey != "" {
			if relevance && len(g.after) == 2 {
				if score > afterScore || (score == afterScore && key >= afterKey) {
					continue
				}
			} else if key >= afterKey {
				continue
			}
		}
		if top.Len() == g.limit {
			worst := top.h[0]
			if relevance && worst.score != score {
				if score < worst.score {
					continue
				}
			} else if key <= worst.key {
				continue
			}
		}
		h := spare
		if h == nil {
			h = &hit{}
		}
		*h = hit{seg: cur, local: local, score: score, key: key}
		heap.Push(top, h)
		spare = nil
		if top.Len() > g.limit {
			spare = heap.Pop(top).(*hit)
		}
	}
	res.hits = make([]*hit, top.Len())
	for i := len(res.hits) - 1; i >= 0; i-- {
		res.hits[i] = heap.Pop(top).(*hit)
	}
	if err := finishHits(segs, res.hits, relevance, g.fields); err != nil {
		return nil, err
	}
	if matched != nil {
		res.facets = facetCounts(counts, datas)
	}
	return res, nil
}

// facetCounts adds up the counts per value index of each segment (by
// segment, facet field, value index) into counts per value.
func facetCounts(counts [][][]int, datas []*segData) []map[string]int {
	out := make([]map[string]int, len(facetFields))
	for i := range facetFields {
		out[i] = map[string]int{}
	}
	for si, c := range counts {
		for i, byValue := range c {
			for vi, n := range byValue {
				if vi > 0 && n > 0 {
					out[i][datas[si].facetVals[i][vi]] += n
				}
			}
		}
	}
	return out
}

// finishHits fills in the hits' document ids, their keys for the next page
// and the stored fields asked for.
func finishHits(segs []*scorch.SegmentSnapshot, hits []*hit, relevance bool, fields []string) error {
	for _, h := range hits {
		ss := segs[h.seg]
		id, err := ss.DocID(h.local)
		if err != nil {
			return err
		}
		h.ID = string(id)
		if relevance {
			h.Sort = []string{strconv.FormatFloat(h.score, 'g', -1, 64), h.key}
		} else {
			h.Sort = []string{h.key}
		}
		if len(fields) > 0 {
			h.Fields = map[string]string{}
			err := ss.VisitDocument(h.local, func(field string, _ byte, value []byte, _ []uint64) bool {
				if want(fields, field) {
					h.Fields[field] = string(value)
				}
				return true
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}
