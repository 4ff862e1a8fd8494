// Command segments measures HLS segment serving on loopback: the lectern
// binary (signed /media URLs, http.ServeContent with sendfile) against nginx
// serving the same files, loaded by the same client, in interleaved rounds.
// It prints throughput (GB/s, req/s), latency and the server's CPU seconds
// per GB served (utime+stime from /proc), and the Lectern/nginx throughput
// ratio (goal ≥ 0.9). Then, if strace is installed, it checks that Lectern
// sends segments with sendfile(2).
//
//	go run ./bench/segments                         # 20 s 1080p source, wrk -c64, 3 rounds of 10 s
//	go run ./bench/segments -c 16 -d 5s -rounds 5 -client go
//	go run ./bench/segments -dir /tmp/segs          # keep (and reuse) the prepared video
//
// Needs ffmpeg, nginx (apt-get install -y nginx-light) and preferably wrk
// (apt-get install -y wrk; without it a Go client is used).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/lectern/lectern/bench/internal/mediakit"
	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/store"
)

const (
	email    = "segments-bench@lectern.dev"
	password = "segments bench password"
)

// prepared is what the preparation leaves in the data dir for later runs.
type prepared struct {
	LectureID int64  `json:"lecture_id"`
	VideoID   int64  `json:"video_id"`
	OutputDir string `json:"output_dir"` // the video's files: what nginx serves
}

type result struct {
	requests      int64
	elapsed       time.Duration
	p50, p99      time.Duration
	errors        int64
	serverCPU     time.Duration
	clientCPU     time.Duration
	bytesPerReq   int64
	firstErrorMsg string
}

func (r result) gbps() float64     { return float64(r.requests*r.bytesPerReq) / r.elapsed.Seconds() / 1e9 }
func (r result) rps() float64      { return float64(r.requests) / r.elapsed.Seconds() }
func (r result) gb() float64       { return float64(r.requests*r.bytesPerReq) / 1e9 }
func (r result) cpuPerGB() float64 { return r.serverCPU.Seconds() / r.gb() }

// totalPerGB counts the client too: on loopback the kernel's TCP work for
// both ends is charged to whichever process happens to run it (with TCP_CORK
// much of the receive side lands on the sender), so only the sum compares.
func (r result) totalPerGB() float64 { return (r.serverCPU + r.clientCPU).Seconds() / r.gb() }

