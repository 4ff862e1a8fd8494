package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Bounds on the work of one query.
const (
	MaxQueryLen      = 200 // characters
	maxWords         = 8
	maxPhrases       = 3
	maxFuzzy         = 3    // fuzzy expansions per word
	maxPrefix        = 10   // prefix expansions of the last word
	maxPrefixScan    = 4000 // dictionary entries looked at for a prefix
	minPrefixLen     = 2
	minFuzzyLen      = 5 // one edit from 5 letters
	twoEditsLen      = 9 // two edits from 9
	fuzzyBoost       = 0.45
	prefixBoost      = 0.6
	synonymBoost     = 0.9
	didYouMeanBelow  = 3 // results under which a correction is proposed
	didYouMeanMinLen = 3
	expandBelow      = 3 // a word in fewer courses gets typo and prefix expansions
)

// textFields are searched with their boosts: title above subtitle,
// instructor above description and curriculum.
var textFields = []struct {
	name  string
	boost float64
}{{fTitle, 12}, {fSubtitle, 5}, {fInstructor, 3}, {fBody, 1}}

// synonyms are common aliases; the query matches either word.
var synonyms = map[string]string{
	"golang": "go", "js": "javascript", "ts": "typescript", "py": "python", "k8s": "kubernetes",
	"postgres": "postgresql", "ml": "machine", "ai": "artificial", "ux": "usability", "css3": "css",
	"html5": "html", "reactjs": "react", "nodejs": "node", "photoshop": "photoshop", "colour": "color", "color": "colour",
}

var enAnalyzer analysis.Analyzer

func init() {
	a, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		panic(err)
	}
	enAnalyzer = a
}

// isStopWord says whether English analysis drops w.
func isStopWord(w string) bool { return len(enAnalyzer.Analyze([]byte(w))) == 0 }

// parsed is a query split into quoted phrases and loose words.
type parsed struct {
	phrases []string
	words   []string
	partial bool // the last word may be incomplete (no space after it)
}

func parse(q string) parsed {
	if utf8.RuneCountInString(q) > MaxQueryLen {
		q = string([]rune(q)[:MaxQueryLen])
	}
	var p parsed
	var loose strings.Builder
	parts := strings.Split(q, `"`)
	for i, part := range parts {
		// Odd parts are inside quotes (an unclosed quote runs to the end).
		if i%2 == 1 && len(p.phrases) < maxPhrases {
			if ws := words(part); len(ws) > 1 {
				p.phrases = append(p.phrases, strings.Join(ws, " "))
				continue
			}
		}
		loose.WriteString(part)
		loose.WriteByte(' ')
	}
	p.words = words(loose.String())
	if len(p.words) > maxWords {
		p.words = p.words[:maxWords]
	}
	last, _ := utf8.DecodeLastRuneInString(q)
	p.partial = len(p.words) > 0 && (unicode.IsLetter(last) || unicode.IsDigit(last))
	// Stop words are dropped unless nothing else is left.
	var kept []string
	for _, w := range p.words {
		if !isStopWord(w) {
			kept = append(kept, w)
		}
	}
	if len(kept) > 0 || len(p.phrases) > 0 {
		if len(kept) == 0 || kept[len(kept)-1] != p.words[len(p.words)-1] {
			p.partial = false
		}
		p.words = kept
	}
	return p
}

// words splits text into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// alt is one spelling a query word may match, with its weight.
type alt struct {
	word  string
	boost float64
}

// expander finds spellings of a word in the index's vocabulary.
type expander struct {
	v      *vocab // the vocabulary of the state of the index searched
	typing bool   // search as you type: always complete the last word
	// terms, when not nil, collects the analysed terms the query looks
	// for (to highlight them).
	terms map[string]bool
	// words lists, for each loose word of the query, the match queries it
	// is a disjunction of, in order: one per spelling and field (for
	// countWords and rankWords).
	words [][]part
}

// part is one match query of a word: a spelling in a field, with the
// analysed terms of the spelling (any of which matches) and its boost.
type part struct {
	field string
	terms []string
	boost float64
}

// note records the analysed terms of text as looked for.
func (e *expander) note(text string) {
	if e.terms == nil {
		return
	}
	for _, tok := range enAnalyzer.Analyze([]byte(text)) {
		e.terms[string(tok.Term)] = true
	}
}

// count is how many courses contain w.
func (e *expander) count(w string) uint64 { return e.v.count(w) }

type cand struct {
	term  string
	count uint64
	dist  int
}

// topCands keeps the best candidates, best first: fewest edits, then most
// courses, then the word.
type topCands []cand

