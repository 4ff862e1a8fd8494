package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/lectern/lectern/internal/store"
)

// testIndex indexes n generated courses whose words follow a long-tailed
// distribution, in several batches (so the index has several segments).
func testIndex(t *testing.T, n int) (bleve.Index, []string) {
	t.Helper()
	idx, err := bleve.NewUsing(filepath.Join(t.TempDir(), "idx"), newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	rnd := rand.New(rand.NewPCG(1, 2))
	var vocab []string
	syll := strings.Fields("ka lo mi ra ten vo shi pur gal dex mon tra ve qui bel sor")
	for len(vocab) < 400 {
		vocab = append(vocab, syll[rnd.IntN(len(syll))]+syll[rnd.IntN(len(syll))]+syll[rnd.IntN(len(syll))])
	}
	z := rand.NewZipf(rnd, 1.1, 4, uint64(len(vocab)-1))
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[z.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	b := idx.NewBatch()
	for i := 1; i <= n; i++ {
		c := &store.Course{ID: int64(i), Title: words(2 + rnd.IntN(4)), Subtitle: words(4 + rnd.IntN(5)), InstructorName: words(2),
			DescriptionMD: words(20 + rnd.IntN(40)), Level: "all", Language: "en", RatingAvg: float64(rnd.IntN(21)) / 4,
			EnrollmentCount: rnd.IntN(50), TotalDurationS: rnd.IntN(20 * 3600), Status: store.CoursePublished}
		if err := b.Index(strconv.Itoa(i), document(&store.SearchSource{Course: c, Curriculum: []string{words(3)}})); err != nil {
			t.Fatal(err)
		}
		if i%(n/4) == 0 {
			if err := idx.Batch(b); err != nil {
				t.Fatal(err)
			}
			b = idx.NewBatch()
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	return idx, vocab
}

// The pruned page is the page that scoring every match gives: same courses,
// same order, same scores, on first and later pages.
func TestPrunedPageEqualsFullScoring(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 4000)
	r := testReader(t, idx)
	s := &Service{}
	pruned, fell := 0, 0
	for i := 0; i < 120; i++ {
		q := vocab[i%40]
		if i%3 == 1 {
			q += " " + vocab[(i*7)%60]
		}
		if i%5 == 2 {
			q = q[:len(q)-2] // search as you type: the last word completed
		}
		e := &expander{v: testVocab(t, s, r)}
		p := parse(q)
		text := textQuery(e, p, nil)
		full := query.Query(text)
		if i%4 == 3 { // with a filter
			f := bleve.NewTermQuery("4.5")
			f.SetField(fRatingBand)
			f.SetBoost(0)
			full = bleve.NewConjunctionQuery(full, f)
		}
		var after []string
		for pageNo := 0; pageNo < 2; pageNo++ {
			g := gather{sort: SortRelevance, after: after, limit: 11, fields: []string{fTitle}}
			want, err := s.collect(ctx, idx, r, full, g)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := s.collect(ctx, idx, r, full, gather{facets: true})
			if err != nil {
				t.Fatal(err)
			}
			got, ok, err := s.prunedPage(ctx, idx, r, text, whole, e.scored, g)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				fell++
				break
			}
			pruned++
			if a, b := pageOf(got), pageOf(want); a != b {
				t.Fatalf("%q page %d: pruned\n%s\nscoring every match\n%s", q, pageNo+1, a, b)
			}
			after = want.hits[len(want.hits)-2].Sort
		}
	}
	t.Logf("pages found by pruning: %d; fell back to scoring every match: %d", pruned, fell)
	if pruned < 40 || fell == 0 {
		t.Fatalf("the test should exercise both paths: pruned %d, fell back %d", pruned, fell)
	}
}

func pageOf(c *collected) string {
	var b strings.Builder
	for _, h := range c.hits {
		fmt.Fprintf(&b, "%s %.12g %s\n", h.ID, h.score, h.key)
	}
	return b.String()
}

// A bound below a real score of a course without a query word in its title
// or subtitle would make pruning wrong: check it against every such match.
func TestLowBoundHoldsForEveryMatch(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 2000)
	r := testReader(t, idx)
	s := &Service{}
	checked := 0
	for i := 0; i < 40; i++ {
		q := vocab[i] + " " + vocab[i+3]
		if i%2 == 0 {
			q = vocab[i]
		}
		e := &expander{v: testVocab(t, s, r)}
		full := textQuery(e, parse(q), nil)
		high := tiers[i%len(tiers)]
		if i%2 == 1 { // a narrower tier than the one in use
			high = []string{fTitle}
		}
		bound, err := lowBound(ctx, idx, r, e.scored, high)
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.collect(ctx, idx, r, full, gather{sort: SortRelevance, limit: 100_000})
		if err != nil {
			t.Fatal(err)
		}
		whole, err := s.collect(ctx, idx, r, full, gather{facets: true})
		if err != nil {
			t.Fatal(err)
		}
		cands, _, err := candidates(r, whole, e.scored, high)
		if err != nil {
			t.Fatal(err)
		}
		in := map[string]bool{}
		for _, h := range all.hits {
			if cands[h.seg] != nil && cands[h.seg].Contains(uint32(h.local)) {
				in[h.ID] = true
			}
		}
		best := 0.0
		for _, h := range all.hits {
			if !in[h.ID] {
				best = max(best, h.score)
			}
		}
		if best == 0 {
			continue
		}
		if best > bound {
			t.Fatalf("%q: a course without the words in %v scores %g, above the bound %g", q, high, best, bound)
		}
		t.Logf("%q %v: best outside the candidates %.4g, bound %.4g", q, high, best, bound)
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d queries had matches outside the title and subtitle", checked)
	}
}

// Search answers the same with pruning as without: results, total,
// facets and the next-page key, on first and later pages.
func TestSearchSameWithPruning(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 3000)
	s := NewService(Deps{})
	s.idx.Store(&idx)
	s.ready.Store(true)
	s.cats.list, s.cats.at = []store.Category{}, time.Now().Add(time.Hour)
	defer func(v int) { pruneAbove = v }(pruneAbove)
	for i := 0; i < 40; i++ {
		q := Query{Q: vocab[i%25], Limit: 10}
		if i%3 == 1 {
			q.Q += " " + vocab[(i*7)%50]
		}
		if i%4 == 3 {
			q.MinRating = 4.5
		}
		var pages [2][]string
		for mode, above := range []int{0, 1 << 30} {
			pruneAbove = above
			qq := q
			for pageNo := 0; pageNo < 3; pageNo++ {
				res, err := s.Search(ctx, qq)
				if err != nil {
					t.Fatal(err)
				}
				pages[mode] = append(pages[mode], fmt.Sprint(res.IDs, res.Total, res.Facets, res.Next))
				if res.Next == nil {
					break
				}
				qq.After = res.Next
			}
		}
		if strings.Join(pages[0], "\n") != strings.Join(pages[1], "\n") {
			t.Fatalf("%+v: with pruning\n%s\nwithout\n%s", q, strings.Join(pages[0], "\n"), strings.Join(pages[1], "\n"))
		}
	}
	if n := s.pruned.Load(); n < 20 {
		t.Fatalf("only %d pages were found by pruning; the test compares too little", n)
	}
}

// testReader is a reader of idx's current state, closed after the test.
func testReader(t *testing.T, idx bleve.Index) index.IndexReader {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func testVocab(t *testing.T, s *Service, r index.IndexReader) *vocab {
	t.Helper()
	v, err := s.vocabOf(r)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
