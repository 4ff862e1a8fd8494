package search

import (
	"context"
	"errors"
	"html"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// ErrNotReady means the index cannot answer yet; search the database.
var ErrNotReady = errors.New("search index not ready")

// Sorts, as the catalog names them.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortRating    = "rating"
	SortPopular   = "popular"
)

// Query is one catalog search.
type Query struct {
	Q         string
	Category  string // slug
	Level     string
	Language  string
	Price     string // free | paid
	Duration  string // one of DurationBands' values
	MinRating float64
	Sort      string
	After     []string // the next-page key a previous Result gave
	Limit     int
}

// Facet is one value of a filter and how many results have it.
type Facet struct {
	Value string
	Label string
	Count int
}

// Highlight is a course's title and subtitle as safe HTML: the text is
// escaped and matched words are wrapped in <mark>.
type Highlight struct {
	Title    string
	Subtitle string
}

// Result is one page of results.
type Result struct {
	IDs        []int64
	Total      int
	Facets     map[string][]Facet
	Highlights map[int64]Highlight
	DidYouMean string
	Sort       string
	Next       []string // the key after the last result; nil on the last page
}

// Band is a named range of a numeric filter.
type Band struct {
	Value    string
	Label    string
	Min, Max *float64 // Min inclusive, Max exclusive
}

func f(v float64) *float64 { return &v }

// holds says whether v is in the band.
func (b Band) holds(v float64) bool {
	return (b.Min == nil || v >= *b.Min) && (b.Max == nil || v < *b.Max)
}

// RatingBands are the "min_rating" filter values ("4.5 & up").
var RatingBands = []Band{
	{"4.5", "4.5 & up", f(4.5), nil}, {"4", "4.0 & up", f(4), nil}, {"3.5", "3.5 & up", f(3.5), nil}, {"3", "3.0 & up", f(3), nil},
}

// DurationBands are the "duration" filter values, in hours of video.
var DurationBands = []Band{
	{"0-1", "Under 1 hour", nil, f(3600)}, {"1-3", "1–3 hours", f(3600), f(3 * 3600)}, {"3-6", "3–6 hours", f(3 * 3600), f(6 * 3600)},
	{"6-17", "6–17 hours", f(6 * 3600), f(17 * 3600)}, {"17+", "17+ hours", f(17 * 3600), nil},
}

// DurationBand finds a band by value.
func DurationBand(v string) (Band, bool) {
	for _, b := range DurationBands {
		if b.Value == v {
			return b, true
		}
	}
	return Band{}, false
}

