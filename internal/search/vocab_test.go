package search

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
)

// The in-memory vocabulary completes prefixes and counts words as the
// index's dictionary does.
func TestVocabularyAgreesWithTheDictionary(t *testing.T) {
	idx, words := testIndex(t, 1500)
	r := testReader(t, idx)
	s := NewService(Deps{})
	v, err := s.vocabOf(r)
	if err != nil || len(v.terms) < 100 {
		t.Fatalf("vocabulary not read: %v, %v", v, err)
	}
	if again, _ := s.vocabOf(r); again != v {
		t.Fatal("the vocabulary of one state of the index is read again")
	}
	fromDict, fromVocab := dictExpander{r}, &expander{v: v}
	checked := 0
	for i, w := range words[:60] {
		for _, p := range []string{w[:1], w[:2], w[:4], w, w + "x"} {
			a, b := fmt.Sprint(fromDict.prefix(p, maxPrefix)), fmt.Sprint(fromVocab.prefix(p, maxPrefix))
			if a != b {
				t.Fatalf("prefix %q: dictionary %s, vocabulary %s", p, a, b)
			}
			checked++
		}
		typo := w[1:2] + w[:1] + w[2:]
		for _, q := range []string{w, typo, w[:len(w)-1]} {
			// The dictionary's fuzzy walk gives no counts (so its choice
			// among equally near words is arbitrary): compare all of them.
			if a, b := nearSet(fromDict.fuzzy(q, 1, 1000)), nearSet(fromVocab.fuzzy(q, 1, 1000)); a != b {
				t.Fatalf("one edit from %q: dictionary %s, vocabulary %s", q, a, b)
			}
			for _, c := range fromVocab.fuzzy(q, 2, maxFuzzy) {
				if c.dist > 2 || editDistance(q, c.term) != c.dist || c.term == q {
					t.Fatalf("two edits from %q: %+v", q, c)
				}
			}
		}
		if a, b := fromDict.count(w), fromVocab.count(w); a != b || (i < 5 && a == 0) {
			t.Fatalf("count %q: dictionary %d, vocabulary %d", w, a, b)
		}
	}
	t.Logf("%d prefixes compared", checked)
}

func nearSet(cs []cand) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s/%d", c.term, c.dist))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// The bounded distance agrees with the full one.
func TestWithinEdits(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "python", "pyhton", "pythno", "ptyhon", "javascript", "javscript", "jvaacsript",
		"colour", "color", "théorie", "theorie", "kubernetes", "kuberentes", "go", "og", "abcdef", "badcfe", "acbdfe"}
	for _, a := range words {
		for _, b := range words {
			full := editDistance(a, b)
			for max := 0; max <= 2; max++ { // editDistance gives 3 for "3 or more"
				d, ok := withinEdits(a, b, max)
				if ok != (full <= max) || (ok && d != full) {
					t.Fatalf("withinEdits(%q, %q, %d) = %d, %v; the distance is %d", a, b, max, d, ok, full)
				}
			}
		}
	}
}

// dictExpander answers from the index's own dictionary, walked as the
// search service did before it kept the vocabulary in memory: the
// reference the vocabulary is checked against.
type dictExpander struct{ r index.IndexReader }

func (e dictExpander) count(w string) uint64 {
	d, err := e.r.FieldDictRange(fVocab, []byte(w), []byte(w))
	if err != nil {
		return 0
	}
	defer d.Close()
	if de, err := d.Next(); err == nil && de != nil && de.Term == w {
		return de.Count
	}
	return 0
}

func (e dictExpander) fuzzy(w string, maxEdits, limit int) []cand {
	// The dictionary's automaton counts a swap as two edits: ask for two
	// and measure each candidate properly.
	d, err := e.r.(index.IndexReaderFuzzy).FieldDictFuzzy(fVocab, w, 2, "")
	if err != nil {
		return nil
	}
	return bestOf(d, limit, func(term string) (int, bool) {
		dist := editDistance(w, term)
		return dist, term != w && dist <= maxEdits
	})
}

func (e dictExpander) prefix(w string, limit int) []cand {
	d, err := e.r.FieldDictPrefix(fVocab, []byte(w))
	if err != nil {
		return nil
	}
	return bestOf(d, limit, func(term string) (int, bool) { return 0, term != w })
}

// bestOf keeps the limit best of the first maxPrefixScan entries of d that
// keep takes, at the distance it gives, and closes d.
func bestOf(d index.FieldDict, limit int, keep func(term string) (int, bool)) []cand {
	defer d.Close()
	h := &topCands{}
	for i := 0; i < maxPrefixScan; i++ {
		de, err := d.Next()
		if err != nil || de == nil {
			break
		}
		if dist, ok := keep(de.Term); ok {
			best(h, cand{de.Term, de.Count, dist}, limit)
		}
	}
	return sorted(h)
}

// near finds every word within one and two edits, as measuring each word
// of the vocabulary does: the byte-set test skips none of them.
func TestNearFindsEveryWordWithinEdits(t *testing.T) {
	idx, words := testIndex(t, 1500)
	v, err := NewService(Deps{}).vocabOf(testReader(t, idx))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, w := range words[:80] {
		for _, q := range []string{w, w[1:2] + w[:1] + w[2:], w[:len(w)-1], w + "a", "z" + w[1:], w[:3] + "qq" + w[3:]} {
			for k := 1; k <= 2; k++ {
				var want, got []string
				for _, term := range v.terms {
					if term != q && editDistance(q, term) <= k {
						want = append(want, term)
					}
				}
				v.near(q, k, func(term string, _ uint64, _ int) { got = append(got, term) })
				sort.Strings(got)
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Fatalf("%d edits from %q: near %v, every word measured %v", k, q, got, want)
				}
				found += len(got)
			}
		}
	}
	if found < 100 {
		t.Fatalf("only %d near words in all; the test compares too little", found)
	}
}

// best keeps what sorting every candidate and taking the first would.
func TestBestKeepsTheBest(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 200; round++ {
		var all []cand
		h := &topCands{}
		limit := rnd.IntN(12)
		for i := rnd.IntN(60); i > 0; i-- {
			c := cand{term: fmt.Sprintf("w%d", rnd.IntN(40)), count: uint64(rnd.IntN(5)), dist: rnd.IntN(3)}
			all = append(all, c)
			best(h, c, limit)
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].better(all[j]) })
		want := all[:min(limit, len(all))]
		if fmt.Sprint(sorted(h)) != fmt.Sprint(want) {
			t.Fatalf("limit %d: kept %v, the best are %v", limit, sorted(h), want)
		}
	}
}
