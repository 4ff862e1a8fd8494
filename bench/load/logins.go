package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func logins(args []string) {
	fs := flag.NewFlagSet("logins", flag.ExitOnError)
	cf := addCommon(fs)
	conc := fs.Int("c", 64, "concurrent login clients during the storm (closed loop: each sends its next login when answered)")
	dur := fs.Duration("d", 15*time.Second, "length of the login storm")
	rate := fs.Int("browse-rate", 50, "browse requests per second (fixed) before, during and after the storm")
	before := fs.Duration("before", 8*time.Second, "browsing alone before the storm")
	after := fs.Duration("after", 5*time.Second, "browsing alone after the storm")
	accounts := fs.Int("accounts", 8, "student accounts the logins use (round robin)")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request timeout")
	_ = fs.Parse(args)
	watchdog(*cf.maxRun)
	ctx := context.Background()

	work, err := os.MkdirTemp("", "lectern-load-logins")
	check(err, "temp dir")
	atExit(func() { os.RemoveAll(work) })
	var users [][2]string
	for i := range *accounts {
		users = append(users, [2]string{fmt.Sprintf("storm%d@load.lectern.dev", i), "storm password 42"})
	}
	cs := startCatalogServer(ctx, work, *cf.catalog, *cf.cacheDir, *cf.courses, *cf.slugs, users, noLimits)
	fmt.Printf("lectern serve pid %d, SQLite, %d courses; rate limits raised (%s); %d CPUs (%d hashing slots by default: half), load average %s\n",
		cs.proc.Pid(), cs.courses, noLimits, runtime.NumCPU(), max(1, runtime.NumCPU()/2), loadavg())

	// Warm the catalog caches and connections at the browse rate.
	tr := cs.browseTargeter()
	for range vegeta.NewAttacker(vegeta.Timeout(*timeout)).Attack(tr, vegeta.Rate{Freq: *rate, Per: time.Second}, 3*time.Second, "warmup") {
	}

	total := *before + *dur + *after
	start := time.Now()
	stormStart, stormEnd := start.Add(*before), start.Add(*before+*dur)
	phases := []string{"before the storm", "during the storm", "after the storm"}
	phase := func(t time.Time) string {
		switch {
		case t.Before(stormStart):
			return phases[0]
		case t.Before(stormEnd):
			return phases[1]
		}
		return phases[2]
	}
	browseG := newGroup(phases...)
	loginG := newGroup("login 200", "login 429", "login other")
	var retryAfter, busy429 int
	var wg sync.WaitGroup
	wg.Add(2)
	srv := newCPUMeter(cs.proc.Pid())
	var stormCPU string
	go func() {
		defer wg.Done()
		for r := range vegeta.NewAttacker(vegeta.Timeout(*timeout)).Attack(tr, vegeta.Rate{Freq: *rate, Per: time.Second}, total, "browse") {
			browseG.add(phase(r.Timestamp), r)
		}
	}()
	go func() {
		defer wg.Done()
		time.Sleep(time.Until(stormStart))
		cpu := newCPUMeter(cs.proc.Pid())
		var n uint64
		var mu sync.Mutex
		login := func(t *vegeta.Target) error {
			mu.Lock()
			u := users[n%uint64(len(users))]
			n++
			mu.Unlock()
			t.Method, t.URL, t.Header = "POST", cs.proc.Base+"/api/v1/auth/login", jsonHeader
			t.Body = loginBody(u[0], u[1])
			return nil
		}
		atk := vegeta.NewAttacker(vegeta.Timeout(*timeout), vegeta.Workers(uint64(*conc)), vegeta.MaxWorkers(uint64(*conc)))
		for r := range atk.Attack(login, vegeta.Rate{Freq: 0}, *dur, "logins") {
			switch r.Code {
			case 200:
				loginG.add("login 200", r)
			case 429:
				loginG.add("login 429", r)
				if r.Headers.Get("Retry-After") != "" {
					retryAfter++
				}
				if problemCode(r) == "busy" {
					busy429++
				}
			default:
				loginG.add("login other", r)
			}
		}
		stormCPU = cpu.String()
	}()
	wg.Wait()

	fmt.Printf("\nlogin storm: %d concurrent clients for %s (closed loop), %d accounts\n", *conc, *dur, *accounts)
	loginG.print("  ")
	loginG.firstErrors("  first error: ", 3)
	if m := loginG.m["login 429"]; m != nil && m.Requests > 0 {
		fmt.Printf("  429s: %d with Retry-After, %d with problem code \"busy\" (hashing slots full for the whole wait)\n", retryAfter, busy429)
	}
	if m := loginG.m["login 200"]; m != nil {
		fmt.Printf("  accepted logins: %.1f/s\n", float64(m.Requests)/dur.Seconds())
	}
	fmt.Printf("  lectern during the storm: %s\n", stormCPU)
	fmt.Printf("\nbrowsing at %d req/s (vegeta, fixed rate) before, during and after the storm:\n", *rate)
	browseG.print("  ")
	browseG.firstErrors("  first error: ", 3)
	b, d := browseG.m[phases[0]], browseG.m[phases[1]]
	if b.Requests > 0 && d.Requests > 0 {
		fmt.Printf("  during/before: p50 ×%.2f, p99 ×%.2f (goal: extra logins get 429, browsing stays fast)\n",
			float64(d.Latencies.P50)/float64(b.Latencies.P50), float64(d.Latencies.P99)/float64(b.Latencies.P99))
	}
	fmt.Printf("  lectern over the whole run: %s; load average at end: %s\n", srv, loadavg())
}
