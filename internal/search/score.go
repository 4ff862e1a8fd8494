package search

import (
	"container/heap"
	"context"
	"errors"
	"math"
	"slices"
	"strconv"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A query of loose words is ranked here rather than by Bleve's searchers,
// with Bleve's BM25 as its searchers compute it — the same idf, average
// field lengths and query norm, tf as the square root of the frequency,
// each word a disjunction of its parts whose sum is scaled by the share of
// parts matched, the words added up — but for every match at once, one
// posting list at a time: walking a broad query's matches through a tree
// of searchers (a disjunction per word, a term searcher per part) cost
// about 2 µs a match, most of a broad query's time. Scores may differ from
// Bleve's in the last bits (sums are taken in another order); the ranking
// and the keys of later pages are all computed here for such queries.

// wordStats are the query-wide figures of a words query's terms.
type wordStats struct {
	idf map[fieldTerm]float64
	avg map[string]float64 // average field length; 0 scores by tf-idf, as Bleve does
	qn  float64            // the query norm
}

// statsOf reads the figures Bleve's term searchers would: the document
// count, each field's average length (its cardinality over the document
// count, rounded up) and each term's document frequency.
func statsOf(v *view, words [][]part) (*wordStats, error) {
	n, err := v.snap.DocCount()
	if err != nil {
		return nil, err
	}
	var bm index.BM25Reader = v.snap
	st := &wordStats{idf: map[fieldTerm]float64{}, avg: map[string]float64{}}
	var sum float64
	for _, parts := range words {
		for _, p := range parts {
			avg, ok := st.avg[p.field]
			if !ok {
				card, err := bm.FieldCardinality(p.field)
				if err != nil {
					return nil, err
				}
				if n > 0 {
					avg = math.Ceil(float64(card) / float64(n))
				}
				st.avg[p.field] = avg
			}
			for _, t := range p.terms {
				ft := fieldTerm{p.field, t}
				idf, ok := st.idf[ft]
				if !ok {
					// The matches in every segment, less the deleted
					// (what a term field reader counts).
					var count uint64
					for _, pr := range v.readers {
						pl, err := pr.postings(p.field, t)
						if err != nil {
							return nil, err
						}
						count += pl.Count()
					}
					df := float64(count)
					if avg > 0 {
						idf = math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
					} else {
						idf = 1.0 + math.Log(float64(n)/(df+1.0))
					}
					st.idf[ft] = idf
				}
				w := p.boost * idf
				sum += w * w
			}
		}
	}
	st.qn = 1.0 / math.Sqrt(sum)
	return st, nil
}

// termScorer scores the postings of one term of one part of the query.
type termScorer struct {
	idf, avg, weight float64
}

func (st *wordStats) scorer(ft fieldTerm, boost float64) termScorer {
	idf := st.idf[ft]
	return termScorer{idf: idf, avg: st.avg[ft.field], weight: boost * idf * st.qn}
}

// score is a term searcher's score of a posting.
func (ts termScorer) score(freq uint64, norm float64) float64 {
	tf := math.Sqrt(float64(freq))
	var score float64
	if ts.avg > 0 {
		fieldLength := 1 / (norm * norm)
		score = ts.idf * (tf * bsearch.BM25_k1) / (tf + bsearch.BM25_k1*(1-bsearch.BM25_b+(bsearch.BM25_b*fieldLength/ts.avg)))
	} else {
		score = tf * norm * ts.idf
	}
	if ts.weight != 1.0 {
		score = score * ts.weight
	}
	return score
}

// scoreMatches scores the documents m (local numbers, ascending) of one
// segment, each of which has every word.
func scoreMatches(st *wordStats, pr *postingsReader, m []uint32, words [][]part) ([]float64, error) {
	scores := pr.sc.floats(len(m))
	ws := pr.sc.wordSums(len(m))
	for _, parts := range words {
		if err := ws.add(st, pr, m, parts, nil); err != nil {
			return nil, err
		}
		for j, c := range ws.cnt {
			if c > 0 {
				scores[j] += ws.sum[j] * (float64(c) / float64(len(parts)))
			}
		}
	}
	return scores, nil
}

// wordSums holds, for one word and each document, the sum of the scores
// of the word's parts it matches and their number.
type wordSums struct {
	sum, psum []float64
	cnt, pcnt []int32
	sc        *scratch
}

// scratch hands out the zeroed slices a search scores with, again after
// each reset, and to later searches (see newView).
type scratch struct {
	fs     [][]float64
	is     [][]int32
	nf, ni int
}

func (sc *scratch) reset() { sc.nf, sc.ni = 0, 0 }

func (sc *scratch) floats(n int) []float64 { return grab(&sc.fs, &sc.nf, n) }
func (sc *scratch) ints(n int) []int32     { return grab(&sc.is, &sc.ni, n) }

// grab hands out the next of bufs, zeroed, of length n.
func grab[T float64 | int32](bufs *[][]T, next *int, n int) []T {
	if *next == len(*bufs) {
		*bufs = append(*bufs, nil)
	}
	b := (*bufs)[*next]
	if cap(b) < n {
		b = make([]T, n)
	} else {
		b = b[:n]
		clear(b)
	}
	(*bufs)[*next] = b
	*next++
	return b
}

// wordSums are zeroed sums for n documents.
func (sc *scratch) wordSums(n int) *wordSums {
	return &wordSums{sum: sc.floats(n), cnt: sc.ints(n), sc: sc}
}

// add sets the sums of the parts of one word that only accepts (nil: all)
// for the documents m.
func (ws *wordSums) add(st *wordStats, pr *postingsReader, m []uint32, parts []part, only func(part) bool) error {
	clear(ws.sum)
	clear(ws.cnt)
	for _, p := range parts {
		if only != nil && !only(p) {
			continue
		}
		if len(p.terms) == 1 {
			ts := st.scorer(fieldTerm{p.field, p.terms[0]}, p.boost)
			err := pr.walk(p.field, p.terms[0], m, func(j int, freq uint64, norm float64) {
				ws.sum[j] += ts.score(freq, norm)
				ws.cnt[j]++
			})
			if err != nil {
				return err
			}
			continue
		}
		// A spelling of several terms is a disjunction of its own.
		if ws.psum == nil {
			ws.psum, ws.pcnt = ws.sc.floats(len(ws.sum)), ws.sc.ints(len(ws.sum))
		}
		clear(ws.psum)
		clear(ws.pcnt)
		for _, t := range p.terms {
			ts := st.scorer(fieldTerm{p.field, t}, p.boost)
			err := pr.walk(p.field, t, m, func(j int, freq uint64, norm float64) {
				ws.psum[j] += ts.score(freq, norm)
				ws.pcnt[j]++
			})
			if err != nil {
				return err
			}
		}
		for j, c := range ws.pcnt {
			if c > 0 {
				ws.sum[j] += ws.psum[j] * (float64(c) / float64(len(p.terms)))
				ws.cnt[j]++
			}
		}
	}
	return nil
}

// Most matches of a broad query have its words in the description and
// curriculum only, which cannot score as much as a title. So the first
// page of a broad query scores the other fields first, for every match:
// with them alone a match scores at least that (a word's score only grows
// with each part it matches), and at most that plus the most the body can
// add — a term's score is below idf·k1·boost·idf·queryNorm, and the body
// parts can raise the share of parts matched. The page's last course
// scores at least the k-th best of the lower figures; only the matches
// whose upper figure reaches it are scored in full. (This is the
// "max-score" idea of search engines, on two tiers of fields.)

// pruneAbove is the number of matches from which that is done.
var pruneAbove = 500

// reachers are the documents of m (a subset, ascending) that can be among
// the best limit by score.
func reachers(st *wordStats, pr *postingsReader, m []uint32, words [][]part, limit int) ([]uint32, error) {
	lo, hi, err := figures(st, pr, m, words)
	if err != nil || lo == nil {
		return m, err
	}
	// The limit-th best lower figure.
	best := make([]float64, 0, limit+1)
	for _, v := range lo {
		if len(best) < limit {
			best = append(best, v)
			slices.Sort(best)
		} else if v > best[0] {
			best[0] = v
			slices.Sort(best)
		}
	}
	if len(best) < limit {
		return m, nil
	}
	// Margins keep the rounding of sums taken in another order from
	// mattering.
	threshold := best[0] * (1 - 1e-9)
	var out []uint32
	for j, v := range hi {
		if v*(1+1e-9) >= threshold {
			out = append(out, m[j])
		}
	}
	return out, nil
}

// hasBody says whether a word of the query is looked for in the
// description and curriculum.
func hasBody(words [][]part) bool {
	for _, parts := range words {
		for _, p := range parts {
			if p.field == fBody && len(p.terms) > 0 {
				return true
			}
		}
	}
	return false
}

// figures are, for each document of m, a score it has at least and one it
// stays below; nil when the query's scores have no bound.
func figures(st *wordStats, pr *postingsReader, m []uint32, words [][]part) (lo, hi []float64, err error) {
	high := func(p part) bool { return p.field != fBody }
	lo = pr.sc.floats(len(m))
	hi = pr.sc.floats(len(m))
	ws := pr.sc.wordSums(len(m))
	for _, parts := range words {
		var most float64 // the body parts' scores, at most
		var body float64 // and their number
		for _, p := range parts {
			if high(p) || len(p.terms) == 0 {
				continue
			}
			body++
			for _, t := range p.terms {
				ts := st.scorer(fieldTerm{p.field, t}, p.boost)
				if ts.avg <= 0 {
					return nil, nil, nil // tf-idf scores have no bound
				}
				most += ts.idf * bsearch.BM25_k1 * ts.weight
			}
		}
		if err := ws.add(st, pr, m, parts, high); err != nil {
			return nil, nil, err
		}
		n := float64(len(parts))
		for j, c := range ws.cnt {
			if c > 0 {
				lo[j] += ws.sum[j] * (float64(c) / n)
			}
			hi[j] += (ws.sum[j] + most) * ((float64(c) + body) / n)
		}
	}
	return lo, hi, nil
}

// walk calls fn with the frequency and norm of term in field of each of
// the documents m (ascending) that has it, and the document's index in m.
func (p *postingsReader) walk(field, term string, m []uint32, fn func(j int, freq uint64, norm float64)) error {
	pl, err := p.postings(field, term)
	if err != nil {
		return err
	}
	// One iterator per segment, its buffers reused from walk to walk.
	it := pl.Iterator(true, true, false, p.it)
	p.it = it
	// About as many postings as documents: read them in turn; many more:
	// skip to each document (targets only ever increase, each past the
	// last posting read).
	sequential := pl.Count() <= 4*uint64(len(m))
	for j := 0; j < len(m); {
		var post segment.Posting
		if sequential {
			post, err = it.Next()
		} else {
			post, err = it.Advance(uint64(m[j]))
		}
		if err != nil || post == nil {
			return err
		}
		doc := post.Number()
		for j < len(m) && uint64(m[j]) < doc {
			j++
		}
		if j < len(m) && uint64(m[j]) == doc {
			fn(j, post.Frequency(), post.Norm())
			j++
		}
	}
	return nil
}

// rankWords is collect(query, g) for a relevance query of words whose
// matches whole has counted from the postings: the scores come from
// scoreMatches, the rest as collect does it.
func (s *Service) rankWords(ctx context.Context, v *view, whole *collected, words [][]part, g gather) (*collected, error) {
	snap := v.snap
	segs := snap.Segments()
	if len(segs) != len(whole.matched) {
		return nil, errors.New("search index changed between two reads of one snapshot")
	}
	st, err := statsOf(v, words)
	if err != nil {
		return nil, err
	}
	top := &hitHeap{relevance: true}
	var afterScore float64
	afterKey := ""
	if len(g.after) == 2 {
		afterScore, _ = strconv.ParseFloat(g.after[0], 64)
		afterKey = g.after[1]
	}
	// A broad first page prunes (without description parts the figures
	// are the scores, and nothing is saved).
	prune := len(g.after) == 0 && whole.total > pruneAbove && hasBody(words)
	for si, ss := range segs {
		m := whole.matched[si]
		if len(m) == 0 {
			continue
		}
		d, err := s.segs.get(snap, ss)
		if err != nil {
			return nil, err
		}
		pr := v.readers[si]
		v.sc.reset() // the last segment's scores are offered already
		if prune {
			if m, err = reachers(st, pr, m, words, g.limit); err != nil {
				return nil, err
			}
			s.pruned.Add(int64(len(whole.matched[si]) - len(m)))
		}
		scores, err := scoreMatches(st, pr, m, words)
		if err != nil {
			return nil, err
		}
		for j, score := range scores {
			key := d.keys[0][m[j]]
			if afterKey != "" && (score > afterScore || (score == afterScore && key >= afterKey)) {
				continue
			}
			if top.Len() == g.limit {
				if worst := top.h[0]; score < worst.score || (score == worst.score && key <= worst.key) {
					continue
				}
			}
			heap.Push(top, &hit{seg: si, local: uint64(m[j]), score: score, key: key})
			if top.Len() > g.limit {
				heap.Pop(top)
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	res := &collected{total: whole.total, offsets: whole.offsets, hits: make([]*hit, top.Len())}
	for i := len(res.hits) - 1; i >= 0; i-- {
		res.hits[i] = heap.Pop(top).(*hit)
	}
	return res, finishHits(segs, res.hits, true, g.fields)
}

// rescoreWords is rescore for a query of words ranked by rankWords: the
// key of the course after[1] as it scores now, or after unchanged if it no
// longer matches.
func (s *Service) rescoreWords(ctx context.Context, v *view, whole *collected, words [][]part, after []string) []string {
	snap := v.snap
	id := idOfKey(after[len(after)-1])
	one := &collected{total: 1, offsets: whole.offsets, matched: make([][]uint32, len(whole.matched))}
	found := false
	for si, ss := range snap.Segments() {
		nums, err := ss.DocNumbers([]string{id})
		if err != nil || nums == nil || si >= len(whole.matched) {
			continue
		}
		for it := nums.Iterator(); it.HasNext(); {
			local := it.Next()
			if _, in := slices.BinarySearch(whole.matched[si], local); in {
				one.matched[si], found = []uint32{local}, true
			}
		}
	}
	if !found {
		return after
	}
	c, err := s.rankWords(ctx, v, one, words, gather{sort: SortRelevance, limit: 1})
	if err != nil || len(c.hits) != 1 {
		return after
	}
	return c.hits[0].Sort
}
