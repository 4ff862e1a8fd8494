package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuf is a log buffer that may be read while the process writes it.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// demoRun is one `lectern demo` process.
type demoRun struct {
	cmd  *exec.Cmd
	log  *syncBuf
	done chan struct{}
}

func startDemo(t *testing.T, dataDir, addr string, env ...string) *demoRun {
	t.Helper()
	cmd := exec.Command(lecternBinary(t), "demo")
	cmd.Env = append(os.Environ(), "LECTERN_DATA_DIR="+dataDir, "LECTERN_ADDR="+addr, "LECTERN_LOG_LEVEL=debug")
	cmd.Env = append(cmd.Env, env...)
	r := &demoRun{cmd: cmd, log: &syncBuf{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = r.log, r.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(r.done) }()
	t.Cleanup(r.kill)
	return r
}

func (r *demoRun) kill() {
	select {
	case <-r.done:
		return
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.done
}

// waitLog waits until the log holds n lines containing s.
func (r *demoRun) waitLog(t *testing.T, s string, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for strings.Count(r.log.String(), s) < n {
		select {
		case <-r.done:
			t.Fatalf("lectern demo ended before %q appeared %d times:\n%s", s, n, r.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q did not appear %d times in %s:\n%s", s, n, timeout, r.log)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

type demoLecture struct {
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	DurationS int    `json:"duration_s"`
	IsPreview bool   `json:"is_preview"`
}

type demoCourse struct {
	Slug            string  `json:"slug"`
	Status          string  `json:"status"`
	Featured        bool    `json:"featured"`
	RatingAvg       float64 `json:"rating_avg"`
	RatingCount     int     `json:"rating_count"`
	EnrollmentCount int     `json:"enrollment_count"`
	ThumbnailURL    *string `json:"thumbnail_url"`
	Sections        []struct {
		Title    string        `json:"title"`
		Lectures []demoLecture `json:"lectures"`
	} `json:"sections"`
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// demoCatalog reads every published course with its curriculum.
func demoCatalogOf(t *testing.T, base string) map[string]demoCourse {
	var list struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	getJSON(t, base+"/api/v1/courses?limit=50", &list)
	out := map[string]demoCourse{}
	for _, it := range list.Items {
		var c demoCourse
		getJSON(t, base+"/api/v1/courses/"+it.Slug, &c)
		out[c.Slug] = c
	}
	return out
}

// outline describes a course without what video processing changes.
func outline(c demoCourse) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s featured=%v rating=%.2f/%d enrolled=%d thumb=%v\n", c.Status, c.Featured, c.RatingAvg, c.RatingCount, c.EnrollmentCount, c.ThumbnailURL != nil)
	for _, s := range c.Sections {
		fmt.Fprintf(&b, "  %s\n", s.Title)
		for _, l := range s.Lectures {
			fmt.Fprintf(&b, "    %s preview=%v\n", l.Title, l.IsPreview)
		}
	}
	return b.String()
}

// The demo is seeded by a process that may be killed at any moment: each
// start finishes what the last one left, and the result is the same demo
// an uninterrupted run makes, with every lecture video on its way.
func TestDemoSeedingSurvivesKills(t *testing.T) {
	// The reference: one uninterrupted run's catalog (videos not needed).
	refAddr := freePort(t)
	ref := startDemo(t, t.TempDir(), refAddr, "LECTERN_TRANSCODES=0")
	ref.waitLog(t, "Lectern is running at", 1, 2*time.Minute)
	want := demoCatalogOf(t, "http://"+refAddr)
	ref.kill()
	if len(want) < 20 {
		t.Fatalf("the demo has %d published courses, want about two dozen", len(want))
	}

	dataDir, addr := t.TempDir(), freePort(t)
	kills := []struct {
		line string
		n    int
	}{
		{"demo course ready", 1},     // during the first course's curriculum
		{"demo course ready", 7},     // more courses
		{"demo course ready", 18},    // more courses
		{"order paid", 4},            // during the paid enrolments
		{"demo reviews ready", 9},    // during the reviews
		{"Lectern is running at", 1}, // as soon as it listens
		{"demo video queued", 3},     // while making the videos
		{"msg=transcoded", 1},        // while processing them
		{"demo video queued", 9},     // more videos
	}
	for _, k := range kills {
		r := startDemo(t, dataDir, addr)
		r.waitLog(t, k.line, k.n, 5*time.Minute)
		r.kill()
		t.Logf("killed after %d× %q", k.n, k.line)
	}
	r := startDemo(t, dataDir, addr)
	r.waitLog(t, "demo videos queued for processing", 1, 10*time.Minute)

	got := demoCatalogOf(t, "http://"+addr)
	var slugs []string
	for s := range want {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	for _, s := range slugs {
		if g, ok := got[s]; !ok {
			t.Errorf("course %s is not published after the interrupted runs", s)
		} else if outline(g) != outline(want[s]) {
			t.Errorf("course %s after interrupted runs:\n%s\nuninterrupted:\n%s", s, outline(g), outline(want[s]))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d courses published, want %d", len(got), len(want))
	}
	// Every course has its two video lectures, handed to the pipeline; the
	// pipeline finishes them (one ready is enough to show it).
	for s, c := range got {
		videos := 0
		for _, sec := range c.Sections {
			for _, l := range sec.Lectures {
				if l.Kind == "video" {
					videos++
				}
			}
		}
		if videos != 2 {
			t.Errorf("course %s has %d video lectures, want 2", s, videos)
		}
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		ready := 0
		for _, c := range demoCatalogOf(t, "http://"+addr) {
			for _, sec := range c.Sections {
				for _, l := range sec.Lectures {
					if l.Kind == "video" && l.DurationS > 0 {
						ready++
					}
				}
			}
		}
		if ready >= 3 {
			t.Logf("%d demo videos ready", ready)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no demo video became ready:\n%s", r.log)
		}
		time.Sleep(time.Second)
	}
}
