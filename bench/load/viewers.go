package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/lectern/lectern/bench/internal/mediakit"
	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
)

const (
	viewerInstructor = "viewers-instructor@load.lectern.dev"
	viewerPassword   = "viewers bench password"
)

// viewerVideo is what the preparation leaves in its data dir for later runs.
type viewerVideo struct {
	LectureID int64    `json:"lecture_id"`
	CourseID  int64    `json:"course_id"`
	Students  []string `json:"students"`
}

func viewers(args []string) {
	fs := flag.NewFlagSet("viewers", flag.ExitOnError)
	n := fs.Int("viewers", 1000, "simulated viewers, each with its own connection and playback URL")
	dur := fs.Duration("d", 30*time.Second, "how long the viewers watch")
	period := fs.Duration("period", 4*time.Second, "mean time between a viewer's segment requests (the segment length)")
	jitter := fs.Float64("jitter", 0.25, "each interval is period × (1 ± jitter), uniformly")
	students := fs.Int("students", 4, "students who request playback URLs (with the instructor: one URL per viewer, round robin)")
	dirFlag := fs.String("dir", filepath.Join(os.TempDir(), "lectern-bench-load", "viewers"), "data dir with the prepared video; reused when present")
	seconds := fs.Int("duration", 40, "clip length in seconds")
	size := fs.String("size", "1280x720", "clip frame size")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request timeout")
	maxRun := fs.Duration("max-run", 15*time.Minute, "stop everything after this long, whatever happens")
	_ = fs.Parse(args)
	watchdog(*maxRun)
	ctx := context.Background()

	work, err := os.MkdirTemp("", "lectern-load-viewers")
	check(err, "temp dir")
	atExit(func() { os.RemoveAll(work) })
	dataDir, _ := filepath.Abs(*dirFlag)
	check(os.MkdirAll(dataDir, 0o755), "data dir")
	bin, err := mediakit.BuildLectern(work)
	check(err, "building lectern")
	vid, err := prepareVideo(ctx, dataDir, *seconds, *size, *students)
	check(err, "preparing the video")

	proc, err := mediakit.StartLectern(bin, dataDir, "LECTERN_TRANSCODES=0", "LECTERN_SECRET_KEY="+secretKey, noLimits)
	check(err, "starting lectern serve")
	atExit(proc.Stop)

	// Playback URLs: one per viewer, asked for by the instructor and the
	// enrolled students in turn (the token names the viewer and its expiry).
	var apis []*mediakit.API
	for _, email := range append([]string{viewerInstructor}, vid.Students...) {
		a := &mediakit.API{Base: proc.Base, HTTP: &http.Client{Timeout: 10 * time.Second}}
		check(a.Login(ctx, email, viewerPassword), "login "+email)
		apis = append(apis, a)
	}
	urls := make([]string, *n)
	{
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		sem := make(chan struct{}, 8)
		for i := range *n {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				var pb struct {
					HLSURL string `json:"hls_url"`
				}
				err := apis[i%len(apis)].Do(ctx, "GET", fmt.Sprintf("/lectures/%d/playback", vid.LectureID), nil, &pb, 200)
				mu.Lock()
				defer mu.Unlock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				urls[i] = proc.Base + pb.HLSURL
			}()
		}
		wg.Wait()
		check(firstErr, "playback URLs")
	}
	distinct := map[string]bool{}
	for _, u := range urls {
		distinct[u] = true
	}

	// The ladder, from the first viewer's master and media playlists.
	rends, err := readLadder(urls[0])
	check(err, "reading the playlists")
	var desc []string
	for _, r := range rends {
		desc = append(desc, fmt.Sprintf("%s (%d segments, %s each on average)", r.name, len(r.segments), mediakit.Human(r.avgSize)))
	}

	fmt.Printf("lectern serve pid %d, SQLite + file storage (sendfile); %d CPUs; load average %s\n", proc.Pid(), runtime.NumCPU(), loadavg())
	fmt.Printf("video: lecture %d, %d s %s clip; renditions: %s\n", vid.LectureID, *seconds, *size, strings.Join(desc, ", "))
	fmt.Printf("viewers: %d, %d distinct playback URLs from %d accounts; rendition = viewer number mod %d; each has its own keep-alive connection\n",
		*n, len(distinct), len(apis), len(rends))
	fmt.Printf("each viewer: init segment, then its rendition's segments in order from a random one, every %s × (1 ± %.2f), for %s\n", *period, *jitter, *dur)

	// One vegeta attacker per viewer: its own connection, one request at a
	// time, paced by its own jittered schedule.
	results := make(chan *vegeta.Result, 1024)
	var wg sync.WaitGroup
	total := 0
	for i := range *n {
		r := rends[i%len(rends)]
		sched := schedule(*period, *jitter, *dur)
		total += len(sched)
		base := strings.TrimSuffix(urls[i], "master.m3u8")
		start := rand.IntN(len(r.segments))
		k := 0
		tr := func(t *vegeta.Target) error {
			t.Method = "GET"
			if k == 0 {
				t.URL = base + r.init
			} else {
				t.URL = base + r.segments[(start+k-1)%len(r.segments)]
			}
			k++
			return nil
		}
		atk := vegeta.NewAttacker(vegeta.Workers(1), vegeta.MaxWorkers(1), vegeta.Connections(1), vegeta.MaxConnections(1),
			vegeta.KeepAlive(true), vegeta.Timeout(*timeout), vegeta.MaxBody(0))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for res := range atk.Attack(tr, sched, *dur+*timeout, r.name) {
				results <- res
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	g := newGroup()
	for _, r := range rends {
		g.get(r.name)
	}
	srv, self := newCPUMeter(proc.Pid()), newCPUMeter(os.Getpid())
	started := time.Now()
	for res := range results {
		g.add(res.Attack, res)
	}
	wall := time.Since(started)
	srvCPU, selfCPU := srv.String(), self.String()

	all := g.get("all")
	g.close()
	fmt.Printf("\nviewers: %d requests scheduled, %d sent in %.1f s\n", total, all.Requests, wall.Seconds())
	g.print("  ")
	g.firstErrors("  first error: ", 3)
	errs := all.Requests - uint64(float64(all.Requests)*all.Success+0.5)
	verdict := "meets"
	if all.Latencies.P99 > 50*time.Millisecond || errs > 0 {
		verdict = "MISSES"
	}
	fmt.Printf("  segments: p50 %s, p99 %s, max %s, errors %d; %.1f MB/s (%s of bodies)\n", ms(all.Latencies.P50), ms(all.Latencies.P99),
		ms(all.Latencies.Max), errs, float64(g.bytes["all"])/wall.Seconds()/1e6, mediakit.Human(g.bytes["all"]))
	fmt.Printf("  goal: p99 ≤ 50 ms and no errors: %s\n", verdict)
	fmt.Printf("  lectern: %s\n  viewers (this process): %s\n  load average at end: %s\n", srvCPU, selfCPU, loadavg())
}

// schedulePacer sends the hits at the given offsets from the start, then
// stops: a vegeta.Pacer.
type schedulePacer []time.Duration

func (s schedulePacer) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if hits >= uint64(len(s)) {
		return 0, true
	}
	return s[hits] - elapsed, false
}

