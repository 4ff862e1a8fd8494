package search

import (
	"context"
	"errors"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A query of loose words is counted and faceted straight from the postings
// bitmaps of the index: a word matches the union of the postings of its
// spellings' terms in the text fields, the query the intersection over its
// words and its filters, less the deleted documents. That is the set Bleve's
// searchers arrive at (see textQuery and filters), without walking the
// matches one at a time through a tree of searchers, which cost most of a
// broad query's time after scoring.

// fieldTerm is a term of a field.
type fieldTerm struct{ field, term string }

// view is one state of the index as this file reads it: its segments'
// postings lists, each read once however often a search uses it.
type view struct {
	snap    *scorch.IndexSnapshot
	readers []*postingsReader // by segment
	sc      *scratch          // the readers' too
}

// scratches keeps the scratch space of finished searches (broad ones
// score in slices of some 100 KiB).
var scratches = sync.Pool{New: func() any { return &scratch{} }}

func newView(snap *scorch.IndexSnapshot) *view {
	v := &view{snap: snap, sc: scratches.Get().(*scratch)}
	v.sc.reset()
	for _, ss := range snap.Segments() {
		v.readers = append(v.readers, &postingsReader{seg: ss.Segment(), except: ss.Deleted(), sc: v.sc})
	}
	return v
}

// release gives the view's scratch space back once nothing refers to it.
func (v *view) release() {
	scratches.Put(v.sc)
	v.sc = nil
}

// matchSets are, by segment, the documents that have a term of every group
// (nil for none). In each segment the groups are taken smallest first (by
// their postings' counts), so that an empty intersection stops before the
// large ones are read, and a large group met by few matches so far is
// intersected with them part by part instead of being unioned in full (a
// rare word beside "excel": the union of every spelling of "excel" in four
// fields is most of such a query's work).
func matchSets(v *view, groups [][]fieldTerm) ([]*roaring.Bitmap, error) {
	segs := v.snap.Segments()
	out := make([]*roaring.Bitmap, len(segs))
	type sized struct {
		g []fieldTerm
		n uint64
	}
	order := make([]sized, len(groups))
	for i, ss := range segs {
		pr := v.readers[i]
		for k, g := range groups {
			var n uint64
			for _, ft := range g {
				pl, err := pr.postings(ft.field, ft.term)
				if err != nil {
					return nil, err
				}
				n += pl.Count()
			}
			order[k] = sized{g, n}
		}
		sort.SliceStable(order, func(a, b int) bool { return order[a].n < order[b].n })
		var acc *roaring.Bitmap
		for _, o := range order {
			switch {
			case acc == nil:
				acc = roaring.New()
				for _, ft := range o.g {
					if err := pr.orInto(ft.field, ft.term, acc); err != nil {
						return nil, err
					}
				}
			case acc.GetCardinality()*selective < o.n:
				next := roaring.New()
				for _, ft := range o.g {
					if err := pr.andOrInto(ft.field, ft.term, acc, next); err != nil {
						return nil, err
					}
				}
				acc = next
			default:
				bm := roaring.New()
				for _, ft := range o.g {
					if err := pr.orInto(ft.field, ft.term, bm); err != nil {
						return nil, err
					}
				}
				acc.And(bm)
			}
			if acc.IsEmpty() {
				break
			}
		}
		if acc == nil || acc.IsEmpty() {
			continue
		}
		if del := ss.Deleted(); del != nil {
			acc.AndNot(del)
		}
		if !acc.IsEmpty() {
			out[i] = acc
		}
	}
	return out, nil
}

// selective is how many times larger than the matches so far a group's
// postings must be for matchSets to intersect part by part.
const selective = 8

// postingsReader reads the postings lists of one segment, less the deleted
// documents (except), each once.
type postingsReader struct {
	seg    segment.Segment
	except *roaring.Bitmap
	dicts  map[string]segment.TermDictionary
	lists  map[fieldTerm]segment.PostingsList
	it     segment.PostingsIterator // the last iterator, for reuse (see walk)
	sc     *scratch
}

// postings is the postings list of term in field.
func (p *postingsReader) postings(field, term string) (segment.PostingsList, error) {
	if pl, ok := p.lists[fieldTerm{field, term}]; ok {
		return pl, nil
	}
	d, err := p.dictionary(field)
	if err != nil {
		return nil, err
	}
	pl, err := d.PostingsList([]byte(term), p.except, nil)
	if err != nil {
		return nil, err
	}
	if p.lists == nil {
		p.lists = map[fieldTerm]segment.PostingsList{}
	}
	p.lists[fieldTerm{field, term}] = pl
	return pl, nil
}

// dictionary is field's term dictionary, opened once.
func (p *postingsReader) dictionary(field string) (segment.TermDictionary, error) {
	if d := p.dicts[field]; d != nil {
		return d, nil
	}
	d, err := p.seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	if p.dicts == nil {
		p.dicts = map[string]segment.TermDictionary{}
	}
	p.dicts[field] = d
	return d, nil
}

// orInto adds the documents holding term in field to b (deleted ones too).
func (p *postingsReader) orInto(field, term string, b *roaring.Bitmap) error {
	pl, err := p.postings(field, term)
	if err != nil {
		return err
	}
	o, ok := pl.(interface{ OrInto(*roaring.Bitmap) })
	if !ok {
		return errors.New("search index postings cannot be read as a bitmap")
	}
	o.OrInto(b)
	return nil
}

// andOrInto adds to into the documents of acc that hold term in field
// (deleted ones too: the caller takes those out). It reads the postings
// bitmap as it is stored, without the copy that leaving out the deleted
// documents would take.
func (p *postingsReader) andOrInto(field, term string, acc, into *roaring.Bitmap) error {
	d, err := p.dictionary(field)
	if err != nil {
		return err
	}
	pl, err := d.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return err
	}
	if pl.Count() == 0 {
		return nil
	}
	if it, ok := pl.Iterator(false, false, false, nil).(interface{ ActualBitmap() *roaring.Bitmap }); ok {
		if bm := it.ActualBitmap(); bm != nil {
			into.Or(roaring.And(acc, bm))
			return nil
		}
	}
	// A list of one document is stored without a bitmap.
	one := roaring.New()
	o, ok := pl.(interface{ OrInto(*roaring.Bitmap) })
	if !ok {
		return errors.New("search index postings cannot be read as a bitmap")
	}
	o.OrInto(one)
	one.And(acc)
	into.Or(one)
	return nil
}