func main() {
	dirFlag := flag.String("dir", "", "data directory to prepare the video in and reuse on later runs (default: a temporary one, removed)")
	seconds := flag.Int("duration", 20, "source clip length in seconds")
	size := flag.String("size", "1920x1080", "source frame size (the top rung's segments are served)")
	conc := flag.Int("c", 64, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration of each measurement")
	rounds := flag.Int("rounds", 3, "rounds; the order of Lectern and nginx alternates")
	clientFlag := flag.String("client", "auto", "load client: wrk, go, or auto (wrk when installed)")
	nopush := flag.Bool("nginx-tcp-nopush", true, "nginx tcp_nopush (TCP_CORK around sendfile); off to compare with Go, which does not cork")
	doStrace := flag.Bool("strace", true, "check with strace (when installed) that Lectern uses sendfile")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	nginxBin, err := exec.LookPath("nginx")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/nginx"); err2 == nil {
			nginxBin = "/usr/sbin/nginx"
		} else {
			log.Fatal("nginx not found: apt-get install -y nginx-light")
		}
	}
	client := *clientFlag
	if client == "auto" {
		client = "go"
		if _, err := exec.LookPath("wrk"); err == nil {
			client = "wrk"
		}
	}

	work, err := os.MkdirTemp("", "lectern-bench-segments")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	dataDir := *dirFlag
	if dataDir == "" {
		dataDir = filepath.Join(work, "data")
	}
	dataDir, _ = filepath.Abs(dataDir)

	bin, err := mediakit.BuildLectern(work)
	if err != nil {
		log.Fatal(err)
	}
	prep, err := prepare(ctx, dataDir, *seconds, *size)
	if err != nil {
		log.Fatal(err)
	}

	// The largest segment of the top rung: the same file for both servers.
	rel, segSize, err := largestSegment(prep.OutputDir)
	if err != nil {
		log.Fatal(err)
	}

	lectern, err := mediakit.StartLectern(bin, dataDir, "LECTERN_TRANSCODES=1")
	if err != nil {
		log.Fatal(err)
	}
	defer lectern.Stop()
	api := &mediakit.API{Base: lectern.Base}
	if err := api.Login(ctx, email, password); err != nil {
		log.Fatal(err)
	}
	var pb struct {
		HLSURL    string    `json:"hls_url"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	if err := api.Do(ctx, "GET", fmt.Sprintf("/lectures/%d/playback", prep.LectureID), nil, &pb, 200); err != nil {
		log.Fatal(err)
	}
	lecternURL := lectern.Base + strings.TrimSuffix(pb.HLSURL, "master.m3u8") + rel
	if time.Until(pb.ExpiresAt) < time.Duration(*rounds*2+2)*(*dur+3*time.Second) {
		log.Fatalf("the media token expires at %s, before the benchmark would end; use fewer or shorter rounds", pb.ExpiresAt)
	}

	ngx, err := startNginx(nginxBin, filepath.Join(work, "nginx"), prep.OutputDir, *nopush)
	if err != nil {
		log.Fatal(err)
	}
	defer ngx.Stop()
	nginxURL := ngx.Base + "/" + rel

	targets := []struct {
		name string
		url  string
		pids func() []int
	}{
		{"lectern", lecternURL, func() []int { return []int{lectern.Pid()} }},
		{"nginx", nginxURL, func() []int { return append([]int{ngx.Pid()}, mediakit.Children(ngx.Pid())...) }},
	}
	for _, t := range targets {
		if err := checkResponse(t.name, t.url, segSize); err != nil {
			log.Fatal(err)
		}
	}
	nWorkers := len(mediakit.Children(ngx.Pid()))
	fmt.Printf("segment: %s, %s (largest of the top rung), same file for both servers\n", rel, mediakit.Human(segSize))
	fmt.Printf("lectern: %s serve, pid %d, GOMAXPROCS default; nginx %s: master + %d workers (worker_processes auto), sendfile on, tcp_nopush %s, access_log off\n",
		filepath.Base(bin), lectern.Pid(), nginxVersion(nginxBin), nWorkers, map[bool]string{true: "on", false: "off"}[*nopush])
	fmt.Printf("client: %s, %d connections, %s per measurement, %d rounds; %d CPUs\n", client, *conc, *dur, *rounds, runtime.NumCPU())
	fmt.Println("NOTE: client and server share the same 2 cores on loopback, so the client's CPU is shown too (client cpu, all s/GB = server+client).")
	fmt.Println("      Throughput counts body bytes (requests × segment size).")
	fmt.Printf("load average at start: %s\n", loadavg())

	load := func(url string, d time.Duration) (result, error) {
		if client == "wrk" {
			return runWrk(url, *conc, d)
		}
		return runGo(url, *conc, d)
	}
	// Warm-up: page cache, connections, CPU frequency.
	for _, t := range targets {
		if _, err := load(t.url, 2*time.Second); err != nil {
			log.Fatal(err)
		}
	}

	res := map[string][]result{}
	fmt.Printf("\n%-5s %-8s %6s %6s %8s %8s %8s %9s %10s %9s %6s\n", "round", "server", "GB/s", "req/s", "p50", "p99", "srv cpu", "srv s/GB", "client cpu", "all s/GB", "errors")
	for r := 0; r < *rounds; r++ {
		for i := range targets {
			t := targets[(i+r)%len(targets)]
			pids := t.pids()
			c0, err := mediakit.TreeCPU(pids)
			if err != nil {
				log.Fatal(err)
			}
			out, err := load(t.url, *dur)
			if err != nil {
				log.Fatal(err)
			}
			c1, err := mediakit.TreeCPU(pids)
			if err != nil {
				log.Fatal(err)
			}
			out.serverCPU = c1 - c0
			out.bytesPerReq = segSize
			res[t.name] = append(res[t.name], out)
			fmt.Printf("%-5d %-8s %6.2f %6.0f %8s %8s %7.2fs %9.3f %9.2fs %9.3f %6d\n", r+1, t.name, out.gbps(), out.rps(), ms(out.p50), ms(out.p99),
				out.serverCPU.Seconds(), out.cpuPerGB(), out.clientCPU.Seconds(), out.totalPerGB(), out.errors)
			if out.firstErrorMsg != "" {
				fmt.Println("  first error:", out.firstErrorMsg)
			}
		}
	}
	med := func(name string, f func(result) float64) float64 {
		var xs []float64
		for _, r := range res[name] {
			xs = append(xs, f(r))
		}
		return mediakit.Median(xs)
	}
	fmt.Printf("\nmedians of %d rounds\n", *rounds)
	for _, t := range targets {
		fmt.Printf("  %-8s %6.2f GB/s  %5.0f req/s  server %.3f CPU s/GB, server+client %.3f CPU s/GB\n", t.name,
			med(t.name, result.gbps), med(t.name, result.rps), med(t.name, result.cpuPerGB), med(t.name, result.totalPerGB))
	}
	ratio := med("lectern", result.gbps) / med("nginx", result.gbps)
	verdict := "meets"
	if ratio < 0.9 {
		verdict = "MISSES"
	}
	// Per-round ratios too: rounds are side by side, so their spread shows the noise.
	var per []string
	for i := range res["lectern"] {
		per = append(per, fmt.Sprintf("%.2f", res["lectern"][i].gbps()/res["nginx"][i].gbps()))
	}
	fmt.Printf("  Lectern/nginx throughput: %.3f (per round %s; goal ≥ 0.90: %s)\n", ratio, strings.Join(per, ", "), verdict)
	fmt.Printf("  Lectern/nginx CPU per GB: server %.2f, server+client %.2f (on loopback only the sum compares: see README)\n",
		med("lectern", result.cpuPerGB)/med("nginx", result.cpuPerGB), med("lectern", result.totalPerGB)/med("nginx", result.totalPerGB))
	fmt.Printf("load average at end: %s\n", loadavg())

	if *doStrace {
		if _, err := exec.LookPath("strace"); err != nil {
			fmt.Println("\nstrace not installed (apt-get install -y strace): sendfile not checked")
		} else if err := checkSendfile(lectern.Pid(), lecternURL, segSize); err != nil {
			fmt.Println("\nsendfile check failed:", err)
		}
	}
}

// prepare makes a ready video in dataDir with Lectern in-process (before
// the server starts on the same data dir): an instructor, a draft course
// with one video lecture, the clip imported and transcoded by the workers.
// A data dir prepared before is reused.
func prepare(ctx context.Context, dataDir string, seconds int, size string) (*prepared, error) {
	marker := filepath.Join(dataDir, "bench-segments.json")
	if b, err := os.ReadFile(marker); err == nil {
		var p prepared
		if err := json.Unmarshal(b, &p); err == nil {
			if _, err := os.Stat(filepath.Join(p.OutputDir, "master.m3u8")); err == nil {
				fmt.Printf("reusing the video prepared in %s\n", dataDir)
				return &p, nil
			}
		}
	}
	cfg := config.Default()
	cfg.DataDir = dataDir
	cfg.Transcodes = 1
	cfg.Complete()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	defer a.Close()
	u, err := a.CreateUser(ctx, email, password, "Segments Bench", []string{store.RoleInstructor}, true)
	if err != nil {
		return nil, err
	}
	title, desc := "Segments benchmark", "Benchmark."
	start := time.Now()
	_, l, v, err := mediakit.VideoLecture(ctx, a, u, catalog.CourseInput{Title: &title, DescriptionMD: &desc}, dataDir, seconds, size)
	if err != nil {
		return nil, err
	}
	master, ok := a.Files.LocalPath(v.OutputPrefix + "/master.m3u8")
	if !ok {
		return nil, errors.New("storage is not a local directory")
	}
	p := &prepared{LectureID: l.ID, VideoID: v.ID, OutputDir: filepath.Dir(master)}
	fmt.Printf("prepared video %d (%d s %s clip) in %s\n", v.ID, seconds, size, time.Since(start).Round(100*time.Millisecond))
	b, _ := json.Marshal(p)
	return p, os.WriteFile(marker, b, 0o600)
}

// largestSegment finds the largest .m4s file under dir.
func largestSegment(dir string) (rel string, size int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".m4s" {
			return err
		}
		info, err := d.Info()
		if err == nil && info.Size() > size {
			size = info.Size()
			rel, _ = filepath.Rel(dir, path)
		}
		return err
	})
	if err == nil && rel == "" {
		err = fmt.Errorf("no segments in %s", dir)
	}
	return filepath.ToSlash(rel), size, err
}

// startNginx runs nginx in the foreground (master + workers, our child)
// with a config of its own under dir, serving root.
func startNginx(bin, dir, root string, nopush bool) (*mediakit.Process, error) {
	for _, d := range []string{"logs", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	addr, err := mediakit.FreeAddr()
	if err != nil {
		return nil, err
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // the data dir is private (0700): workers must be able to read it
	}
	conf := fmt.Sprintf(`%sworker_processes auto;
daemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path %[2]s/tmp/body;
    proxy_temp_path %[2]s/tmp/proxy;
    fastcgi_temp_path %[2]s/tmp/fastcgi;
    uwsgi_temp_path %[2]s/tmp/uwsgi;
    scgi_temp_path %[2]s/tmp/scgi;
    types {
        video/iso.segment m4s;
        application/vnd.apple.mpegurl m3u8;
        video/mp4 mp4;
        image/jpeg jpg;
        text/vtt vtt;
    }
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush %[5]s;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    server {
        listen %[3]s;
        root %[4]s;
        location / { }
    }
}
`, user, dir, addr, root, map[bool]string{true: "on", false: "off"}[nopush])
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "logs", "error.log"))
	return mediakit.Start(cmd, "http://"+addr, "/master.m3u8")
}

func nginxVersion(bin string) string {
	b, _ := exec.Command(bin, "-v").CombinedOutput()
	s := strings.TrimSpace(string(b))
	if i := strings.Index(s, "nginx/"); i >= 0 {
		return s[i+len("nginx/"):]
	}
	return s
}

// checkResponse fetches url once and checks the status and length.
func checkResponse(name, url string, size int64) error {
	res, err := http.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	n, _ := io.Copy(io.Discard, res.Body)
	if res.StatusCode != 200 || n != size {
		return fmt.Errorf("%s: GET %s: %d, %d bytes, want 200 and %d", name, url, res.StatusCode, n, size)
	}
	hdr := 0
	for k, vs := range res.Header {
		for _, v := range vs {
			hdr += len(k) + len(v) + 4
		}
	}
	fmt.Printf("%s: 200, Content-Type %s, %d response header bytes\n", name, res.Header.Get("Content-Type"), hdr)
	return nil
}

var (
	wrkTotal   = regexp.MustCompile(`(\d+) requests in ([\d.]+)(us|ms|s|m)`)
	wrkPct     = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)`)
	wrkNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSockErr = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func wrkDuration(v, unit string) time.Duration {
	f, _ := strconv.ParseFloat(v, 64)
	switch unit {
	case "us":
		return time.Duration(f * float64(time.Microsecond))
	case "ms":
		return time.Duration(f * float64(time.Millisecond))
	case "m":
		return time.Duration(f * float64(time.Minute))
	}
	return time.Duration(f * float64(time.Second))
}

