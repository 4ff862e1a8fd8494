// Package search keeps an embedded full-text index of the published catalog
// (Bleve, stored in the data directory) and answers catalog searches and
// search-as-you-type suggestions from it. The database stays the source of
// truth: the index is reconciled against it at start (missing, stale or
// corrupt indexes are rebuilt, never fatal) and follows every change that
// the event bus announces. Until it is ready, callers fall back to the
// database search.
package search

import (
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/lectern/lectern/internal/store"
)

// schemaVersion changes whenever the mapping or the documents change shape;
// an index of another version is rebuilt from scratch.
const schemaVersion = "lectern-search-12"

// Field names in the index.
const (
	fTitle      = "title"
	fSubtitle   = "subtitle"
	fInstructor = "instructor"
	// fBody is the description, the curriculum (section and lecture
	// titles) and the category's name: one field, so a query word is
	// looked up in four fields rather than six.
	fBody       = "body"
	fVocab      = "vocab" // every word unstemmed: typo and prefix expansion, did-you-mean
	fCategory   = "category"
	fLevel      = "level"
	fLanguage   = "language"
	fPrice      = "price"
	fRating     = "rating"
	fPopularity = "popularity"
	fDuration   = "duration"
	fPublished  = "published"
	fID         = "id"
	fSlug       = "slug"
	fTeacher    = "teacher" // "id\x1fname" of the instructor, for suggestions
	fHash       = "hash"    // of the rest of the document: unchanged courses are skipped
	// Sort keys and filter bands are keywords with one short term each:
	// the collector reads each segment's sort keys once (see collect.go)
	// and counts facets from the filter terms' postings.
	fRankKey      = "k_rank"    // relevance ties: rating, then popularity, then id
	fRatingKey    = "k_rating"  // rating, then id
	fPopularKey   = "k_popular" // enrollments, then id
	fNewestKey    = "k_newest"  // publication time, then id
	fRatingBand   = "rating_band"
	fDurationBand = "duration_band"
)

// Deps is what the search service needs.
type Deps struct {
	DB  *store.DB
	Dir string // the index directory, inside the data directory
	Log *slog.Logger
	// MaxConcurrent searches run at once (default 2×CPUs); more wait up to
	// QueueWait, then are refused with 503.
	MaxConcurrent int
	QueueWait     time.Duration
}

// Service owns the index.
type Service struct {
	Deps
	gate chan struct{}

	writeMu sync.Mutex // one writer at a time: reconcile pages and live changes
	// A search reads one snapshot of the index throughout (its reader),
	// so a batch applied meanwhile does not mix states.
	idx   atomic.Pointer[bleve.Index]
	ready atomic.Bool // the index reflects the database
	stale atomic.Int64
	// pruned counts the matches not scored in full (see reachers).
	pruned atomic.Int64
	wake   chan struct{}
	done   chan struct{}
	stop   context.CancelFunc

	cats  catCache
	segs  segCache
	vocab vocabCache
}

// NewService makes the service; Start opens and builds the index.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.MaxConcurrent <= 0 {
		d.MaxConcurrent = 4 * runtime.NumCPU()
	}
	if d.QueueWait <= 0 {
		d.QueueWait = 250 * time.Millisecond
	}
	return &Service{Deps: d, gate: make(chan struct{}, d.MaxConcurrent), wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// Start opens the index (rebuilding it if it cannot be opened) and
// reconciles it with the database in the background; it never fails.
// Later reconciliations (after Purge) run on the same goroutine.
func (s *Service) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	s.stale.Add(1)
	go func() {
		defer close(s.done)
		backoff := time.Second
		for ctx.Err() == nil {
			if s.idx.Load() == nil {
				if err := s.open(); err != nil {
					s.Log.Error("search index cannot be opened; searching the database meanwhile", "err", err)
					if !sleep(ctx, backoff) {
						return
					}
					backoff = min(2*backoff, time.Minute)
					continue
				}
			}
			gen := s.stale.Load()
			if gen == 0 {
				select {
				case <-ctx.Done():
					return
				case <-s.wake:
				}
				continue
			}
			t0 := time.Now()
			n, changed, err := s.reconcile(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				s.Log.Warn("search index reconciliation failed; retrying", "err", err)
				if !sleep(ctx, backoff) {
					return
				}
				backoff = min(2*backoff, time.Minute)
				continue
			}
			backoff = time.Second
			s.Log.Info("search index ready", "courses", n, "changed", changed, "took", time.Since(t0).Round(time.Millisecond))
			if s.stale.CompareAndSwap(gen, 0) {
				s.ready.Store(true)
			}
			s.warm()
		}
	}()
}

