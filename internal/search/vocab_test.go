package search

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// The in-memory vocabulary completes prefixes and counts words as the
// index's dictionary does.
func TestVocabularyAgreesWithTheDictionary(t *testing.T) {
	idx, words := testIndex(t, 1500)
	adv, _ := idx.Advanced()
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s := NewService(Deps{})
	v := s.vocabOf(r)
	if v == nil || len(v.terms) < 100 {
		t.Fatalf("vocabulary not read: %v", v)
	}
	if s.vocabOf(r) != v {
		t.Fatal("the vocabulary of one state of the index is read again")
	}
	fromDict, fromVocab := &expander{r: r}, &expander{r: r, v: v}
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
