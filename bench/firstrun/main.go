// Command firstrun measures the first impression: how long after `lectern
// demo` (what `make run` starts) prints its address a browser shows a full
// home page, on a fresh, empty data directory each run.
//
//	go run ./bench/firstrun [-runs 5] [-timeout 60s] [-chromium /usr/bin/chromium]
//
// It builds the UI (`make web`) and the binary once (like `make build`, UI
// embedded), starts a headless Chromium first and keeps it open on a blank
// tab, so Chromium's own start is not in the figures. Then each run: a fresh
// data directory and a free port, `lectern demo` started, its output read
// until "Lectern is running at URL" (T0), the waiting tab sent to URL at
// once, and the DOM polled until the home page is full (T1):
//
//   - no spinner and no "No courses yet" in main;
//   - the category chips are there;
//   - the featured row holds min(featured demo courses, 8) course cards, the
//     newest row min(demo courses, 8) and the top-rated row at least one;
//   - every course card shows a thumbnail <img> (not the initials tile), and
//     every thumbnail on the screen (the 1280×800 viewport) is complete with
//     naturalWidth > 0. The thumbnails are loading="lazy": those further
//     down load as the page is scrolled, so they cannot be waited for without
//     scrolling; the table shows how many had loaded anyway.
//
// After T1 the tab scrolls to the bottom and waits until every thumbnail of
// the page has loaded (T2, a stricter figure). Then (outside the timing) the rows are checked against the API: the
// top-rated row must hold as many cards as the API lists. The browser's
// cache is cleared before each run; the server's process group is killed
// after it. Prints per run start→address, address→first API answer with
// courses (seen by the browser), address→full page and address→every
// thumbnail, then medians and
// maxima, with the load average before and after.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/bench/internal/mediakit"
	"github.com/lectern/lectern/internal/app"
)

func main() {
	runs := flag.Int("runs", 5, "fresh starts to measure")
	timeout := flag.Duration("timeout", 60*time.Second, "longest wait for the address and for the full page, per run")
	chromium := flag.String("chromium", "", "Chromium binary (default: $LECTERN_CHROMIUM, /usr/bin/chromium, chromium-browser)")
	flag.Parse()
	if err := bench(*runs, *timeout, *chromium); err != nil {
		fmt.Fprintln(os.Stderr, "firstrun:", err)
		os.Exit(1)
	}
}

// result is one fresh start.
type result struct {
	address, api, full time.Duration // start→address; address→first courses answer; address→full page
	cards, onScreen    int           // course cards; thumbnails on the screen
	loaded             int           // thumbnails loaded at T1, on the screen or not
	allThumbs          time.Duration // address→every thumbnail loaded, scrolled down after T1
}

