package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// commonFlags are shared by the catalog scenarios.
type commonFlags struct {
	catalog  *string
	courses  *int
	slugs    *int
	cacheDir *string
	maxRun   *time.Duration
}

func addCommon(fs *flag.FlagSet) commonFlags {
	return commonFlags{
		catalog:  fs.String("catalog", "/tmp/lectern-bench-catalog/catalog-100000.db", "seeded catalog of bench/catalog to copy; when missing, -courses are seeded with internal/seed"),
		courses:  fs.Int("courses", 20_000, "courses to seed when -catalog does not exist"),
		slugs:    fs.Int("slugs", 5_000, "random course slugs to visit"),
		cacheDir: fs.String("cache", filepath.Join(os.TempDir(), "lectern-bench-load"), "where a catalog seeded here is kept for the next run"),
		maxRun:   fs.Duration("max-run", 10*time.Minute, "stop everything after this long, whatever happens"),
	}
}

func browse(args []string) {
	fs := flag.NewFlagSet("browse", flag.ExitOnError)
	cf := addCommon(fs)
	rate := fs.Int("rate", 150, "requests per second (fixed)")
	dur := fs.Duration("d", 20*time.Second, "measured duration")
	warm := fs.Duration("warmup", 3*time.Second, "warm-up at the same rate before measuring (not counted)")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request timeout")
	_ = fs.Parse(args)
	watchdog(*cf.maxRun)
	ctx := context.Background()

	work, err := os.MkdirTemp("", "lectern-load-browse")
	check(err, "temp dir")
	atExit(func() { os.RemoveAll(work) })
	cs := startCatalogServer(ctx, work, *cf.catalog, *cf.cacheDir, *cf.courses, *cf.slugs, nil, noLimits)
	fmt.Printf("lectern serve pid %d on %s, SQLite, %d published courses, %d slugs, %d categories; %d CPUs, load average %s\n",
		cs.proc.Pid(), cs.proc.Base, cs.courses, len(cs.slugs), len(cs.cats), runtime.NumCPU(), loadavg())
	fmt.Println("mix: 20% home listing (newest|rating), 35% search (1–2 random words, sometimes a level), 15% category page, 30% course page")

	tr := cs.browseTargeter()
	if *warm > 0 {
		atk := vegeta.NewAttacker(vegeta.Timeout(*timeout))
		for range atk.Attack(tr, vegeta.Rate{Freq: *rate, Per: time.Second}, *warm, "warmup") {
		}
	}
	g := newGroup("home listing", "search", "category page", "course page")
	srv, self := newCPUMeter(cs.proc.Pid()), newCPUMeter(os.Getpid())
	atk := vegeta.NewAttacker(vegeta.Timeout(*timeout))
	for r := range atk.Attack(tr, vegeta.Rate{Freq: *rate, Per: time.Second}, *dur, "browse") {
		g.add(browseKind(r.URL), r)
	}
	fmt.Printf("\nbrowse: %d req/s requested for %s (vegeta, open model: a slow answer does not slow the arrivals)\n", *rate, *dur)
	g.print("  ")
	g.firstErrors("  first error: ", 3)
	fmt.Printf("  lectern: %s\n  load generator (this process): %s\n  load average at end: %s\n", srv, self, loadavg())
}
