package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

func catalogQuery(q string) catalog.CourseQuery { return catalog.CourseQuery{Q: q, Limit: 20} }

// waitIndex waits until the search index answers (it is built in the
// background at start, and after bulk changes).
func waitIndex(t *testing.T, a *app.App) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Search.WaitReady(ctx); err != nil {
		t.Fatal("search index never became ready")
	}
}

func (e *env) search(query string) resp {
	e.t.Helper()
	waitIndex(e.t, e.app)
	r := e.do(req{Method: "GET", Path: "/api/v1/courses?" + query}).expect(e.t, 200)
	if r.JSON["total"] == nil {
		e.t.Fatalf("%s: not answered by the index: %s", query, r.Body)
	}
	return r
}

func facetCount(r resp, facet, value string) int {
	fs, _ := r.JSON["facets"].(map[string]any)[facet].([]any)
	for _, f := range fs {
		m := f.(map[string]any)
		if m["value"] == value {
			return int(m["count"].(float64))
		}
	}
	return 0
}

func TestSearchIndexRelevance(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Ada Lovelace")
		g := e.instructor("g@x.io", "Grace Hopper")
		py := e.publishedCourse(a, map[string]any{"title": "Python Programming", "subtitle": "From zero to <b>packages</b> & more", "category": "development", "level": "beginner", "price_cents": 2999})
		e.publishedCourse(g, map[string]any{"title": "Data Analysis", "subtitle": "Pandas and Python notebooks", "category": "data-science", "level": "intermediate", "language": "de"})
		e.publishedCourse(a, map[string]any{"title": "Cooking for Engineers", "description_md": "A little Python scripting for recipes.", "category": "lifestyle"})
		e.publishedCourse(g, map[string]any{"title": "Color Theory", "subtitle": "Mixing paints", "category": "design", "description_md": "Colors and light."})
		e.publishedCourse(g, map[string]any{"title": "JavaScript Essentials", "subtitle": "Browsers", "category": "development"})
		e.publishedCourse(a, map[string]any{"title": "Go Concurrency", "subtitle": "Channels and goroutines", "category": "development", "price_cents": 1500})
		e.publishedCourse(g, map[string]any{"title": "Machine Learning Basics", "description_md": "Learning machines from data; no machine learning hype.", "category": "data-science"})
		e.publishedCourse(a, map[string]any{"title": "Learning Machine Shop", "description_md": "Lathes and mills.", "category": "lifestyle"})
		e.publishedCourse(g, map[string]any{"title": "<script>alert(1)</script> Python Hacks", "category": "development"})

		cases := []struct{ q, want string }{
			{"python", "[Python Programming <script>alert(1)</script> Python Hacks Data Analysis Cooking for Engineers]"}, // title > subtitle > description
			{"pyhton", "[Python Programming <script>alert(1)</script> Python Hacks Data Analysis Cooking for Engineers]"}, // a swap is one edit
			{"javscript", "[JavaScript Essentials]"}, // 9 letters: two edits allowed
			{"js", "[JavaScript Essentials]"},        // synonym
			{"golang", "[Go Concurrency]"},           // synonym
			{"pyth", "[Python Programming <script>alert(1)</script> Python Hacks Data Analysis Cooking for Engineers]"}, // prefix of the last word
			{"programs", "[Python Programming]"}, // stemming
			{"grace", "[<script>alert(1)</script> Python Hacks Color Theory Data Analysis JavaScript Essentials Machine Learning Basics]"},
			{`"machine learning"`, "[Machine Learning Basics]"}, // a phrase, not both words anywhere
			{"machine learning", "[Learning Machine Shop Machine Learning Basics]"},
			{"colr theory", "[]"}, // four letters: no typo tolerance, but a suggestion
		}
		for _, c := range cases {
			got := titles(e.search("q=" + url.QueryEscape(c.q)))
			if c.q == "grace" || c.q == "machine learning" { // equal scores: any order
				slices.Sort(got)
			}
			if fmt.Sprint(got) != c.want {
				t.Errorf("q=%s → %v, want %s", c.q, got, c.want)
			}
		}
		if r := e.search("q=colr+theory"); r.JSON["did_you_mean"] != "color theory" {
			t.Errorf("did you mean = %v", r.JSON["did_you_mean"])
		}
		if r := e.search("q=python"); r.JSON["did_you_mean"] != nil {
			t.Errorf("did you mean with results = %v", r.JSON["did_you_mean"])
		}

		// Highlights are escaped HTML with <mark> around the matches.
		r := e.search("q=python+packages")
		items := r.JSON["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["id"] != py {
			t.Fatalf("python packages → %s", r.Body)
		}
		h := items[0].(map[string]any)["highlights"].(map[string]any)
		if h["title"] != "<mark>Python</mark> Programming" || h["subtitle"] != "From zero to &lt;b&gt;<mark>packages</mark>&lt;/b&gt; &amp; more" {
			t.Errorf("highlights = %v", h)
		}
		r = e.search("q=hacks")
		h = r.JSON["items"].([]any)[0].(map[string]any)["highlights"].(map[string]any)
		if h["title"] != "&lt;script&gt;alert(1)&lt;/script&gt; Python <mark>Hacks</mark>" {
			t.Errorf("highlight of HTML in a title = %v", h["title"])
		}

		// Facet counts equal the results of the filter, and a SQL count.
		for _, q := range []string{"", "q=python", "q=learning", "q=pyhton&price=free"} {
			r := e.search(q)
			total := int(r.JSON["total"].(float64))
			if total != len(r.JSON["items"].([]any)) {
				t.Errorf("%s: total %d, items %d", q, total, len(r.JSON["items"].([]any)))
			}
			for _, facet := range []string{"category", "level", "language", "price", "rating", "duration"} {
				for _, fv := range r.JSON["facets"].(map[string]any)[facet].([]any) {
					m := fv.(map[string]any)
					param := facet
					if facet == "rating" {
						param = "min_rating"
					}
					sep := "&"
					if q == "" {
						sep = ""
					}
					filtered := e.search(q + sep + param + "=" + url.QueryEscape(m["value"].(string)))
					if got := int(filtered.JSON["total"].(float64)); got != int(m["count"].(float64)) {
						t.Errorf("%s: facet %s=%s says %v, filtering finds %d", q, facet, m["value"], m["count"], got)
					}
				}
			}
		}
		var n int
		if err := e.app.DB.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.SQL().QueryRow(`SELECT COUNT(*) FROM courses c JOIN categories k ON k.id = c.category_id WHERE c.status = 'published' AND k.slug = 'development'`).Scan(&n)
		}); err != nil {
			t.Fatal(err)
		}
		if got := facetCount(e.search(""), "category", "development"); got != n || n != 4 {
			t.Errorf("development facet %d, SQL %d", got, n)
		}
		if got := facetCount(e.search(""), "price", "paid"); got != 2 {
			t.Errorf("paid facet %d", got)
		}

		// Suggestions: courses, categories and instructors for a prefix.
		sg := e.do(req{Method: "GET", Path: "/api/v1/search/suggest?q=pyth"}).expect(t, 200)
		var kinds, stitles []string
		for _, it := range sg.JSON["items"].([]any) {
			m := it.(map[string]any)
			kinds = append(kinds, m["kind"].(string))
			stitles = append(stitles, m["title"].(string))
		}
		if len(stitles) == 0 || stitles[0] != "Python Programming" || len(stitles) > 8 {
			t.Errorf("suggest pyth → %v", stitles)
		}
		sg = e.do(req{Method: "GET", Path: "/api/v1/search/suggest?q=gra"}).expect(t, 200)
		if !strings.Contains(string(sg.Body), `"kind":"instructor"`) || !strings.Contains(string(sg.Body), "Grace Hopper") {
			t.Errorf("suggest gra → %s", sg.Body)
		}
		sg = e.do(req{Method: "GET", Path: "/api/v1/search/suggest?q=data+sc"}).expect(t, 200)
		if !strings.Contains(string(sg.Body), `"kind":"category"`) {
			t.Errorf("suggest data sc → %s", sg.Body)
		}
		if kinds[0] != "course" {
			t.Errorf("suggestion kinds %v", kinds)
		}
		e.do(req{Method: "GET", Path: "/api/v1/courses?duration=2-5"}).expect(t, 422)
		e.do(req{Method: "GET", Path: "/api/v1/search/suggest?q=" + strings.Repeat("x", 201)}).expect(t, 422)
	})
}