// runWrk runs wrk (2 threads) against url and reads its summary; the
// client CPU is wrk's, from the rusage of waited-for children.
func runWrk(url string, conc int, d time.Duration) (result, error) {
	var r0, r1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &r0)
	cmd := exec.Command("wrk", "-t", strconv.Itoa(min(2, conc)), "-c", strconv.Itoa(conc), "-d", fmt.Sprintf("%ds", int(d.Seconds())), "--latency", url)
	out, err := cmd.CombinedOutput()
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &r1)
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	s := string(out)
	var r result
	m := wrkTotal.FindStringSubmatch(s)
	if m == nil {
		return r, fmt.Errorf("wrk output not understood:\n%s", s)
	}
	r.requests, _ = strconv.ParseInt(m[1], 10, 64)
	r.elapsed = wrkDuration(m[2], m[3])
	for _, pm := range wrkPct.FindAllStringSubmatch(s, -1) {
		if pm[1] == "50" {
			r.p50 = wrkDuration(pm[2], pm[3])
		} else {
			r.p99 = wrkDuration(pm[2], pm[3])
		}
	}
	if m := wrkNon2xx.FindStringSubmatch(s); m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		r.errors += n
		r.firstErrorMsg = "non-2xx responses"
	}
	if m := wrkSockErr.FindStringSubmatch(s); m != nil {
		for _, x := range m[1:] {
			n, _ := strconv.ParseInt(x, 10, 64)
			r.errors += n
		}
		r.firstErrorMsg = strings.TrimSpace(m[0])
	}
	r.clientCPU = time.Duration(r1.Utime.Nano()+r1.Stime.Nano()) - time.Duration(r0.Utime.Nano()+r0.Stime.Nano())
	return r, nil
}