func (c cand) better(d cand) bool {
	if c.dist != d.dist {
		return c.dist < d.dist
	}
	if c.count != d.count {
		return c.count > d.count
	}
	return c.term < d.term
}

// best offers c to the limit best in h.
func best(h *topCands, c cand, limit int) {
	l := *h
	if len(l) == limit && (limit == 0 || !c.better(l[len(l)-1])) {
		return
	}
	i := sort.Search(len(l), func(i int) bool { return c.better(l[i]) })
	if len(l) < limit {
		l = append(l, cand{})
	}
	copy(l[i+1:], l[i:len(l)-1])
	l[i] = c
	*h = l
}

func sorted(h *topCands) []cand { return *h }

// fuzzy lists up to limit words within maxEdits edits of w (a swap of two
// neighbouring letters is one edit), w itself excluded.
func (e *expander) fuzzy(w string, maxEdits, limit int) []cand {
	if maxEdits <= 0 {
		return nil
	}
	h := &topCands{}
	e.v.near(w, maxEdits, func(term string, count uint64, dist int) { best(h, cand{term, count, dist}, limit) })
	return sorted(h)
}

// prefix lists up to limit of the most common words starting with w.
func (e *expander) prefix(w string, limit int) []cand {
	h := &topCands{}
	e.v.each(w, maxPrefixScan, func(term string, count uint64) {
		if term != w {
			best(h, cand{term, count, 0}, limit)
		}
	})
	return sorted(h)
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each count one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > 2 || d < -2 {
		return 3
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// allowedEdits is the typo tolerance of a word of n letters.
func allowedEdits(n int) int {
	switch {
	case n >= twoEditsLen:
		return 2
	case n >= minFuzzyLen:
		return 1
	}
	return 0
}

// alternatives lists the spellings a query word matches: itself, its
// synonym and, when the word is rare or unknown, near spellings and (for
// the word being typed) completions.
func (e *expander) alternatives(w string, completing bool) []alt {
	alts := []alt{{w, 1}}
	if s, ok := synonyms[w]; ok && s != w {
		alts = append(alts, alt{s, synonymBoost})
	}
	// A word that many courses contain is taken as typed: its near
	// spellings and completions would add work and mostly noise (search
	// as you type still completes it).
	common := e.count(w) >= expandBelow
	if !common {
		for _, c := range e.fuzzy(w, allowedEdits(utf8.RuneCountInString(w)), maxFuzzy) {
			alts = append(alts, alt{c.term, fuzzyBoost})
		}
	}
	if completing && (!common || e.typing) && utf8.RuneCountInString(w) >= minPrefixLen {
		for _, c := range e.prefix(w, maxPrefix) {
			alts = append(alts, alt{c.term, prefixBoost})
		}
	}
	return alts
}

// textQuery builds the query of the words and phrases of p: every word
// (in one of its spellings) and every phrase must match some field.
func textQuery(e *expander, p parsed, fields []string) query.Query {
	var must []query.Query
	for i, w := range p.words {
		alts := e.alternatives(w, p.partial && i == len(p.words)-1)
		var parts []part
		for _, a := range alts {
			e.note(a.word)
			// Every text field has the English analyser, as the match
			// queries of anyField analyse the spelling.
			var terms []string
			for _, tok := range enAnalyzer.Analyze([]byte(a.word)) {
				terms = append(terms, string(tok.Term))
			}
			for _, f := range textFields {
				if want(fields, f.name) {
					parts = append(parts, part{f.name, terms, f.boost * a.boost})
				}
			}
		}
		e.words = append(e.words, parts)
		must = append(must, anyField(alts, fields))
	}
	for _, ph := range p.phrases {
		e.note(ph)
		var ors []query.Query
		for _, f := range textFields {
			if f.name == fBody || !want(fields, f.name) { // no positions kept there
				continue
			}
			m := bleve.NewMatchPhraseQuery(ph)
			m.SetField(f.name)
			m.SetBoost(f.boost)
			ors = append(ors, m)
		}
		must = append(must, bleve.NewDisjunctionQuery(ors...))
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(must...)
}

func want(fields []string, f string) bool {
	if fields == nil {
		return true
	}
	for _, x := range fields {
		if x == f {
			return true
		}
	}
	return false
}

func anyField(alts []alt, fields []string) query.Query {
	var ors []query.Query
	for _, a := range alts {
		for _, f := range textFields {
			if !want(fields, f.name) {
				continue
			}
			m := bleve.NewMatchQuery(a.word)
			m.SetField(f.name)
			m.SetBoost(f.boost * a.boost)
			ors = append(ors, m)
		}
	}
	return bleve.NewDisjunctionQuery(ors...)
}