// The index follows publish, unpublish, edits, deletion and an instructor
// renaming themself, at once on the node that made the change.
func TestSearchIndexFollowsChanges(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Ada Lovelace")
		waitIndex(t, e.app)
		cid := e.publishedCourse(a, map[string]any{"title": "Quantum Knitting"})
		if got := titles(e.search("q=knitting")); fmt.Sprint(got) != "[Quantum Knitting]" {
			t.Errorf("after publish → %v", got)
		}
		e.do(req{Method: "PATCH", Path: "/api/v1/courses/" + cid, Token: a.Access, Body: map[string]any{"title": "Quantum Crochet"}}).expect(t, 200)
		if got := titles(e.search("q=knitting")); len(got) != 0 {
			t.Errorf("old title still found → %v", got)
		}
		if got := titles(e.search("q=crochet")); fmt.Sprint(got) != "[Quantum Crochet]" {
			t.Errorf("after edit → %v", got)
		}
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "Purl stitches"}}).expect(t, 201)
		_ = sec
		if got := titles(e.search("q=purl")); fmt.Sprint(got) != "[Quantum Crochet]" {
			t.Errorf("curriculum → %v", got)
		}
		e.do(req{Method: "PATCH", Path: "/api/v1/me", Token: a.Access, Body: map[string]any{"name": "Augusta King"}}).expect(t, 200)
		if got := titles(e.search("q=augusta")); fmt.Sprint(got) != "[Quantum Crochet]" {
			t.Errorf("after instructor rename → %v", got)
		}
		if got := titles(e.search("q=lovelace")); len(got) != 0 {
			t.Errorf("old instructor name still found → %v", got)
		}
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/unpublish", Token: a.Access}).expect(t, 200)
		if got := titles(e.search("q=crochet")); len(got) != 0 {
			t.Errorf("after unpublish → %v", got)
		}
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: a.Access}).expect(t, 200)
		if got := titles(e.search("q=crochet")); len(got) != 1 {
			t.Errorf("after publishing again → %v", got)
		}
		e.do(req{Method: "DELETE", Path: "/api/v1/courses/" + cid, Token: a.Access}).expect(t, 204)
		if got := titles(e.search("q=crochet")); len(got) != 0 {
			t.Errorf("after delete → %v", got)
		}
		if docs, _ := e.app.Search.Stats(); docs != 0 {
			t.Errorf("documents left: %d", docs)
		}
	})
}