func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

// Ready says whether searches are answered from the index.
func (s *Service) Ready() bool { return s.ready.Load() && s.stale.Load() == 0 }

// WaitReady waits until the index is ready or ctx ends.
func (s *Service) WaitReady(ctx context.Context) error {
	for !s.Ready() {
		if !sleep(ctx, 5*time.Millisecond) {
			return ctx.Err()
		}
	}
	return nil
}

// Close stops reconciling and closes the index.
func (s *Service) Close() error {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.segs.drop()
	s.vocab.drop()
	if p := s.idx.Swap(nil); p != nil {
		return (*p).Close()
	}
	return nil
}

func (s *Service) index() bleve.Index {
	if p := s.idx.Load(); p != nil {
		return *p
	}
	return nil
}

// open opens the index at Dir, or makes a new one when it is missing, of
// another schema or unreadable (it is moved aside and rebuilt).
func (s *Service) open() error {
	s.segs.drop()
	s.vocab.drop()
	// A batch is searchable once applied in memory and written to disk in
	// the background (unsafe_batch): a crash can lose the newest batches,
	// which the reconciliation at the next start restores from the
	// database, the source of truth.
	cfg := map[string]interface{}{"bolt_timeout": "2s", "unsafe_batch": true}
	idx, err := bleve.OpenUsing(s.Dir, cfg)
	if err == nil {
		v, verr := idx.GetInternal([]byte("schema"))
		if verr == nil && string(v) == schemaVersion {
			s.idx.Store(&idx)
			return nil
		}
		idx.Close()
		err = errors.New("index of another schema version")
	}
	if !errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		s.Log.Warn("search index unusable; rebuilding it", "err", err)
		if rerr := os.RemoveAll(s.Dir); rerr != nil {
			return rerr
		}
	}
	if err := os.MkdirAll(filepath.Dir(s.Dir), 0o700); err != nil {
		return err
	}
	idx, err = bleve.NewUsing(s.Dir, newMapping(), scorch.Name, scorch.Name, cfg)
	if err != nil {
		return err
	}
	if err := idx.SetInternal([]byte("schema"), []byte(schemaVersion)); err != nil {
		idx.Close()
		return err
	}
	s.idx.Store(&idx)
	return nil
}

func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	if err := im.AddCustomAnalyzer("plain", map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name, "token_filters": []string{lowercase.Name},
	}); err != nil {
		panic(err)
	}
	im.DefaultAnalyzer = en.AnalyzerName
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	dm := bleve.NewDocumentStaticMapping()
	text := func(name string, vectors, stored bool) {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.IncludeTermVectors = vectors
		f.Store = stored
		f.IncludeInAll = false
		f.DocValues = false
		dm.AddFieldMappingsAt(name, f)
	}
	text(fTitle, true, true)
	text(fSubtitle, true, true)
	text(fInstructor, false, false)
	text(fBody, false, false)
	vocab := bleve.NewTextFieldMapping()
	vocab.Analyzer = "plain"
	vocab.IncludeTermVectors, vocab.Store, vocab.IncludeInAll, vocab.DocValues, vocab.SkipFreqNorm = false, false, false, false, true
	dm.AddFieldMappingsAt(fVocab, vocab)
	for _, name := range []string{fCategory, fLevel, fLanguage, fPrice, fTeacher, fSlug, fRankKey, fRatingKey, fPopularKey, fNewestKey, fRatingBand, fDurationBand} {
		f := bleve.NewKeywordFieldMapping()
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		switch name {
		case fSlug:
			f.DocValues, f.Store = false, true
		case fTeacher, fRankKey, fRatingKey, fPopularKey, fNewestKey:
			f.DocValues = true
		default: // filters: searched, and counted from their postings
			f.DocValues = false
		}
		dm.AddFieldMappingsAt(name, f)
	}
	for _, name := range []string{fRating, fDuration} { // for ranges other than the bands
		f := bleve.NewNumericFieldMapping()
		f.IncludeInAll = false
		f.DocValues = false
		dm.AddFieldMappingsAt(name, f)
	}
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping()) // fields are searched by name
	hash := bleve.NewKeywordFieldMapping()
	hash.Index, hash.Store, hash.DocValues, hash.IncludeInAll, hash.IncludeTermVectors = false, true, false, false, false
	dm.AddFieldMappingsAt(fHash, hash)
	im.DefaultMapping = dm
	return im
}

