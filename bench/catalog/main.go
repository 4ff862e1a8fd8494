// Command catalog benchmarks catalog search and course pages on a large
// generated catalog, through the HTTP API and in the database alone, and
// prints requests per second and latency percentiles.
//
//	go run ./bench/catalog                          # SQLite, 100,000 courses
//	go run ./bench/catalog -db postgres://…/test    # PostgreSQL (a fresh schema)
package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/lectern/lectern/bench/internal/pgschema"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/lectern/lectern/bench/internal/load"
	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/seed"
	"github.com/lectern/lectern/internal/store"
)

func main() {
	dbURL := flag.String("db", "sqlite", `"sqlite" (a file under -dir) or a postgres:// URL (a fresh schema is made in it)`)
	dir := flag.String("dir", filepath.Join(os.TempDir(), "lectern-bench-catalog"), "data directory; a seeded SQLite catalog here is reused")
	courses := flag.Int("courses", 100_000, "published courses to generate")
	instructors := flag.Int("instructors", 2_000, "instructors to generate")
	conc := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 8*time.Second, "duration of each measurement")
	flag.Parse()
	ctx := context.Background()

	cfg := config.Default()
	cfg.DataDir = *dir
	cfg.Addr = "127.0.0.1:0"
	cfg.SecretKey = "bench-secret-key-0123456789abcdef-0123456789"
	name := "SQLite"
	if strings.HasPrefix(*dbURL, "postgres") {
		name = "PostgreSQL"
		cfg.DatabaseURL = pgschema.Fresh(*dbURL)
	} else {
		cfg.DatabaseURL = "sqlite://" + filepath.Join(*dir, fmt.Sprintf("catalog-%d.db", *courses))
	}
	cfg.Complete()
	log.SetFlags(0)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(ctx, cfg, quiet)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	if n, _ := a.DB.CountUsers(ctx); n == 0 {
		start := time.Now()
		if err := seed.Catalog(ctx, a.DB, *courses, *instructors, 1, "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("seeded %d courses, %d instructors on %s in %s\n", *courses, *instructors, name, time.Since(start).Round(time.Millisecond))
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(ln, a.Handler)
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc * 2, DisableCompression: true}}

	page, err := a.DB.SearchCourses(ctx, store.CourseQuery{Sort: store.SortPopular, Limit: 50})
	if err != nil || len(page.Items) == 0 {
		log.Fatalf("no courses: %v", err)
	}
	var slugs []string
	for _, c := range page.Items {
		slugs = append(slugs, c.Slug)
	}
	cat, _ := a.DB.CategoryBySlug(ctx, "data-science")
	oneWord := store.CourseQuery{Q: "python", Limit: 20}
	twoWord := store.CourseQuery{Q: "machine learning", Level: "beginner", Limit: 20}

	fmt.Printf("\n%s, %d courses, %d concurrent clients, %s per row (go %s)\n", name, *courses, *conc, *dur, "1.26")
	load.Header()
	get := func(path string) error {
		res, err := client.Get(base + path)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		return nil
	}
	for _, cached := range []bool{true, false} {
		a.Catalog.NoCache = !cached
		label := "API, cache on"
		if !cached {
			label = "API, cache off"
		}
		load.Run(*conc, *dur, []load.Scenario{
			{Name: label + ": q=python", Do: func(int) error { return get("/api/v1/courses?q=python") }},
			{Name: label + ": q=machine learning&level=beginner", Do: func(int) error {
				return get("/api/v1/courses?q=machine+learning&level=beginner")
			}},
			{Name: label + ": course page (50 slugs)", Do: func(i int) error { return get("/api/v1/courses/" + url.PathEscape(slugs[i%len(slugs)])) }},
		}...)
	}
	load.Run(*conc, *dur, []load.Scenario{
		{Name: "database only: q=python", Do: func(int) error { _, err := a.DB.SearchCourses(ctx, oneWord); return err }},
		{Name: "database only: q=machine learning&level=beginner", Do: func(int) error { _, err := a.DB.SearchCourses(ctx, twoWord); return err }},
		{Name: "database only: course page", Do: func(i int) error {
			c, err := a.DB.CourseBySlug(ctx, slugs[i%len(slugs)])
			if err == nil {
				_, err = a.DB.Curriculum(ctx, c.ID)
			}
			return err
		}},
		{Name: "database only: newest, category filter", Do: func(int) error {
			_, err := a.DB.SearchCourses(ctx, store.CourseQuery{CategoryID: &cat.ID, Limit: 20})
			return err
		}},
	}...)
}