func bench(runs int, timeout time.Duration, chromium string) error {
	root, err := mediakit.RepoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "lectern-firstrun-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	fmt.Println("building the UI (make web) and the binary (as make build)…")
	for _, c := range [][]string{{"make", "web"}, {"go", "build", "-trimpath", "-ldflags", "-s -w", "-o", filepath.Join(tmp, "lectern"), "./cmd/lectern"}} {
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Dir = root
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", strings.Join(c, " "), err, b)
		}
	}
	bin := filepath.Join(tmp, "lectern")

	// The browser first, on a blank tab that stays open.
	path, err := chromiumPath(chromium)
	if err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1280, 800), chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("starting Chromium: %w", err)
	}

	// Every answer of GET /api/v1/courses the tab receives, in order.
	var mu sync.Mutex
	var answers []answer
	err = chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && e.Response.Status == 200 && strings.Contains(e.Response.URL, "/api/v1/courses?") {
			mu.Lock()
			answers = append(answers, answer{time.Now(), e.RequestID})
			mu.Unlock()
		}
	})
	if err != nil {
		return err
	}

	courses, featured := app.DemoCatalogSize()
	want := map[string]int{"featured": min(featured, 8), "newest": min(courses, 8)}
	fmt.Printf("demo catalog: %d courses, %d featured; a full page: featured row %d cards, newest row %d, top rated ≥ 1, every card a thumbnail, those on the screen loaded\n",
		courses, featured, want["featured"], want["newest"])
	fmt.Printf("load average before: %s\n\n", loadavg())
	fmt.Printf("%-4s %17s %16s %17s %6s %23s %25s\n", "run", "start→address (s)", "address→API (s)", "address→full (s)", "cards", "thumbs on screen/loaded", "address→all thumbs (s)")

	var results []result
	for i := range runs {
		mu.Lock()
		answers = nil
		mu.Unlock()
		r, err := once(tab, bin, tmp, i, want, timeout, func() []answer { mu.Lock(); defer mu.Unlock(); return slices.Clone(answers) })
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		results = append(results, r)
		fmt.Printf("%-4d %17.2f %16.2f %17.2f %6d %23s %25.2f\n", i+1, r.address.Seconds(), r.api.Seconds(), r.full.Seconds(), r.cards, fmt.Sprintf("%d/%d", r.onScreen, r.loaded), r.allThumbs.Seconds())
	}
	stat := func(name string, f func(result) time.Duration) {
		var xs []float64
		for _, r := range results {
			xs = append(xs, f(r).Seconds())
		}
		fmt.Printf("%-38s median %.2f s   max %.2f s\n", name, mediakit.Median(xs), slices.Max(xs))
	}
	fmt.Println()
	stat("start → address printed", func(r result) time.Duration { return r.address })
	stat("address → first courses answer", func(r result) time.Duration { return r.api })
	stat("address → full home page", func(r result) time.Duration { return r.full })
	stat("address → all thumbnails (scrolled)", func(r result) time.Duration { return r.allThumbs })
	fmt.Printf("load average after: %s (2 shared vCPUs; other work on the machine moves these figures)\n", loadavg())
	return nil
}

// full reports the home page's state as JSON: ok once it is full, or what is
// still missing.
const full = `(() => {
	const main = document.querySelector('main');
	if (!main) return JSON.stringify({missing: 'main'});
	if (/No courses yet/.test(main.textContent)) return JSON.stringify({missing: 'courses (the empty state shows)'});
	if (main.querySelector('.spinner')) return JSON.stringify({missing: 'spinner still there'});
	const count = (sel) => main.querySelectorAll(sel + ' [data-testid="course-card"]').length;
	const rows = {};
	for (const s of main.querySelectorAll('section.home-row')) rows[s.querySelector('h2')?.id] = s.querySelectorAll('[data-testid="course-card"]').length;
	const cards = [...main.querySelectorAll('[data-testid="course-card"]')];
	const imgs = cards.map((c) => c.querySelector('img.course-thumb')).filter(Boolean);
	const done = (i) => i.complete && i.naturalWidth > 0;
	const onScreen = imgs.filter((i) => { const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; });
	const state = {
		chips: main.querySelectorAll('.home-categories .chip').length,
		featured: count('[data-testid="featured-row"]'),
		newest: rows['newest-courses'] || 0,
		top: rows['top-rated'] || 0,
		cards: cards.length, imgs: imgs.length, onScreen: onScreen.length,
		onScreenLoaded: onScreen.filter(done).length, loaded: imgs.filter(done).length,
	};
	state.ok = state.chips > 0 && state.featured >= WANT_FEATURED && state.newest >= WANT_NEWEST && state.top >= 1 &&
		imgs.length === cards.length && state.onScreen > 0 && state.onScreenLoaded === state.onScreen;
	return JSON.stringify(state);
})()`

type pageState struct {
	Missing                                   string
	Chips, Featured, Newest, Top, Cards, Imgs int
	OnScreen, OnScreenLoaded, Loaded          int
	OK                                        bool
}

// answer is a response to GET /api/v1/courses seen by the tab.
type answer struct {
	at time.Time
	id network.RequestID
}