// runGo is the fallback client: conc goroutines, one keep-alive connection
// each, GET and discard. Its CPU is this process's.
func runGo(url string, conc int, d time.Duration) (result, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	var s0, s1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &s0)
	var n, bad atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr string
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			var mine []time.Duration
			for time.Now().Before(stop) {
				t := time.Now()
				res, err := hc.Get(url)
				if err == nil {
					_, err = io.CopyBuffer(io.Discard, struct{ io.Reader }{res.Body}, buf)
					res.Body.Close()
					if err == nil && res.StatusCode != 200 {
						err = fmt.Errorf("status %d", res.StatusCode)
					}
				}
				mine = append(mine, time.Since(t))
				n.Add(1)
				if err != nil {
					bad.Add(1)
					mu.Lock()
					if firstErr == "" {
						firstErr = err.Error()
					}
					mu.Unlock()
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &s1)
	slices.Sort(lat)
	r := result{requests: n.Load() - bad.Load(), elapsed: elapsed, errors: bad.Load(), firstErrorMsg: firstErr,
		clientCPU: time.Duration(s1.Utime.Nano()+s1.Stime.Nano()) - time.Duration(s0.Utime.Nano()+s0.Stime.Nano())}
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2], lat[int(0.99*float64(len(lat)-1))]
	}
	return r, nil
}