// acquire takes a search slot, waiting at most QueueWait; a busy server
// answers 503 with Retry-After rather than letting searches pile up.
func (s *Service) acquire(ctx context.Context) (func(), error) {
	select {
	case s.gate <- struct{}{}:
		return func() { <-s.gate }, nil
	default:
	}
	t := time.NewTimer(s.QueueWait)
	defer t.Stop()
	select {
	case s.gate <- struct{}{}:
		return func() { <-s.gate }, nil
	case <-t.C:
		e := apperr.New(apperr.Unavailable, "search_busy", "Search is busy right now; try again in a moment.")
		e.RetryAfter = time.Second
		return nil, e
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Gate runs fn in a search slot (the database fallback uses it too).
func (s *Service) Gate(ctx context.Context, fn func() error) error {
	release, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return fn()
}

// filterPart is one of a query's filters: a term of a keyword field, or,
// when term is "", a numeric field at least min.
type filterPart struct {
	field, term string
	min         float64
}

// filterParts are q's filters but the one on field except.
func filterParts(q Query, except string) []filterPart {
	var out []filterPart
	term := func(field, v string) {
		if v == "" || field == except {
			return
		}
		out = append(out, filterPart{field: field, term: v})
	}
	term(fCategory, q.Category)
	term(fLevel, q.Level)
	term(fLanguage, q.Language)
	term(fPrice, q.Price)
	if q.MinRating > 0 && except != fRating {
		band := ""
		for _, b := range RatingBands {
			if *b.Min == q.MinRating {
				band = b.Value
			}
		}
		if band != "" {
			term(fRatingBand, band)
		} else {
			out = append(out, filterPart{field: fRating, min: q.MinRating})
		}
	}
	if b, ok := DurationBand(q.Duration); ok && except != fDuration {
		term(fDurationBand, b.Value)
	}
	return out
}

// filters are the conjuncts of q's filters; they do not score.
func filters(q Query, except string) []query.Query {
	var out []query.Query
	for _, f := range filterParts(q, except) {
		if f.term == "" {
			out = append(out, numRange(f.field, &f.min, nil))
			continue
		}
		t := bleve.NewTermQuery(f.term)
		t.SetField(f.field)
		t.SetBoost(0)
		out = append(out, t)
	}
	return out
}

func numRange(field string, lo, hi *float64) query.Query {
	yes, no := true, false
	r := bleve.NewNumericRangeInclusiveQuery(lo, hi, &yes, &no)
	r.SetField(field)
	r.SetBoost(0)
	return r
}

// Search answers q from the index, or ErrNotReady.
func (s *Service) Search(ctx context.Context, q Query) (*Result, error) {
	idx := s.index()
	if idx == nil || !s.Ready() {
		return nil, ErrNotReady
	}
	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("search index is not a scorch index")
	}
	vocab, err := s.vocabOf(r)
	if err != nil {
		return nil, err
	}
	v := newView(snap)
	defer v.release()
	e := &expander{v: vocab, terms: map[string]bool{}}
	p := parse(q.Q)
	text := textQuery(e, p, nil)
	sortName := q.Sort
	if sortName == "" || (sortName == SortRelevance && len(p.words)+len(p.phrases) == 0) {
		sortName = SortNewest
		if len(p.words)+len(p.phrases) > 0 {
			sortName = SortRelevance
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	full := bleve.NewConjunctionQuery(append([]query.Query{text}, filters(q, "")...)...)
	after := q.After
	if len(after) != 1 && !(sortName == SortRelevance && len(after) == 2) {
		after = nil
	}
	g := gather{sort: sortName, limit: limit + 1, fields: []string{fTitle, fSubtitle}}
	var page, whole *collected
	// A relevance query without phrases is counted and faceted first, and
	// later pages count what the whole query matches, as the first did;
	// otherwise one collection counts and finds the page.
	relevance := sortName == SortRelevance && len(p.phrases) == 0
	if relevance || after != nil {
		if whole, err = s.countAll(ctx, idx, v, full, e, p, q); err != nil {
			return nil, err
		}
	} else {
		g.facets = true
	}
	// Loose words counted from the postings are ranked from them too.
	ranked := relevance && whole.fromPostings
	if after != nil && sortName == SortRelevance {
		if ranked {
			after = s.rescoreWords(ctx, v, whole, e.words, after)
		} else {
			after = s.rescore(ctx, idx, r, full, after)
		}
	}
	g.after = after
	if ranked {
		page, err = s.rankWords(ctx, v, whole, e.words, g)
	} else {
		page, err = s.collect(ctx, idx, r, full, g)
	}
	if err != nil {
		return nil, err
	}
	if whole == nil {
		whole = page
	}
	res := &Result{Total: whole.total, Sort: sortName, Highlights: map[int64]Highlight{}, Facets: facets(whole.facets, s.categories(ctx))}
	hits := page.hits
	if len(hits) > limit {
		hits = hits[:limit]
		res.Next = hits[limit-1].Sort
	}
	for _, h := range hits {
		id, _ := strconv.ParseInt(h.ID, 10, 64)
		res.IDs = append(res.IDs, id)
		res.Highlights[id] = Highlight{Title: mark(h.Fields[fTitle], e.terms), Subtitle: mark(h.Fields[fSubtitle], e.terms)}
	}
	if res.Total < didYouMeanBelow && len(p.words) > 0 && after == nil {
		res.DidYouMean = s.didYouMean(ctx, idx, r, e, q, p, res.Total)
	}
	return res, nil
}

// countFromPostings turns countWords on (tests compare with it off).
var countFromPostings = true

// countAll counts and facets every match of full, the query of p (as e
// expanded it) and q's filters: from the postings when p is loose words
// (see countWords), else by collecting.
func (s *Service) countAll(ctx context.Context, idx bleve.Index, v *view, full query.Query, e *expander, p parsed, q Query) (*collected, error) {
	if countFromPostings && len(p.phrases) == 0 && len(p.words) > 0 && len(e.words) == len(p.words) {
		c, ok, err := s.countWords(ctx, v, e.words, filterParts(q, ""))
		if err != nil || ok {
			return c, err
		}
	}
	return s.collect(ctx, idx, v.snap, full, gather{facets: true})
}

func (s *Service) count(ctx context.Context, idx bleve.Index, r index.IndexReader, q query.Query) int {
	c, err := s.collect(ctx, idx, r, q, gather{})
	if err != nil {
		return 0
	}
	return c.total
}

// rescore keeps relevance pages stable while the catalog changes: scores
// depend on the whole index, so the next page starts after the last course
// shown as it scores now, not as it scored when the page was served.
func (s *Service) rescore(ctx context.Context, idx bleve.Index, r index.IndexReader, q query.Query, after []string) []string {
	id := idOfKey(after[len(after)-1])
	ids := bleve.NewDocIDQuery([]string{id})
	ids.SetBoost(0)
	c, err := s.collect(ctx, idx, r, bleve.NewConjunctionQuery(q, ids), gather{sort: SortRelevance, limit: 1})
	if err != nil || len(c.hits) != 1 {
		return after
	}
	return c.hits[0].Sort
}

// facetNames are the catalog's names of the filters, in facetFields order.
var facetNames = []string{"category", "level", "language", "price", "rating", "duration"}

// facets turns the counts per filter value into the catalog's facets. A
// course is counted in its best rating band, and the bands count every
// course at or above them.
func facets(counts []map[string]int, cats []store.Category) map[string][]Facet {
	if counts == nil {
		counts = make([]map[string]int, len(facetNames))
	}
	names := map[string]store.Category{}
	for _, c := range cats {
		names[c.Slug] = c
	}
	out := make(map[string][]Facet, len(facetNames))
	for i, name := range facetNames {
		list := []Facet{}
		switch name {
		case "rating":
			n := 0
			for _, b := range RatingBands { // best first
				n += counts[i][b.Value]
				list = append(list, Facet{Value: b.Value, Label: b.Label, Count: n})
			}
		case "duration":
			for _, b := range DurationBands {
				list = append(list, Facet{Value: b.Value, Label: b.Label, Count: counts[i][b.Value]})
			}
		default:
			for v, n := range counts[i] {
				value, label := v, v
				if name == "category" {
					c, ok := names[v]
					if !ok {
						continue // a category deleted meanwhile
					}
					value, label = c.Slug, c.Name
				}
				list = append(list, Facet{Value: value, Label: label, Count: n})
			}
			sort.SliceStable(list, func(i, j int) bool {
				if list[i].Count != list[j].Count {
					return list[i].Count > list[j].Count
				}
				return list[i].Value < list[j].Value
			})
		}
		out[name] = list
	}
	return out
}

// Highlights are marked on the page's hits only: the words of a title or
// subtitle whose analysed form (lower case, stemmed) is one of the query's
// terms. That saves the index from gathering term locations for every
// matching course.

// mark escapes text and wraps the words matching terms in <mark>.
func mark(text string, terms map[string]bool) string {
	var b strings.Builder
	pos := 0
	for _, tok := range enAnalyzer.Analyze([]byte(text)) {
		st, en := tok.Start, tok.End
		if !terms[string(tok.Term)] || st < pos || en > len(text) || st >= en {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:st]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[st:en]))
		b.WriteString("</mark>")
		pos = en
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return b.String()
}

// didYouMean proposes the query with unknown or rare words replaced by the
// closest common spelling, if that finds more.
func (s *Service) didYouMean(ctx context.Context, idx bleve.Index, r index.IndexReader, e *expander, q Query, p parsed, total int) string {
	changed := false
	fixed := make([]string, len(p.words))
	for i, w := range p.words {
		fixed[i] = w
		n := len([]rune(w))
		if n < didYouMeanMinLen || e.count(w) > 0 {
			continue
		}
		edits := 1
		if n >= 7 {
			edits = 2
		}
		if cs := e.fuzzy(w, edits, 1); len(cs) > 0 {
			fixed[i], changed = cs[0].term, true
		}
	}
	if !changed {
		return ""
	}
	suggestion := strings.Join(fixed, " ")
	for _, ph := range p.phrases {
		suggestion += ` "` + ph + `"`
	}
	sp := parse(suggestion)
	sp.partial = false
	full := bleve.NewConjunctionQuery(append([]query.Query{textQuery(e, sp, nil)}, filters(q, "")...)...)
	if s.count(ctx, idx, r, full) <= total {
		return ""
	}
	return suggestion
}

// Suggestion is one search-as-you-type proposal.
type Suggestion struct {
	Kind  string // course | category | instructor
	ID    int64
	Title string
	Slug  string
}

// MaxSuggestions is how many Suggest returns at most.
const MaxSuggestions = 8

// Suggest proposes courses, categories and instructors for a prefix.
func (s *Service) Suggest(ctx context.Context, q string) ([]Suggestion, error) {
	idx := s.index()
	if idx == nil || !s.Ready() {
		return nil, ErrNotReady
	}
	p := parse(q)
	p.phrases = nil
	if len(p.words) == 0 {
		return []Suggestion{}, nil
	}
	p.partial = true
	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	v, err := s.vocabOf(r)
	if err != nil {
		return nil, err
	}
	e := &expander{v: v, typing: true}
	var out []Suggestion
	// Categories whose name has every word (the last as a prefix).
	for _, c := range s.categories(ctx) {
		if len(out) >= 2 {
			break
		}
		if matchesPrefix(words(c.Name), p.words) {
			out = append(out, Suggestion{Kind: "category", ID: c.ID, Title: c.Name, Slug: c.Slug})
		}
	}
	// Instructors: the most frequent among courses whose instructor
	// name matches.
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("search index is not a scorch index")
	}
	view := newView(snap)
	defer view.release()
	textQuery(e, p, []string{fInstructor})
	teachers, err := s.teachers(view, e.words, 2)
	if err != nil {
		return nil, err
	}
	for _, t := range teachers {
		id, name, ok := strings.Cut(t, "\x1f")
		if n, err := strconv.ParseInt(id, 10, 64); ok && err == nil && matchesPrefix(words(name), p.words) {
			out = append(out, Suggestion{Kind: "instructor", ID: n, Title: name})
		}
	}
	// Courses by title and subtitle, best first.
	e.words = nil
	textQuery(e, p, []string{fTitle, fSubtitle})
	matches, _, err := s.countWords(ctx, view, e.words, nil)
	if err != nil {
		return nil, err
	}
	cc, err := s.rankWords(ctx, view, matches, e.words, gather{sort: SortRelevance, limit: MaxSuggestions - len(out), fields: []string{fTitle, fSlug}})
	if err != nil {
		return nil, err
	}
	var courses []Suggestion
	for _, h := range cc.hits {
		id, _ := strconv.ParseInt(h.ID, 10, 64)
		courses = append(courses, Suggestion{Kind: "course", ID: id, Title: h.Fields[fTitle], Slug: h.Fields[fSlug]})
	}
	out = append(courses, out...)
	if len(out) > MaxSuggestions {
		out = out[:MaxSuggestions]
	}
	return out, nil
}

// matchesPrefix says whether every query word is a word of name, the last
// one possibly as a prefix.
func matchesPrefix(name, ws []string) bool {
	for i, w := range ws {
		found := false
		for _, n := range name {
			if n == w || (i == len(ws)-1 && strings.HasPrefix(n, w)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// catCache holds the categories for labels and suggestions.
type catCache struct {
	mu   sync.Mutex
	list []store.Category
	at   time.Time
}

func (c *catCache) drop() {
	c.mu.Lock()
	c.list = nil
	c.mu.Unlock()
}

func (s *Service) categories(ctx context.Context) []store.Category {
	s.cats.mu.Lock()
	defer s.cats.mu.Unlock()
	if s.cats.list == nil || time.Since(s.cats.at) > time.Minute {
		if list, err := s.DB.Categories(ctx); err == nil {
			s.cats.list, s.cats.at = list, time.Now()
		}
	}
	return s.cats.list
}