func once(tab context.Context, bin, tmp string, i int, want map[string]int, timeout time.Duration, answers func() []answer) (result, error) {
	var r result
	data := filepath.Join(tmp, fmt.Sprintf("data-%d", i))
	if err := os.MkdirAll(data, 0o755); err != nil {
		return r, err
	}
	defer os.RemoveAll(data)
	addr, err := mediakit.FreeAddr()
	if err != nil {
		return r, err
	}
	if _, err := chromedp.Call(tab, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		return r, err
	}
	if _, err := chromedp.Call(tab, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		return r, err
	}
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		return r, err
	}

	cmd := exec.Command(bin, "demo")
	cmd.Env = append(os.Environ(), "LECTERN_DATA_DIR="+data, "LECTERN_ADDR="+addr)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	var logs strings.Builder
	var logMu sync.Mutex
	cmd.Stderr = writerFunc(func(b []byte) { logMu.Lock(); logs.Write(b); logMu.Unlock() })
	out, err := cmd.StdoutPipe()
	if err != nil {
		return r, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer stop(cmd, done)

	// T0: the address line.
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Lectern is running at "); ok {
				urls <- strings.TrimSpace(u)
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		logMu.Lock()
		defer logMu.Unlock()
		return r, fmt.Errorf("lectern demo exited before printing its address: %v\n%s", err, logs.String())
	case <-time.After(timeout):
		return r, fmt.Errorf("no address printed within %s", timeout)
	}
	t0 := time.Now()
	r.address = t0.Sub(start)

	// T1: the waiting tab shows the full page.
	js := strings.NewReplacer("WANT_FEATURED", fmt.Sprint(want["featured"]), "WANT_NEWEST", fmt.Sprint(want["newest"])).Replace(full)
	ctx, cancel := context.WithTimeout(tab, timeout)
	defer cancel()
	var last pageState
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			for {
				s, err := chromedp.Evaluate[string](js)(ctx, t)
				if err != nil {
					return err
				}
				last = pageState{}
				if err := json.Unmarshal([]byte(s), &last); err != nil {
					return err
				}
				if last.OK {
					return nil
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(20 * time.Millisecond):
				}
			}
		}))
	t1 := time.Now()
	if err != nil {
		return r, fmt.Errorf("the home page was not full within %s (last seen %+v): %w", timeout, last, err)
	}
	r.full, r.cards, r.onScreen, r.loaded = t1.Sub(t0), last.Cards, last.OnScreen, last.Loaded

	// T2: scrolled to the bottom, every thumbnail of the page has loaded.
	everyThumb := `(() => { scrollTo(0, document.body.scrollHeight); const i = [...document.querySelectorAll('main [data-testid="course-card"] img.course-thumb')];
		return i.length > 0 && i.every((x) => x.complete && x.naturalWidth > 0); })()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](everyThumb, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		return r, fmt.Errorf("scrolled down, the thumbnails did not all load: %w", err)
	}
	r.allThumbs = time.Since(t0)

	// Outside the timing: the first courses answer that held courses, and the
	// top-rated row against the API.
	for _, a := range answers() {
		res, err := chromedp.Call(tab, network.GetResponseBody, network.GetResponseBodyParams{RequestID: a.id})
		if err == nil && strings.Contains(string(res.Body), `"slug"`) {
			r.api = a.at.Sub(t0)
			break
		}
	}
	if r.api == 0 {
		return r, errors.New("the browser saw no answer of GET /api/v1/courses holding courses")
	}
	var top struct{ Items []json.RawMessage }
	if err := getJSON(base+"/api/v1/courses?sort=rating&min_rating=1&limit=8", &top); err != nil {
		return r, err
	}
	if len(top.Items) != last.Top {
		return r, fmt.Errorf("the top-rated row showed %d cards, the API lists %d", last.Top, len(top.Items))
	}
	return r, nil
}

// stop ends the server's whole process group (ffmpeg included): SIGTERM,
// then SIGKILL after 10 s.
func stop(cmd *exec.Cmd, done chan error) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // stragglers
}

func getJSON(url string, out any) error {
	res, err := http.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return json.NewDecoder(res.Body).Decode(out)
}

func chromiumPath(flagPath string) (string, error) {
	for _, p := range []string{flagPath, os.Getenv("LECTERN_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if found, err := exec.LookPath(p); err == nil {
			return found, nil
		}
	}
	return "", errors.New("no Chromium found (apt-get install -y chromium, or -chromium PATH)")
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

type writerFunc func([]byte)

func (w writerFunc) Write(b []byte) (int, error) { w(b); return len(b), nil }