func (s schedulePacer) Rate(elapsed time.Duration) float64 { return 0 }

// schedule is one viewer's request times: the first uniformly within one
// period, then period × (1 ± jitter) apart, all before d.
func schedule(period time.Duration, jitter float64, d time.Duration) schedulePacer {
	var s schedulePacer
	t := time.Duration(rand.Float64() * float64(period))
	for t < d {
		s = append(s, t)
		t += time.Duration(float64(period) * (1 + jitter*(2*rand.Float64()-1)))
	}
	return s
}

type rendition struct {
	name     string
	init     string   // relative to master.m3u8
	segments []string // relative to master.m3u8
	avgSize  int64
}

// readLadder reads the master playlist and each video rendition's media
// playlist and lists the files a player fetches.
func readLadder(master string) ([]rendition, error) {
	lines, err := playlist(master)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(master, "master.m3u8")
	var out []rendition
	for _, l := range lines {
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		dir := path.Dir(l)
		r := rendition{name: dir}
		media, err := playlist(base + l)
		if err != nil {
			return nil, err
		}
		for _, m := range media {
			switch {
			case strings.HasPrefix(m, "#EXT-X-MAP:"):
				if i := strings.Index(m, `URI="`); i >= 0 {
					u := m[i+5:]
					r.init = path.Join(dir, u[:strings.IndexByte(u, '"')])
				}
			case m != "" && !strings.HasPrefix(m, "#"):
				r.segments = append(r.segments, path.Join(dir, m))
			}
		}
		if len(r.segments) == 0 {
			return nil, fmt.Errorf("%s lists no segments", l)
		}
		if r.init == "" {
			r.init = r.segments[0]
		}
		var sum int64
		for _, s := range r.segments {
			res, err := http.Head(base + s)
			if err != nil {
				return nil, err
			}
			res.Body.Close()
			sum += res.ContentLength
		}
		r.avgSize = sum / int64(len(r.segments))
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, errors.New("the master playlist lists no renditions")
	}
	return out, nil
}

