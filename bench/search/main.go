// Command search load-tests catalog search the way real traffic looks: a
// generated catalog with a long-tail vocabulary, and a stream of searches
// drawn Zipf-wise from thousands of distinct one- and two-word queries
// (some with a filter, some with a typo), sent by vegeta as its own process
// against `lectern serve` with the response cache off and on. It prints
// latency percentiles, throughput, errors, the index build time and size,
// and the server's RSS.
//
//	go run ./bench/search                          # SQLite, 100,000 courses
//	go run ./bench/search -db postgres://…/test    # PostgreSQL (a fresh schema)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/lectern/lectern/bench/internal/pgschema"
	"io"
	"log"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/lectern/lectern/bench/internal/mediakit"
	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
)

func main() {
	dbURL := flag.String("db", "sqlite", `"sqlite" (a file under -dir) or a postgres:// URL (a fresh schema is made in it)`)
	dir := flag.String("dir", filepath.Join(os.TempDir(), "lectern-bench-search"), "data directory; a generated SQLite catalog here is reused")
	courses := flag.Int("courses", 100_000, "published courses to generate")
	distinct := flag.Int("queries", 5_000, "distinct queries")
	requests := flag.Int("requests", 20_000, "length of the query stream (the targets file)")
	conc := flag.Int("c", 32, "connections")
	dur := flag.Duration("d", 30*time.Second, "duration of each run")
	vegeta := flag.String("vegeta", "vegeta", "the vegeta binary (go install github.com/tsenart/vegeta/v12@v12.13.0)")
	modes := flag.String("cache", "off,on", "response cache modes to run")
	schema := flag.String("schema", "", "with PostgreSQL: use (and reuse) this schema instead of a fresh one")
	seedOnly := flag.Bool("seed-only", false, "generate the catalog and stop")
	rate := flag.Int("rate", 0, "requests per second to offer (0: as many as the connections carry, the capacity)")
	keep := flag.Bool("keep-index", false, "reopen the index left by an earlier run instead of building it from nothing")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		log.Fatal(err)
	}
	name, dsn := "SQLite", "sqlite://"+filepath.Join(*dir, fmt.Sprintf("search-%d.db", *courses))
	if strings.HasPrefix(*dbURL, "postgres") {
		name = "PostgreSQL"
		if *schema != "" {
			dsn = pgschema.Named(*dbURL, *schema)
		} else {
			dsn = pgschema.Fresh(*dbURL)
		}
	}
	vocab := vocabulary()
	seedCatalog(ctx, *dir, dsn, *courses, vocab)
	if *seedOnly {
		return
	}
	bin, err := mediakit.BuildLectern(*dir)
	if err != nil {
		log.Fatal(err)
	}
	queries := makeQueries(vocab, *distinct)
	rnd := rand.New(rand.NewPCG(7, 11))
	z := rand.NewZipf(rnd, 1.1, 1, uint64(len(queries)-1))
	stream := make([]string, *requests)
	for i := range stream {
		stream[i] = queries[z.Uint64()]
	}
	offered := "as fast as they go"
	if *rate > 0 {
		offered = fmt.Sprintf("offering %d requests/s", *rate)
	}
	fmt.Printf("%s, %d courses; %d distinct queries, a stream of %d; %d connections %s, %s per run\n", name, *courses, len(queries), len(stream), *conc, offered, *dur)

	for i, mode := range strings.Split(*modes, ",") {
		env := []string{"LECTERN_DATABASE_URL=" + dsn, "LECTERN_TRANSCODES=0", "LECTERN_SECRET_KEY=bench-secret-key-0123456789abcdef-0123456789",
			"LECTERN_SEARCH_QUEUE_WAIT=2s"}
		if mode == "off" {
			env = append(env, "LECTERN_NO_CACHE=1")
		}
		build := i == 0 && !*keep
		if build {
			os.RemoveAll(filepath.Join(*dir, "search")) // measure a build from nothing
		}
		start := time.Now()
		p, err := mediakit.StartLectern(bin, *dir, env...)
		if err != nil {
			log.Fatal(err)
		}
		ready := waitIndex(p.Base)
		took := time.Since(start)
		size := dirSize(filepath.Join(*dir, "search"))
		if build {
			fmt.Printf("index: built from nothing in %s (process start to first indexed answer), %s on disk\n", took.Round(time.Millisecond), mediakit.Human(size))
		} else {
			fmt.Printf("index: reopened and reconciled in %s, %s on disk\n", took.Round(time.Millisecond), mediakit.Human(size))
		}
		if !ready {
			log.Fatalf("the index never became ready: %s", p.Log)
		}
		if i == 0 {
			fmt.Println("the stream's commonest queries match:", commonest(p.Base, stream, 5, *courses))
		}
		targets := filepath.Join(*dir, "targets.txt")
		writeTargets(targets, p.Base, "/api/v1/courses?", stream)
		r, rss := attack(*vegeta, targets, *conc, *rate, *dur, p.Pid())
		fmt.Printf("search  cache %-3s: %s; server RSS max %s\n", mode, r, mediakit.Human(rss))
		prefixes := make([]string, len(stream))
		for i, q := range stream {
			prefixes[i] = prefix(q)
		}
		writeTargets(targets, p.Base, "/api/v1/search/suggest?", prefixes)
		r, rss = attack(*vegeta, targets, *conc, *rate, *dur/3, p.Pid())
		fmt.Printf("suggest cache %-3s: %s; server RSS max %s\n", mode, r, mediakit.Human(rss))
		p.Stop()
	}
}