// countWords is collect(query, gather{facets: true}) for the loose words
// of a query over every text field (e.words, as textQuery left them) and
// the filters; ok is false for filters it cannot do (a rating range), and
// the caller collects.
func (s *Service) countWords(ctx context.Context, v *view, words [][]part, fs []filterPart) (*collected, bool, error) {
	snap := v.snap
	groups := make([][]fieldTerm, 0, len(words)+len(fs))
	for _, f := range fs {
		if f.term == "" {
			return nil, false, nil
		}
		groups = append(groups, []fieldTerm{{f.field, f.term}})
	}
	// The filters first: one keyword's postings are cheaper to read than a
	// word's in four fields, and an empty intersection stops early.
	sets, err := matchSets(v, append(groups, wordGroups(words)...))
	if err != nil {
		return nil, false, err
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	segs := snap.Segments()
	res := &collected{matched: make([][]uint32, len(segs)), offsets: make([]uint64, len(segs)+1), fromPostings: true}
	datas := make([]*segData, len(segs))
	counts := make([][][]int, len(segs))
	for i, ss := range segs {
		res.offsets[i+1] = res.offsets[i] + ss.Segment().Count()
		if sets[i] == nil {
			continue
		}
		d, err := s.segs.get(snap, ss)
		if err != nil {
			return nil, false, err
		}
		datas[i] = d
		m := sets[i].ToArray()
		res.matched[i] = m
		res.total += len(m)
		c := make([][]int, len(facetFields))
		for f, of := range d.facetOf {
			c[f] = make([]int, len(d.facetVals[f]))
			for _, local := range m {
				c[f][of[local]]++
			}
		}
		counts[i] = c
	}
	res.facets = facetCounts(counts, datas)
	return res, true, nil
}

// wordGroups are the field terms of each word, any of which matches it.
func wordGroups(words [][]part) [][]fieldTerm {
	groups := make([][]fieldTerm, 0, len(words))
	for _, parts := range words {
		var g []fieldTerm
		for _, p := range parts {
			for _, t := range p.terms {
				g = append(g, fieldTerm{p.field, t})
			}
		}
		groups = append(groups, g)
	}
	return groups
}

// teachers are the n instructors ("id\x1fname") of the most courses
// matching words, most first (ties by the string).
func (s *Service) teachers(v *view, words [][]part, n int) ([]string, error) {
	sets, err := matchSets(v, wordGroups(words))
	if err != nil {
		return nil, err
	}
	snap := v.snap
	count := map[string]int{}
	for i, ss := range snap.Segments() {
		if sets[i] == nil {
			continue
		}
		d, err := s.segs.get(snap, ss)
		if err != nil {
			return nil, err
		}
		for it := sets[i].Iterator(); it.HasNext(); {
			count[d.teacher[it.Next()]]++
		}
	}
	out := make([]string, 0, len(count))
	for t := range count {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if count[out[i]] != count[out[j]] {
			return count[out[i]] > count[out[j]]
		}
		return out[i] < out[j]
	})
	return out[:min(n, len(out))], nil
}
