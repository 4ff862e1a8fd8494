package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
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

// rankWords ranks as Bleve's searchers score: the same courses in the same
// order with the same scores (to rounding), on first and later pages, with
// filters, completions, typos, synonyms, spellings of several terms (CJK),
// and deleted and replaced courses in the index.
func TestRankWordsAgreesWithBleve(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 4000)
	deleteEvery(t, idx, 13, 4000)
	b := idx.NewBatch()
	for i, title := range []string{"日本語 入門", "日本の 料理", "語学 日本語 会話", "colour theory for painters", "golang and go tooling"} {
		c := &store.Course{ID: int64(5000 + i), Title: title + " " + vocab[i], Subtitle: vocab[i+1], InstructorName: vocab[i+2],
			DescriptionMD: vocab[i+3] + " " + title, Level: "all", Language: "ja", Status: store.CoursePublished}
		if err := b.Index(strconv.Itoa(5000+i), document(&store.SearchSource{Course: c})); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	r := testReader(t, idx)
	snap := r.(*scorch.IndexSnapshot)
	s := &Service{}
	queries := []string{"日本語", "日本", "colour", "golang", "go tooling"}
	for i := 0; i < 120; i++ {
		q := vocab[i%40]
		if i%3 == 1 {
			q += " " + vocab[(i*7)%60]
		}
		switch i % 5 {
		case 2:
			q = q[:len(q)-2] // search as you type: the last word completed
		case 4:
			q = q[1:] // a typo
		}
		queries = append(queries, q)
	}
	compared := 0
	for i, q := range queries {
		e := &expander{v: testVocab(t, s, r)}
		p := parse(q)
		fq := Query{}
		if i%4 == 3 {
			fq.MinRating = 4.5
		}
		var fields []string
		if i%6 == 5 { // as search-as-you-type asks: titles and subtitles, the last word completed
			fields, e.typing, p.partial = []string{fTitle, fSubtitle}, true, true
		}
		full := bleve.NewConjunctionQuery(append([]query.Query{textQuery(e, p, fields)}, filters(fq, "")...)...)
		whole, ok, err := s.countWords(ctx, newView(snap), e.words, filterParts(fq, ""))
		if err != nil || !ok {
			t.Fatalf("%q: %v %v", q, ok, err)
		}
		var afterOurs, afterBleve []string
		for pageNo := 0; pageNo < 2; pageNo++ {
			want, err := s.collect(ctx, idx, r, full, gather{sort: SortRelevance, after: afterBleve, limit: 11, fields: []string{fTitle}})
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.rankWords(ctx, newView(snap), whole, e.words, gather{sort: SortRelevance, after: afterOurs, limit: 11, fields: []string{fTitle}})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.hits) != len(want.hits) {
				t.Fatalf("%q page %d: %d hits, Bleve %d", q, pageNo+1, len(got.hits), len(want.hits))
			}
			for k, h := range got.hits {
				w := want.hits[k]
				if h.ID != w.ID || h.key != w.key || h.Fields[fTitle] != w.Fields[fTitle] || math.Abs(h.score-w.score) > 1e-9*w.score {
					t.Fatalf("%q page %d: ranked\n%s\nBleve\n%s", q, pageNo+1, pageOf(got), pageOf(want))
				}
			}
			compared += len(got.hits)
			if len(got.hits) < 11 {
				break
			}
			afterOurs, afterBleve = got.hits[len(got.hits)-2].Sort, want.hits[len(want.hits)-2].Sort
		}
	}
	if compared < 1500 {
		t.Fatalf("only %d hits compared", compared)
	}
	if n := s.pruned.Load(); n < 10_000 {
		t.Fatalf("only %d matches were left unscored; the test compares the pruned ranking too little", n)
	}
	t.Logf("%d hits compared; %d matches left unscored", compared, s.pruned.Load())
}