// vocabulary is a long tail of words: real course words at the head,
// generated rarer words behind them, Zipf-distributed by rank.
func vocabulary() []string {
	head := strings.Fields(`python javascript design data web development learn course complete guide beginners advanced
		marketing business photography music guitar piano excel finance accounting react java golang rust docker kubernetes
		linux network security machine learning deep statistics analysis sql database cloud aws azure project management
		leadership communication writing drawing painting watercolor color theory cooking baking yoga fitness nutrition
		spanish french german japanese chinese english grammar vocabulary interview career productivity video editing
		animation illustration typography branding seo copywriting sales negotiation investing trading crypto blockchain
		android ios swift kotlin flutter unity game physics chemistry biology mathematics calculus algebra geometry
		history philosophy psychology economics drones robotics arduino electronics woodworking gardening chess poker`)
	rnd := rand.New(rand.NewPCG(1, 2))
	syll := strings.Fields("ka lo mi ra ten vo shi pur gal dex mon tra ve qui bel sor nah fin zor pel ix am rud cov lim")
	seen := map[string]bool{}
	for _, w := range head {
		seen[w] = true
	}
	out := append([]string{}, head...)
	for len(out) < 30_000 {
		var b strings.Builder
		for n := 2 + rnd.IntN(3); n > 0; n-- {
			b.WriteString(syll[rnd.IntN(len(syll))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func seedCatalog(ctx context.Context, dir, dsn string, courses int, vocab []string) {
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.SecretKey = filepath.Join(dir, "seeding"), dsn, "bench-secret-key-0123456789abcdef-0123456789"
	cfg.Transcodes = 0
	cfg.Complete()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	if n, _ := a.DB.CountUsers(ctx); n > 0 {
		return
	}
	start := time.Now()
	rnd := rand.New(rand.NewPCG(3, 4))
	// Word frequencies follow Zipf's law with an offset, as content words
	// of real course text do: the commonest word is in about a third of
	// the courses, the 100th in a tenth, the 1,000th in about 1%, the
	// 10,000th in 0.1% (descriptions of ~90 words). Without the offset the
	// head words would be in every course, like stop words.
	z := rand.NewZipf(rnd, 1.05, 40, uint64(len(vocab)-1))
	word := func() string { return vocab[z.Uint64()] }
	cats, _ := a.DB.Categories(ctx)
	var ids []int64
	err = a.DB.InTx(ctx, func(tx *store.Tx) error {
		for i := 0; i < 2000; i++ {
			u, err := tx.CreateUser(ctx, store.NewUser{Email: fmt.Sprintf("i%d@bench.lectern.dev", i), Name: title(word()) + " " + title(word()),
				PasswordHash: "x", Roles: []string{store.RoleInstructor}, EmailVerified: true})
			if err != nil {
				return err
			}
			ids = append(ids, u.ID)
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	words := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	levels := []string{"all", "beginner", "intermediate", "advanced"}
	langs := []string{"en", "en", "en", "en", "es", "de", "fr", "ja"}
	prices := []int64{0, 0, 1299, 1999, 2999, 4999, 9999}
	batch := make([]store.BulkCourse, 0, 5000)
	for i := 0; i < courses; i++ {
		cat := cats[rnd.IntN(len(cats))].ID
		count := int(math.Pow(rnd.Float64(), 3) * 5000)
		title := title(words(2 + rnd.IntN(4)))
		batch = append(batch, store.BulkCourse{
			NewCourse: store.NewCourse{InstructorID: ids[rnd.IntN(len(ids))], Slug: fmt.Sprintf("c-%d", i), Title: title,
				Subtitle: words(4 + rnd.IntN(6)), Language: langs[rnd.IntN(len(langs))], Level: levels[rnd.IntN(len(levels))],
				CategoryID: &cat, PriceCents: prices[rnd.IntN(len(prices))], Currency: "USD"},
			DescriptionMD: words(40 + rnd.IntN(80)),
			PublishedAt:   time.Now().Add(-time.Duration(courses-i) * time.Minute),
			RatingAvg:     math.Round((3+2*rnd.Float64())*10) / 10, RatingCount: count / 10, Enrollments: count,
		})
		if len(batch) == cap(batch) || i == courses-1 {
			if err := a.DB.InTx(ctx, func(tx *store.Tx) error { return tx.InsertPublishedCoursesNoIndex(ctx, batch) }); err != nil {
				log.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := a.DB.InTx(ctx, func(tx *store.Tx) error { return tx.ReindexAll(ctx) }); err != nil {
		log.Fatal(err)
	}
	_ = a.DB.Analyze(ctx)
	fmt.Printf("generated %d courses in %s\n", courses, time.Since(start).Round(time.Millisecond))
}

// makeQueries draws distinct one- and two-word queries Zipf-wise from the
// vocabulary; about one in six has a filter, one in ten a typo.
func makeQueries(vocab []string, n int) []string {
	rnd := rand.New(rand.NewPCG(5, 6))
	z := rand.NewZipf(rnd, 1.05, 2, uint64(len(vocab)-1))
	seen := map[string]bool{}
	var out []string
	filters := []string{"&level=beginner", "&price=free", "&language=en", "&min_rating=4", "&duration=0-1", "&sort=rating"}
	for len(out) < n {
		q := vocab[z.Uint64()]
		if rnd.IntN(2) == 0 {
			q += " " + vocab[z.Uint64()]
		}
		if rnd.IntN(10) == 0 && len(q) > 5 { // swap two neighbouring letters
			i := 1 + rnd.IntN(len(q)-3)
			if q[i] != ' ' && q[i+1] != ' ' {
				q = q[:i] + string(q[i+1]) + string(q[i]) + q[i+2:]
			}
		}
		v := "q=" + url.QueryEscape(q)
		if rnd.IntN(6) == 0 {
			v += filters[rnd.IntN(len(filters))]
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// prefix is what a search box holds while the query is typed.
func prefix(q string) string {
	v, _ := url.ParseQuery(q)
	s := v.Get("q")
	if n := len(s); n > 3 {
		s = s[:3+(n-3)/2]
	}
	return "q=" + url.QueryEscape(s)
}

func writeTargets(path, base, endpoint string, qs []string) {
	var b strings.Builder
	for _, q := range qs {
		fmt.Fprintf(&b, "GET %s%s%s\n\n", base, endpoint, q)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		log.Fatal(err)
	}
}

func waitIndex(base string) bool {
	deadline := time.Now().Add(30 * time.Minute)
	// Until the index is ready the database answers, and may take long on
	// 100,000 courses: a short timeout keeps that from counting as the
	// index's time (the abandoned request is cancelled).
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		res, err := client.Get(base + "/api/v1/courses?q=python&limit=1")
		if err == nil {
			var body struct {
				Total *int `json:"total"`
			}
			_ = json.NewDecoder(res.Body).Decode(&body)
			res.Body.Close()
			if body.Total != nil {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// commonest reports how many courses the n most frequent queries of the
// stream match: the work a search engine does for the head of the traffic.
func commonest(base string, stream []string, n, courses int) string {
	freq := map[string]int{}
	for _, q := range stream {
		freq[q]++
	}
	qs := make([]string, 0, len(freq))
	for q := range freq {
		qs = append(qs, q)
	}
	slices.SortFunc(qs, func(a, b string) int { return freq[b] - freq[a] })
	var out []string
	for _, q := range qs[:min(n, len(qs))] {
		res, err := http.Get(base + "/api/v1/courses?limit=1&" + q)
		if err != nil {
			log.Fatal(err)
		}
		var body struct {
			Total int `json:"total"`
		}
		_ = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		out = append(out, fmt.Sprintf("%s → %d courses (%.1f%%, %.1f%% of the stream)", q, body.Total,
			100*float64(body.Total)/float64(courses), 100*float64(freq[q])/float64(len(stream))))
	}
	return strings.Join(out, "; ")
}

type result struct {
	Latencies struct {
		P50 int64 `json:"50th"`
		P90 int64 `json:"90th"`
		P99 int64 `json:"99th"`
		Max int64 `json:"max"`
	} `json:"latencies"`
	Requests    int            `json:"requests"`
	Throughput  float64        `json:"throughput"`
	Success     float64        `json:"success"`
	StatusCodes map[string]int `json:"status_codes"`
	Errors      []string       `json:"errors"`
}

func (r result) String() string {
	ms := func(ns int64) string { return strconv.FormatFloat(float64(ns)/1e6, 'f', 2, 64) + " ms" }
	return fmt.Sprintf("%d requests, %.0f/s, p50 %s, p90 %s, p99 %s, max %s, success %.4f, codes %v, errors %d",
		r.Requests, r.Throughput, ms(r.Latencies.P50), ms(r.Latencies.P90), ms(r.Latencies.P99), ms(r.Latencies.Max), r.Success, r.StatusCodes, len(r.Errors))
}

// attack runs vegeta as its own process at the highest rate conc
// connections sustain, sampling the server's RSS meanwhile.
// attack runs vegeta at rate requests per second, or with rate 0 as fast
// as conc connections go (then the latencies include the queueing of a
// saturated server).
func attack(vegeta, targets string, conc, rate int, d time.Duration, pid int) (result, int64) {
	c := strconv.Itoa(conc)
	offer := "0"
	if rate > 0 {
		offer = strconv.Itoa(rate) + "/1s"
	}
	atk := exec.Command(vegeta, "attack", "-targets="+targets, "-rate="+offer, "-workers="+c, "-max-workers="+c, "-connections="+c,
		"-duration="+d.String(), "-timeout=5s", "-keepalive=true")
	rep := exec.Command(vegeta, "report", "-type=json")
	pipe, err := atk.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	atk.Stderr = os.Stderr
	rep.Stdin = pipe
	var out strings.Builder
	rep.Stdout = &out
	rep.Stderr = os.Stderr
	if err := atk.Start(); err != nil {
		log.Fatalf("%s: %v (install: go install github.com/tsenart/vegeta/v12@v12.13.0)", vegeta, err)
	}
	if err := rep.Start(); err != nil {
		log.Fatal(err)
	}
	var rss int64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				rss = max(rss, readRSS(pid))
			}
		}
	}()
	_ = atk.Wait()
	_ = rep.Wait()
	close(done)
	var r result
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
		log.Fatalf("vegeta report: %v: %s", err, out.String())
	}
	return r, rss
}

func readRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// title capitalises the first letter of every word (ASCII vocabulary).
func title(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		ws[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(ws, " ")
}
