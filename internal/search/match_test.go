package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lectern/lectern/internal/store"
)

// Counting from the postings finds what collecting the query's matches
// finds — total, facet counts and the matching documents — with filters,
// typos, completions, and deleted and replaced documents in the index.
func TestCountFromPostingsEqualsCollecting(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 3000)
	// Deleted and replaced courses leave documents in older segments that
	// only the segments' deletion bitmaps leave out.
	deleteEvery(t, idx, 7, 3000)
	b := idx.NewBatch()
	for i := 3; i <= 3000; i += 11 {
		doc, err := idx.Document(strconv.Itoa(i))
		if err != nil || doc == nil {
			continue
		}
		if err := b.Index(strconv.Itoa(i), map[string]any{fTitle: vocab[i%30] + " " + vocab[(i+5)%30], fLevel: "beginner", fRatingBand: "4.5"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	r := testReader(t, idx)
	snap := r.(*scorch.IndexSnapshot)
	if len(snap.Segments()) < 2 {
		t.Fatalf("the index has %d segments; the test wants several", len(snap.Segments()))
	}
	s := &Service{}
	filtersOf := []Query{{}, {Level: "beginner"}, {MinRating: 4.5}, {Level: "all", Language: "en"}, {Price: "free"}, {Duration: "0-1"}}
	nonEmpty := 0
	for i := 0; i < 150; i++ {
		q := filtersOf[i%len(filtersOf)]
		q.Q = vocab[(i*3)%60]
		if i%3 == 1 {
			q.Q += " " + vocab[(i*7)%90]
		}
		switch i % 5 {
		case 2:
			q.Q = q.Q[:len(q.Q)-2] // the last word being typed
		case 4:
			q.Q = q.Q[1:] // a typo
		}
		e := &expander{v: testVocab(t, s, r)}
		p := parse(q.Q)
		full := bleve.NewConjunctionQuery(append([]query.Query{textQuery(e, p, nil)}, filters(q, "")...)...)
		want, err := s.collect(ctx, idx, r, full, gather{facets: true})
		if err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.countWords(ctx, newView(snap), e.words, filterParts(q, ""))
		if err != nil || !ok {
			t.Fatalf("%+v: %v %v", q, ok, err)
		}
		if a, b := summary(got), summary(want); a != b {
			t.Fatalf("%+v: from the postings\n%s\ncollected\n%s", q, a, b)
		}
		if want.total > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 75 {
		t.Fatalf("only %d queries matched anything; the test compares too little", nonEmpty)
	}
	// A rating that is no band's minimum is a range: collected instead.
	e := &expander{v: testVocab(t, s, r)}
	textQuery(e, parse(vocab[0]), nil)
	if _, ok, err := s.countWords(ctx, newView(snap), e.words, filterParts(Query{MinRating: 3.7}, "")); ok || err != nil {
		t.Fatalf("a rating range was counted from the postings: %v %v", ok, err)
	}
}

func summary(c *collected) string {
	var matched [][]uint32
	for _, m := range c.matched {
		if len(m) > 0 {
			matched = append(matched, m)
		} else {
			matched = append(matched, nil)
		}
	}
	return fmt.Sprint(c.total, " ", c.facets, " ", matched, " ", c.offsets)
}

// A search of an empty index finds nothing (and does not fail).
func TestSearchOfAnEmptyIndex(t *testing.T) {
	idx, err := bleve.NewUsing(t.TempDir()+"/idx", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	s := NewService(Deps{})
	s.idx.Store(&idx)
	s.ready.Store(true)
	s.cats.list, s.cats.at = []store.Category{}, time.Now().Add(time.Hour)
	res, err := s.Search(context.Background(), Query{Q: "python basics"})
	if err != nil || res.Total != 0 || len(res.IDs) != 0 {
		t.Fatalf("search of an empty index: %+v, %v", res, err)
	}
	sug, err := s.Suggest(context.Background(), "pyt")
	if err != nil || len(sug) != 0 {
		t.Fatalf("suggestions from an empty index: %+v, %v", sug, err)
	}
}

// matchSets finds, segment by segment, what unioning every group in full
// and intersecting the unions finds — whichever order it takes the groups
// in and however it intersects them (part by part when the matches so far
// are few, including parts of a single document, which are stored without
// a bitmap) — with deleted documents left out.
func TestMatchSetsEqualUnionsIntersected(t *testing.T) {
	idx, vocab := testIndex(t, 3000)
	deleteEvery(t, idx, 5, 3000)
	r := testReader(t, idx)
	snap := r.(*scorch.IndexSnapshot)
	fields := []string{fTitle, fSubtitle, fBody, fInstructor}
	rnd := rand.New(rand.NewPCG(3, 4))
	term := func() fieldTerm {
		// Mostly the rare end of the vocabulary, where a term has few
		// documents in a field, or one.
		w := vocab[len(vocab)-1-rnd.IntN(len(vocab)/2)]
		if rnd.IntN(3) == 0 {
			w = vocab[rnd.IntN(20)] // a common word
		}
		return fieldTerm{fields[rnd.IntN(len(fields))], w}
	}
	nonEmpty := 0
	for i := 0; i < 300; i++ {
		groups := make([][]fieldTerm, 2+rnd.IntN(2))
		for g := range groups {
			for range 1 + rnd.IntN(8) {
				groups[g] = append(groups[g], term())
			}
		}
		got, err := matchSets(newView(snap), groups)
		if err != nil {
			t.Fatal(err)
		}
		for si, ss := range snap.Segments() {
			pr := &postingsReader{seg: ss.Segment(), except: ss.Deleted()}
			var want *roaring.Bitmap
			for _, g := range groups {
				u := roaring.New()
				for _, ft := range g {
					if err := pr.orInto(ft.field, ft.term, u); err != nil {
						t.Fatal(err)
					}
				}
				if want == nil {
					want = u
				} else {
					want.And(u)
				}
			}
			if del := ss.Deleted(); del != nil {
				want.AndNot(del)
			}
			if want.IsEmpty() {
				want = nil
			}
			if got[si] == nil && want == nil {
				continue
			}
			if got[si] == nil || want == nil || !got[si].Equals(want) {
				t.Fatalf("groups %v, segment %d: got %v, want %v", groups, si, got[si], want)
			}
			nonEmpty++
		}
	}
	if nonEmpty < 100 {
		t.Fatalf("only %d non-empty intersections; the test compares too little", nonEmpty)
	}
}
