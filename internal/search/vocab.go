package search

import (
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// vocab is the index's vocabulary (every word of the vocab field) in byte
// order with the number of courses holding each, read once per state of
// the index: the completions of a prefix and the count of a word are a
// binary search away instead of a walk over every segment's dictionary.
type vocab struct {
	terms  []string
	counts []uint64
	// byLen lists the short ASCII words by length; other holds the rest
	// (long or not ASCII). Near spellings are looked for among words of
	// about the same length.
	byLen [maxEditLen][]int32
	other []int32
	// masks holds, for each word in byLen, the set of its bytes (see
	// byteSet).
	masks []uint64
}

// byteSet is the set of a word's bytes, each as bit b%64. An edit changes
// at most two bits of it (a substitution may drop one byte's and add
// another's, an insertion or deletion one, a swap none), so two words with
// more than 2k differing bits are more than k edits apart: a test of a
// few instructions that spares most of the vocabulary the edit distance.
func byteSet(w string) uint64 {
	var m uint64
	for i := 0; i < len(w); i++ {
		m |= 1 << (w[i] & 63)
	}
	return m
}

// count is how many courses hold w.
func (v *vocab) count(w string) uint64 {
	if i := sort.SearchStrings(v.terms, w); i < len(v.terms) && v.terms[i] == w {
		return v.counts[i]
	}
	return 0
}

// each calls fn for up to limit words starting with prefix, in order.
func (v *vocab) each(prefix string, limit int, fn func(term string, count uint64)) {
	for i := sort.SearchStrings(v.terms, prefix); i < len(v.terms) && limit > 0 && strings.HasPrefix(v.terms[i], prefix); i++ {
		fn(v.terms[i], v.counts[i])
		limit--
	}
}

// vocabCache holds the vocabulary of the latest state of the index read.
type vocabCache struct {
	mu  sync.Mutex
	key string
	v   *vocab
}

func (c *vocabCache) drop() {
	c.mu.Lock()
	c.key, c.v = "", nil
	c.mu.Unlock()
}

// vocabOf returns the vocabulary of r's state of the index.
func (s *Service) vocabOf(r index.IndexReader) (*vocab, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("search index is not a scorch index")
	}
	// A state is its segments and their deletions.
	var b strings.Builder
	for _, ss := range snap.Segments() {
		var deleted uint64
		if d := ss.Deleted(); d != nil {
			deleted = d.GetCardinality()
		}
		fmt.Fprintf(&b, "%p/%d;", ss.Segment(), deleted)
	}
	key := b.String()
	s.vocab.mu.Lock()
	defer s.vocab.mu.Unlock()
	// (An empty index has the empty key, as has the cache before any read.)
	if s.vocab.v != nil && s.vocab.key == key {
		return s.vocab.v, nil
	}
	d, err := snap.FieldDict(fVocab)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	v := &vocab{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		i := int32(len(v.terms))
		v.terms = append(v.terms, e.Term)
		v.counts = append(v.counts, e.Count)
		if len(e.Term) < maxEditLen && isASCII(e.Term) {
			v.byLen[len(e.Term)] = append(v.byLen[len(e.Term)], i)
			v.masks = append(v.masks, byteSet(e.Term))
		} else {
			v.masks = append(v.masks, 0)
			v.other = append(v.other, i)
		}
	}
	s.vocab.key, s.vocab.v = key, v
	return v, nil
}

// near calls fn for every word within maxEdits edits of w (a swap of
// neighbouring letters counts one), w itself excluded.
func (v *vocab) near(w string, maxEdits int, fn func(term string, count uint64, dist int)) {
	try := func(i int32) {
		if t := v.terms[i]; t != w {
			if dist, ok := withinEdits(w, t, maxEdits); ok {
				fn(t, v.counts[i], dist)
			}
		}
	}
	if len(w) < maxEditLen && isASCII(w) {
		m := byteSet(w)
		for n := max(0, len(w)-maxEdits); n <= len(w)+maxEdits && n < maxEditLen; n++ {
			for _, i := range v.byLen[n] {
				if bits.OnesCount64(v.masks[i]^m) <= 2*maxEdits {
					try(i)
				}
			}
		}
	} else {
		for _, l := range v.byLen {
			for _, i := range l {
				try(i)
			}
		}
	}
	for _, i := range v.other {
		try(i)
	}
}

// withinEdits is editDistance for a bound: it gives up as soon as the
// distance must exceed max, and works on bytes without allocating when both
// words are short ASCII (as almost all words are).
func withinEdits(a, b string, max int) (int, bool) {
	if d := len(a) - len(b); d > max || d < -max {
		if isASCII(a) && isASCII(b) {
			return 0, false
		}
	}
	const n = maxEditLen
	if len(a) >= n || len(b) >= n || !isASCII(a) || !isASCII(b) {
		d := editDistance(a, b)
		return d, d <= max
	}
	var rows [3][n]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if rowMin > max {
			// Every later cell is at least this row's least, except through a
			// swap, which reaches back one more row: allow for it by checking
			// the previous row too.
			if i == len(a) || min2(prev[:len(b)+1]) > max {
				return 0, false
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	d := prev[len(b)]
	return d, d <= max
}

func min2(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

// maxEditLen bounds the words withinEdits measures without allocating.
const maxEditLen = 48

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
