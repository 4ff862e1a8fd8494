package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/lectern/lectern/bench/internal/mediakit"
)

// group keeps one vegeta.Metrics per kind of request (and "all"), in the
// order kinds were first seen, plus what vegeta does not keep: the largest
// latency and the body bytes announced by Content-Length.
type group struct {
	order []string
	m     map[string]*vegeta.Metrics
	bytes map[string]int64
}

func newGroup(kinds ...string) *group {
	g := &group{m: map[string]*vegeta.Metrics{}, bytes: map[string]int64{}}
	for _, k := range kinds {
		g.get(k)
	}
	return g
}

func (g *group) get(kind string) *vegeta.Metrics {
	m, ok := g.m[kind]
	if !ok {
		m = &vegeta.Metrics{}
		g.m[kind] = m
		g.order = append(g.order, kind)
	}
	return m
}

// add counts r under kind and under "all".
func (g *group) add(kind string, r *vegeta.Result) {
	for _, k := range []string{kind, "all"} {
		g.get(k).Add(r)
		if n, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && r.Code >= 200 && r.Code < 300 {
			g.bytes[k] += n
		}
	}
}

func (g *group) close() {
	for _, m := range g.m {
		m.Close()
	}
}

// kinds in first-seen order, "all" last.
func (g *group) kinds() []string {
	var out []string
	for _, k := range g.order {
		if k != "all" {
			out = append(out, k)
		}
	}
	if _, ok := g.m["all"]; ok {
		out = append(out, "all")
	}
	return out
}

// print writes one row per kind: requests, achieved rate, success ratio,
// p50/p90/p99/max latency and the status codes (0 = no answer: timeout,
// refused connection).
func (g *group) print(indent string) {
	g.close()
	fmt.Printf("%s%-22s %7s %8s %8s %9s %9s %9s %9s  %s\n", indent, "kind", "req", "req/s", "success", "p50", "p90", "p99", "max", "status codes")
	for _, k := range g.kinds() {
		m := g.m[k]
		if m.Requests == 0 {
			fmt.Printf("%s%-22s %7d\n", indent, k, 0)
			continue
		}
		fmt.Printf("%s%-22s %7d %8.1f %7.1f%% %9s %9s %9s %9s  %s\n", indent, k, m.Requests, m.Rate, 100*m.Success,
			ms(m.Latencies.P50), ms(m.Latencies.P90), ms(m.Latencies.P99), ms(m.Latencies.Max), codes(m.StatusCodes))
	}
}

// firstErrors prints up to n distinct errors of the group.
func (g *group) firstErrors(indent string, n int) {
	seen := map[string]bool{}
	for _, k := range g.kinds() {
		if k == "all" {
			continue
		}
		for _, e := range g.m[k].Errors {
			if len(seen) >= n {
				return
			}
			if !seen[e] {
				seen[e] = true
				fmt.Printf("%s%s: %s\n", indent, k, e)
			}
		}
	}
}

func codes(c map[string]int) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s×%d", k, c[k]))
	}
	return strings.Join(parts, " ")
}

func ms(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000)
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// problemCode is the "code" of a problem document body, or a note saying
// the body is not one.
func problemCode(r *vegeta.Result) string {
	ct := r.Headers.Get("Content-Type")
	if strings.HasSuffix(r.URL, "/readyz") && strings.HasPrefix(ct, "application/json") {
		var st struct {
			Checks map[string]string `json:"checks"`
		}
		_ = json.Unmarshal(r.Body, &st)
		var bad []string
		for _, k := range sortedKeys(st.Checks) {
			if st.Checks[k] != "ok" {
				bad = append(bad, k)
			}
		}
		return "readiness: " + strings.Join(bad, "+") + " unavailable"
	}
	if !strings.HasPrefix(ct, "application/problem+json") {
		if ct == "" {
			ct = "no content type"
		}
		return "NOT a problem document (" + ct + ")"
	}
	var p struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(r.Body, &p) != nil || p.Code == "" {
		return "problem document without code"
	}
	return p.Code
}

// cpuMeter reads a process's CPU time (utime+stime from /proc) at start
// and reports the share of one core it used since.
type cpuMeter struct {
	pid   int
	cpu0  time.Duration
	wall0 time.Time
}

func newCPUMeter(pid int) *cpuMeter {
	c, _ := mediakit.CPU(pid)
	return &cpuMeter{pid: pid, cpu0: c, wall0: time.Now()}
}

func (c *cpuMeter) String() string {
	now, err := mediakit.CPU(c.pid)
	if err != nil {
		return "n/a"
	}
	used := now - c.cpu0
	return fmt.Sprintf("%.1f CPU s in %.1f s (%.0f%% of one core)", used.Seconds(), time.Since(c.wall0).Seconds(),
		100*used.Seconds()/time.Since(c.wall0).Seconds())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

// pct is the p-quantile of sorted durations.
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(p*float64(len(sorted)-1))]
}

func sortedCopy(d []time.Duration) []time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s
}