// document is what the index holds of a course.
func document(src *store.SearchSource) map[string]interface{} {
	c := src.Course
	price := "free"
	if c.PriceCents > 0 {
		price = "paid"
	}
	var published int64
	if c.PublishedAt != nil {
		published = max(0, c.PublishedAt.UnixMicro())
	}
	var ratingBands []string
	for _, b := range RatingBands {
		if b.holds(c.RatingAvg) {
			ratingBands = append(ratingBands, b.Value)
		}
	}
	durationBand := ""
	for _, b := range DurationBands {
		if b.holds(float64(c.TotalDurationS)) {
			durationBand = b.Value
		}
	}
	rating := int64(math.Round(c.RatingAvg * 100))
	curriculum := strings.Join(src.Curriculum, "\n")
	return map[string]interface{}{
		fTitle: c.Title, fSubtitle: c.Subtitle, fInstructor: c.InstructorName,
		fBody:     strings.Join([]string{c.DescriptionMD, curriculum, c.CategoryName}, "\n"),
		fVocab:    strings.Join([]string{c.Title, c.Subtitle, c.InstructorName, c.CategoryName, c.DescriptionMD, curriculum}, "\n"),
		fCategory: c.CategorySlug, fLevel: c.Level, fLanguage: c.Language, fPrice: price,
		fRating: c.RatingAvg, fDuration: float64(c.TotalDurationS), fSlug: c.Slug,
		fRatingBand: ratingBands, fDurationBand: durationBand,
		fRankKey:    sortable(rating, int64(c.EnrollmentCount), c.ID),
		fRatingKey:  sortable(rating, c.ID),
		fPopularKey: sortable(int64(c.EnrollmentCount), c.ID),
		fNewestKey:  sortable(published, c.ID),
		fTeacher:    strconv.FormatInt(c.InstructorID, 10) + "\x1f" + c.InstructorName,
	}
}

// sortable joins non-negative numbers into a key whose byte order is their
// order, first number first; the last is the course id. Each number is
// its decimal digits after a letter that says how many there are.
func sortable(ns ...int64) string {
	var b strings.Builder
	for _, n := range ns {
		d := strconv.FormatInt(max(n, 0), 10)
		b.WriteByte(byte('a' + len(d)))
		b.WriteString(d)
	}
	return b.String()
}

// idOfKey is the course id at the end of a sort key.
func idOfKey(key string) string {
	i := strings.LastIndexFunc(key, func(r rune) bool { return r < '0' || r > '9' })
	return key[i+1:]
}

// withHash adds the document's hash to it. The hash is stored in the
// document itself: the index's internal key-value area is rewritten whole
// on every persisted snapshot, so it must not grow with the catalog.
func withHash(doc map[string]interface{}) map[string]interface{} {
	b, _ := json.Marshal(doc) // maps marshal in key order
	h := fnv.New64a()
	h.Write(b)
	doc[fHash] = strconv.FormatUint(h.Sum64(), 16)
	return doc
}

// storedHashes reads the hashes the index holds for the given documents.
func storedHashes(ctx context.Context, idx bleve.Index, ids []string) (map[string]string, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fHash}
	sr, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(sr.Hits))
	for _, h := range sr.Hits {
		if v, ok := h.Fields[fHash].(string); ok {
			out[h.ID] = v
		}
	}
	return out, nil
}

// reconcile makes the index equal to the published catalog: it reads every
// published course, re-indexes those whose document changed, and deletes
// documents of courses no longer published. It returns the number of
// courses and how many documents changed.
func (s *Service) reconcile(ctx context.Context) (int, int, error) {
	idx := s.index()
	seen := make(map[string]struct{})
	var after int64
	changed := 0
	for {
		n, c, last, err := s.reconcilePage(ctx, idx, after, seen)
		if err != nil {
			return 0, 0, err
		}
		changed += c
		if n == 0 {
			break
		}
		after = last
		if len(seen)%20000 < n {
			s.Log.Info("search index reconciling", "courses", len(seen), "changed", changed)
		}
	}
	// Whatever the index holds that was not seen is no longer published.
	dict, err := idx.FieldDict("_id")
	if err != nil {
		return 0, 0, err
	}
	var gone []string
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return 0, 0, err
		}
		if e == nil {
			break
		}
		if _, ok := seen[e.Term]; !ok {
			gone = append(gone, e.Term)
		}
	}
	dict.Close()
	if len(gone) > 0 {
		s.writeMu.Lock()
		b := idx.NewBatch()
		for _, id := range gone {
			// A course published meanwhile was indexed by its event;
			// only delete what the database does not list now.
			n, _ := strconv.ParseInt(id, 10, 64)
			if srcs, err := s.DB.SearchSourcesByID(ctx, []int64{n}); err == nil && len(srcs) == 1 && srcs[0].Course.Status == store.CoursePublished {
				continue
			}
			b.Delete(id)
		}
		err := s.apply(idx, b)
		s.writeMu.Unlock()
		if err != nil {
			return 0, 0, err
		}
		changed += len(gone)
	}
	return len(seen), changed, nil
}