func playlist(u string) ([]string, error) {
	res, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %s", u, res.Status)
	}
	var lines []string
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	return lines, sc.Err()
}

// prepareVideo makes a ready video with Lectern in-process, before the
// server starts on the same data dir: an instructor, a free published
// course with one video lecture whose clip was imported and transcoded by
// the workers (RunWorkers), and students enrolled in it. A data dir
// prepared before is reused.
func prepareVideo(ctx context.Context, dataDir string, seconds int, size string, students int) (*viewerVideo, error) {
	marker := filepath.Join(dataDir, fmt.Sprintf("bench-load-viewers-%ds-%s-%d.json", seconds, size, students))
	if b, err := os.ReadFile(marker); err == nil {
		var v viewerVideo
		if json.Unmarshal(b, &v) == nil {
			fmt.Printf("reusing the video prepared in %s\n", dataDir)
			return &v, nil
		}
	}
	if _, err := os.Stat(filepath.Join(dataDir, "lectern.db")); err == nil {
		return nil, fmt.Errorf("%s holds another preparation; remove it or pick another -dir", dataDir)
	}
	cfg := config.Default()
	cfg.DataDir = dataDir
	cfg.SecretKey = secretKey
	cfg.Transcodes = 1
	cfg.Complete()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	defer a.Close()
	u, err := a.CreateUser(ctx, viewerInstructor, viewerPassword, "Viewers Bench", []string{store.RoleInstructor}, true)
	if err != nil {
		return nil, err
	}
	title, desc, price, cur := "Viewers benchmark", "A video for the viewers benchmark.", int64(0), "USD"
	start := time.Now()
	c, l, v, err := mediakit.VideoLecture(ctx, a, u, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &price, Currency: &cur}, dataDir, seconds, size)
	if err != nil {
		return nil, err
	}
	fmt.Printf("prepared video %d (%d s %s clip, transcoded by the workers) in %s\n", v.ID, seconds, size, time.Since(start).Round(100*time.Millisecond))
	if _, err := a.Catalog.Publish(ctx, u, c.ID); err != nil {
		return nil, err
	}
	out := &viewerVideo{LectureID: l.ID, CourseID: c.ID}
	for i := range students {
		email := "viewer-student" + strconv.Itoa(i) + "@load.lectern.dev"
		s, err := a.CreateUser(ctx, email, viewerPassword, "Viewer "+strconv.Itoa(i), []string{store.RoleStudent}, true)
		if err != nil {
			return nil, err
		}
		if err := a.DB.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Enroll(ctx, s.ID, c.ID, store.EnrollFree, nil); return err }); err != nil {
			return nil, err
		}
		out.Students = append(out.Students, email)
	}
	b, _ := json.Marshal(out)
	return out, os.WriteFile(marker, b, 0o600)
}
