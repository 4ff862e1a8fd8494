// Package load runs a fixed number of concurrent workers against a
// function for a while and prints throughput and latency percentiles.
package load

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Scenario is one thing to measure; Do is called with a worker-specific
// counter it may use to vary requests.
type Scenario struct {
	Name string
	Do   func(i int) error
}

// Header prints the column titles of Run's rows.
func Header() {
	fmt.Printf("%-50s %9s %9s %9s %8s\n", "scenario", "req/s", "p50", "p99", "errors")
}

// Run measures each scenario in turn with conc workers for d.
func Run(conc int, d time.Duration, scenarios ...Scenario) {
	for _, sc := range scenarios {
		var mu sync.Mutex
		var lat []time.Duration
		errs := 0
		var firstErr error
		stop := time.Now().Add(d)
		var wg sync.WaitGroup
		start := time.Now()
		for w := 0; w < conc; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				var mine []time.Duration
				bad := 0
				var fe error
				for i := w; time.Now().Before(stop); i += conc {
					t := time.Now()
					if err := sc.Do(i + rand.IntN(1<<20)); err != nil {
						bad++
						fe = err
					}
					mine = append(mine, time.Since(t))
				}
				mu.Lock()
				lat = append(lat, mine...)
				errs += bad
				if fe != nil && firstErr == nil {
					firstErr = fe
				}
				mu.Unlock()
			}(w)
		}
		wg.Wait()
		elapsed := time.Since(start)
		slices.Sort(lat)
		pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
		fmt.Printf("%-50s %9.0f %9s %9s %8d\n", sc.Name, float64(len(lat))/elapsed.Seconds(), ms(pct(0.50)), ms(pct(0.99)), errs)
		if firstErr != nil {
			fmt.Printf("  first error: %v\n", firstErr)
		}
	}
}

func ms(d time.Duration) string {
	if d < time.Millisecond {
		return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
}