// openApp opens Lectern on an existing data dir and database.
func openApp(t *testing.T, dataDir, dbURL string) *app.App {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.SecretKey, cfg.PublicURL = dataDir, dbURL, testSecret, "http://lectern.test"
	cfg.Complete()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A missing or damaged index directory is rebuilt at start; meanwhile the
// database answers, and start never fails.
func TestSearchIndexRebuiltAtStart(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Ada")
		e.publishedCourse(a, map[string]any{"title": "Rebuilt Course"})
		waitIndex(t, e.app)
		dir := e.app.Cfg.DataDir
		dbURL := e.app.Cfg.DatabaseURL
		e.srv.Close()
		e.app.Close()
		for _, damage := range []func(string) error{
			os.RemoveAll,
			func(p string) error { // truncated files: unreadable
				return filepath.Walk(p, func(f string, info os.FileInfo, err error) error {
					if err == nil && !info.IsDir() {
						return os.WriteFile(f, []byte("garbage"), 0o600)
					}
					return nil
				})
			},
		} {
			if err := damage(filepath.Join(dir, "search")); err != nil {
				t.Fatal(err)
			}
			b := openApp(t, dir, dbURL)
			waitIndex(t, b)
			if docs, _ := b.Search.Stats(); docs != 1 {
				t.Errorf("documents after rebuild: %d", docs)
			}
			b.Close()
		}
	})
}

// Two nodes on one PostgreSQL database: a change through one is found
// through the other within a second.
func TestSearchIndexTwoNodes(t *testing.T) {
	t.Parallel()
	target := testdb.Postgres(t)
	e := setup(t, target, "")
	other := openApp(t, t.TempDir(), e.app.Cfg.DatabaseURL)
	t.Cleanup(func() { other.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go e.app.Bus.Run(ctx)
	go other.Bus.Run(ctx)
	waitIndex(t, e.app)
	waitIndex(t, other)
	time.Sleep(200 * time.Millisecond) // both listening
	a := e.instructor("a@x.io", "Ada")
	cid := e.publishedCourse(a, map[string]any{"title": "Everywhere at once"})
	found := func(want int) bool {
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			res, err := other.Catalog.Search(context.Background(), catalogQuery("everywhere"))
			if err == nil && res.Total != nil && len(res.Items) == want {
				return true
			}
			time.Sleep(20 * time.Millisecond)
		}
		return false
	}
	if !found(1) {
		t.Error("the other node did not find a published course within a second")
	}
	e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/unpublish", Token: a.Access}).expect(t, 200)
	if !found(0) {
		t.Error("the other node still found an unpublished course after a second")
	}
}