// The figures pruning goes by hold: every match scores at least its lower
// figure and less than its upper one.
func TestFiguresBoundEveryScore(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 3000)
	r := testReader(t, idx)
	snap := r.(*scorch.IndexSnapshot)
	s := &Service{}
	checked, tight := 0, 0
	for i := 0; i < 60; i++ {
		q := vocab[i] + " " + vocab[i+3]
		switch i % 3 {
		case 0:
			q = vocab[i]
		case 2:
			q = q[:len(q)-2] + " " + vocab[i][1:] // a completion and a typo
		}
		e := &expander{v: testVocab(t, s, r)}
		textQuery(e, parse(q), nil)
		v := newView(snap)
		whole, _, err := s.countWords(ctx, v, e.words, nil)
		if err != nil {
			t.Fatal(err)
		}
		st, err := statsOf(v, e.words)
		if err != nil {
			t.Fatal(err)
		}
		for si := range snap.Segments() {
			m := whole.matched[si]
			if len(m) == 0 {
				continue
			}
			pr := v.readers[si]
			scores, err := scoreMatches(st, pr, m, e.words)
			if err != nil {
				t.Fatal(err)
			}
			lo, hi, err := figures(st, pr, m, e.words)
			if err != nil || lo == nil {
				t.Fatalf("%q: no figures: %v", q, err)
			}
			for j, sc := range scores {
				if sc < lo[j]*(1-1e-12) || sc >= hi[j] {
					t.Fatalf("%q: a match scores %g, outside [%g, %g)", q, sc, lo[j], hi[j])
				}
				if hi[j] < 2*sc {
					tight++
				}
				checked++
			}
		}
	}
	t.Logf("%d matches checked; upper figure within twice the score for %d", checked, tight)
	if checked < 5000 {
		t.Fatalf("only %d matches checked", checked)
	}
}

func pageOf(c *collected) string {
	var b strings.Builder
	for _, h := range c.hits {
		fmt.Fprintf(&b, "%s %.12g %s\n", h.ID, h.score, h.key)
	}
	return b.String()
}

// The instructors suggested are those of the most matches, as a tally of
// Bleve's matches of the instructor field finds them.
func TestTeachersOfTheMostMatches(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 3000)
	deleteEvery(t, idx, 9, 3000)
	r := testReader(t, idx)
	snap := r.(*scorch.IndexSnapshot)
	s := &Service{}
	found := 0
	for i := 0; i < 60; i++ {
		q := vocab[i][:3+i%4]
		if i%3 == 0 {
			q = vocab[i+1] + " " + q
		}
		p := parse(q)
		e := &expander{v: testVocab(t, s, r), typing: true}
		text := textQuery(e, p, []string{fInstructor})
		got, err := s.teachers(newView(snap), e.words, 3)
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.collect(ctx, idx, r, text, gather{facets: true})
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for si, m := range all.matched {
			d, err := s.segs.get(snap, snap.Segments()[si])
			if err != nil {
				t.Fatal(err)
			}
			for _, local := range m {
				count[d.teacher[local]]++
			}
		}
		var want []string
		for name := range count {
			want = append(want, name)
		}
		slices.SortFunc(want, func(a, b string) int {
			if count[a] != count[b] {
				return count[b] - count[a]
			}
			return strings.Compare(a, b)
		})
		want = want[:min(3, len(want))]
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("%q: instructors %q, tally of the matches %q", q, got, want)
		}
		found += len(got)
	}
	if found < 60 {
		t.Fatalf("only %d instructors found; the test compares too little", found)
	}
}

// Search answers the same whether loose words are counted and ranked from
// the postings or by Bleve's searchers: results, total, facets and the
// course the next page starts after, on first and later pages.
func TestSearchSameFromPostings(t *testing.T) {
	ctx := context.Background()
	idx, vocab := testIndex(t, 3000)
	s := NewService(Deps{})
	s.idx.Store(&idx)
	s.ready.Store(true)
	s.cats.list, s.cats.at = []store.Category{}, time.Now().Add(time.Hour)
	defer func(v bool) { countFromPostings = v }(countFromPostings)
	for i := 0; i < 40; i++ {
		q := Query{Q: vocab[i%25], Limit: 10}
		if i%3 == 1 {
			q.Q += " " + vocab[(i*7)%50]
		}
		if i%4 == 3 {
			q.MinRating = 4.5
		}
		var pages [2][]string
		for mode, on := range []bool{true, false} {
			countFromPostings = on
			qq := q
			for pageNo := 0; pageNo < 3; pageNo++ {
				res, err := s.Search(ctx, qq)
				if err != nil {
					t.Fatal(err)
				}
				next := ""
				if res.Next != nil {
					next = res.Next[len(res.Next)-1] // the score's last bits may differ
				}
				pages[mode] = append(pages[mode], fmt.Sprint(res.IDs, res.Total, res.Facets, next))
				if res.Next == nil {
					break
				}
				qq.After = res.Next
			}
		}
		if strings.Join(pages[0], "\n") != strings.Join(pages[1], "\n") {
			t.Fatalf("%+v: from the postings\n%s\nby Bleve\n%s", q, strings.Join(pages[0], "\n"), strings.Join(pages[1], "\n"))
		}
	}
}

// deleteEvery deletes every step-th of the courses 1..n: their documents
// stay in older segments, left out by the segments' deletion bitmaps.
func deleteEvery(t *testing.T, idx bleve.Index, step, n int) {
	t.Helper()
	b := idx.NewBatch()
	for i := 1; i <= n; i += step {
		b.Delete(strconv.Itoa(i))
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
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