// checkSendfile attaches strace to the lectern process, makes 20 sequential
// segment requests and counts the sendfile calls and the bytes they sent,
// and the write calls of a segment's size or more.
func checkSendfile(pid int, url string, size int64) error {
	const n = 20
	out := filepath.Join(os.TempDir(), fmt.Sprintf("lectern-bench-strace-%d.txt", os.Getpid()))
	defer os.Remove(out)
	cmd := exec.Command("strace", "-f", "-qq", "-e", "trace=sendfile,write,writev", "-o", out, "-p", strconv.Itoa(pid))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	time.Sleep(1500 * time.Millisecond) // attach to every thread
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for range n {
		res, err := hc.Get(url)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	time.Sleep(300 * time.Millisecond)
	_ = cmd.Process.Signal(syscall.SIGINT)
	_ = cmd.Wait()
	f, err := os.Open(out)
	if err != nil {
		return fmt.Errorf("%v: %s", err, stderr.String())
	}
	defer f.Close()
	ret := regexp.MustCompile(`= (-?\d+)`)
	var sendfiles, sfBytes, writes, wBytes int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		m := ret.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v, _ := strconv.ParseInt(m[1], 10, 64)
		switch {
		case strings.Contains(line, "sendfile("):
			sendfiles++
			if v > 0 {
				sfBytes += v
			}
		case strings.Contains(line, "write(") || strings.Contains(line, "writev("):
			writes++
			if v > 0 {
				wBytes += v
			}
		}
	}
	fmt.Printf("\nstrace -f -e trace=sendfile,write,writev on lectern (pid %d), %d sequential GETs of a %d-byte segment:\n", pid, n, size)
	fmt.Printf("  sendfile: %d calls, %d bytes (%.2f calls per GET, %.1f%% of the body bytes)\n", sendfiles, sfBytes, float64(sendfiles)/n, 100*float64(sfBytes)/float64(n*size))
	fmt.Printf("  write/writev: %d calls, %d bytes (headers and anything not sent with sendfile)\n", writes, wBytes)
	if sfBytes < n*size*9/10 {
		fmt.Println("  => segments are NOT going out with sendfile")
	} else {
		fmt.Println("  => segments go out with sendfile")
	}
	return nil
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
}