func (s *Service) reconcilePage(ctx context.Context, idx bleve.Index, after int64, seen map[string]struct{}) (n, changed int, last int64, err error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	srcs, err := s.DB.SearchSourcesAfter(ctx, after, 1000)
	if err != nil || len(srcs) == 0 {
		return 0, 0, 0, err
	}
	ids := make([]string, len(srcs))
	for i, src := range srcs {
		ids[i] = strconv.FormatInt(src.Course.ID, 10)
	}
	have, err := storedHashes(ctx, idx, ids)
	if err != nil {
		return 0, 0, 0, err
	}
	b := idx.NewBatch()
	for i, src := range srcs {
		id := ids[i]
		seen[id] = struct{}{}
		doc := withHash(document(src))
		if have[id] == doc[fHash] {
			continue
		}
		if err := b.Index(id, doc); err != nil {
			return 0, 0, 0, err
		}
		changed++
	}
	if changed > 0 {
		if err := s.apply(idx, b); err != nil {
			return 0, 0, 0, err
		}
	}
	return len(srcs), changed, srcs[len(srcs)-1].Course.ID, nil
}

// Changed re-reads the given courses from the database and updates their
// documents (deleting those not published). It runs on every node when a
// course changes, before the change is visible to searches on that node.
func (s *Service) Changed(ctx context.Context, courseIDs ...int64) {
	idx := s.index()
	if idx == nil || len(courseIDs) == 0 {
		return // the reconciliation at open reads everything anyway
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	srcs, err := s.DB.SearchSourcesByID(ctx, courseIDs)
	if err != nil {
		s.Log.Warn("search index update failed; reconciling", "err", err)
		s.Purge()
		return
	}
	found := make(map[int64]*store.SearchSource, len(srcs))
	for _, src := range srcs {
		found[src.Course.ID] = src
	}
	b := idx.NewBatch()
	for _, cid := range courseIDs {
		id := strconv.FormatInt(cid, 10)
		src := found[cid]
		if src == nil || src.Course.Status != store.CoursePublished {
			b.Delete(id)
			continue
		}
		if err := b.Index(id, withHash(document(src))); err != nil {
			s.Log.Warn("search index update failed", "course", cid, "err", err)
			continue
		}
	}
	if err := s.apply(idx, b); err != nil {
		s.Log.Warn("search index update failed; reconciling", "err", err)
		s.Purge()
	}
}

// InstructorChanged re-indexes the courses of an instructor (after a
// rename).
func (s *Service) InstructorChanged(ctx context.Context, userID int64) {
	cs, err := s.DB.CoursesByInstructor(ctx, userID)
	if err != nil {
		s.Log.Warn("search index update failed; reconciling", "err", err)
		s.Purge()
		return
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	s.Changed(ctx, ids...)
	s.cats.drop()
}

// Purge marks the whole index stale (many courses changed at once, or this
// node may have missed events): searches use the database until a
// reconciliation in the background has caught up.
func (s *Service) Purge() {
	s.stale.Add(1)
	s.cats.drop()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Stats describes the index on disk.
func (s *Service) Stats() (docs uint64, bytes int64) {
	if idx := s.index(); idx != nil {
		docs, _ = idx.DocCount()
	}
	_ = filepath.Walk(s.Dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			bytes += info.Size()
		}
		return nil
	})
	return docs, bytes
}

// apply writes a batch.
func (s *Service) apply(idx bleve.Index, b *bleve.Batch) error {
	if err := idx.Batch(b); err != nil {
		return err
	}
	if s.Ready() { // while reconciling, segments come and go; it warms at the end
		go s.warm()
	}
	return nil
}

// warm reads what the collector needs of the index's segments, so that the
// first search after a change or a merge does not wait for it.
func (s *Service) warm() {
	idx := s.index()
	if idx == nil {
		return
	}
	adv, err := idx.Advanced()
	if err != nil {
		return
	}
	r, err := adv.Reader()
	if err != nil {
		return
	}
	defer r.Close()
	if _, err := s.vocabOf(r); err != nil {
		s.Log.Warn("search index vocabulary unreadable", "err", err)
		return
	}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		for _, ss := range snap.Segments() {
			if _, err := s.segs.get(snap, ss); err != nil {
				s.Log.Warn("search index segment unreadable", "err", err)
				return
			}
		}
	}
}
