// Command upload measures upload throughput on loopback: a tus upload
// through Lectern's real /api/v1/uploads endpoint (the lectern binary,
// LECTERN_TRANSCODES=0 so nothing transcodes) against a plain HTTP PUT of
// the same file to a minimal stdlib server (this binary, run as a second
// process, io.Copy of the body into a file in the same data dir). Rounds
// alternate the order; it prints MB/s, the server's CPU seconds per GB and
// the tus/PUT ratio of the medians.
//
//	go run ./bench/upload                        # 512 MB, 64 MB PATCHes, 3 rounds
//	go run ./bench/upload -size 1024 -chunk 0    # one PATCH for the whole file
package main

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/lectern/lectern/bench/internal/mediakit"
)

const (
	email    = "upload-bench@lectern.dev"
	password = "upload bench password"
	// putServerEnv makes this binary the PUT server: its value is the
	// directory to write into, LECTERN_BENCH_PUT_ADDR the address.
	putServerEnv = "LECTERN_BENCH_PUT_DIR"
	putAddrEnv   = "LECTERN_BENCH_PUT_ADDR"
)

type sample struct {
	wall      time.Duration
	serverCPU time.Duration
	requests  int
}

func main() {
	if dir := os.Getenv(putServerEnv); dir != "" {
		servePUT(dir, os.Getenv(putAddrEnv))
		return
	}
	sizeMB := flag.Int("size", 512, "file size in MB (MiB)")
	chunkMB := flag.Int("chunk", 64, "tus PATCH size in MB (MiB); 0 sends the whole file in one PATCH")
	rounds := flag.Int("rounds", 3, "rounds; the order of tus and PUT alternates")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	work, err := os.MkdirTemp("", "lectern-bench-upload")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	dataDir := filepath.Join(work, "data")
	size := int64(*sizeMB) << 20
	chunk := int64(*chunkMB) << 20
	if chunk <= 0 || chunk > size {
		chunk = size
	}

	src := filepath.Join(work, "source.bin")
	t0 := time.Now()
	if err := makeFile(src, size); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("source: %s of pseudo-random bytes (incompressible), written in %s\n", mediakit.Human(size), time.Since(t0).Round(time.Millisecond))

	bin, err := mediakit.BuildLectern(work)
	if err != nil {
		log.Fatal(err)
	}
	create := exec.Command(bin, "user", "create", "--email", email, "--password", password, "--name", "Upload Bench", "--role", "instructor")
	create.Env = append(os.Environ(), "LECTERN_DATA_DIR="+dataDir, "LECTERN_LOG_LEVEL=warn")
	if b, err := create.CombinedOutput(); err != nil {
		log.Fatalf("lectern user create: %v: %s", err, b)
	}
	lectern, err := mediakit.StartLectern(bin, dataDir, "LECTERN_TRANSCODES=0")
	if err != nil {
		log.Fatal(err)
	}
	defer lectern.Stop()
	api := &mediakit.API{Base: lectern.Base}
	if err := api.Login(ctx, email, password); err != nil {
		log.Fatal(err)
	}

	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	putDir := filepath.Join(dataDir, "put")
	if err := os.MkdirAll(putDir, 0o700); err != nil {
		log.Fatal(err)
	}
	putAddr, err := mediakit.FreeAddr()
	if err != nil {
		log.Fatal(err)
	}
	putCmd := exec.Command(self)
	putCmd.Env = append(os.Environ(), putServerEnv+"="+putDir, putAddrEnv+"="+putAddr)
	put, err := mediakit.Start(putCmd, "http://"+putAddr, "/healthz")
	if err != nil {
		log.Fatal(err)
	}
	defer put.Stop()

	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	methods := []struct {
		name string
		pid  int
		run  func() (int, error)
	}{
		{fmt.Sprintf("tus (%s PATCHes)", mediakit.Human(chunk)), lectern.Pid(), func() (int, error) {
			// Each upload goes to a lecture of its own, made beforehand.
			return tusUpload(ctx, hc, api, src, size, chunk)
		}},
		{"plain PUT (io.Copy)", put.Pid(), func() (int, error) { return 1, putUpload(hc, put.Base, src, size) }},
	}
	// Lectures for every tus round, made before any measurement.
	lectures := make(chan string, *rounds+1)
	for range *rounds + 1 {
		id, err := api.CreateLecture(ctx, "Upload benchmark")
		if err != nil {
			log.Fatal(err)
		}
		lectures <- id
	}
	currentLecture.Store(<-lectures)

	fmt.Printf("lectern pid %d (LECTERN_TRANSCODES=0), PUT server pid %d, both writing under %s; %d CPUs; %d rounds\n", lectern.Pid(), put.Pid(), dataDir, runtime.NumCPU(), *rounds)
	fmt.Println("NOTE: client and servers share the same cores; the page cache absorbs the writes (sync after every upload, outside the timing).")
	fmt.Printf("load average at start: %s\n", loadavg())
	results := map[string][]sample{}
	fmt.Printf("\n%-5s %-24s %9s %9s %9s %10s\n", "round", "method", "seconds", "MB/s", "requests", "srv CPU/GB")
	for r := 0; r < *rounds; r++ {
		for i := range methods {
			m := methods[(i+r)%len(methods)]
			c0, err := mediakit.CPU(m.pid)
			if err != nil {
				log.Fatal(err)
			}
			start := time.Now()
			n, err := m.run()
			wall := time.Since(start)
			if err != nil {
				log.Fatalf("round %d %s: %v", r+1, m.name, err)
			}
			c1, _ := mediakit.CPU(m.pid)
			s := sample{wall: wall, serverCPU: c1 - c0, requests: n}
			results[m.name] = append(results[m.name], s)
			fmt.Printf("%-5d %-24s %8.2fs %9.0f %9d %9.2fs\n", r+1, m.name, wall.Seconds(), mbps(size, wall), n, s.serverCPU.Seconds()/(float64(size)/(1<<30)))
			if strings.HasPrefix(m.name, "tus") {
				currentLecture.Store(<-lectures)
			}
			// Free the space and flush the page cache's dirty pages, so the
			// next upload starts from the same state.
			_ = os.RemoveAll(filepath.Join(dataDir, "media", "sources"))
			ents, _ := os.ReadDir(putDir)
			for _, e := range ents {
				_ = os.Remove(filepath.Join(putDir, e.Name()))
			}
			syscall.Sync()
		}
	}
	fmt.Printf("\nmedians of %d rounds (MB = MiB)\n", *rounds)
	med := map[string]float64{}
	for _, m := range methods {
		var xs, cs []float64
		for _, s := range results[m.name] {
			xs = append(xs, mbps(size, s.wall))
			cs = append(cs, s.serverCPU.Seconds()/(float64(size)/(1<<30)))
		}
		med[m.name] = mediakit.Median(xs)
		fmt.Printf("  %-24s %7.0f MB/s   server %.2f CPU s per GiB\n", m.name, med[m.name], mediakit.Median(cs))
	}
	var per []string
	for i := range results[methods[0].name] {
		per = append(per, fmt.Sprintf("%.2f", results[methods[1].name][i].wall.Seconds()/results[methods[0].name][i].wall.Seconds()))
	}
	fmt.Printf("  tus/PUT throughput: %.3f (per round %s)\n", med[methods[0].name]/med[methods[1].name], strings.Join(per, ", "))
	fmt.Printf("load average at end: %s\n", loadavg())
}

var currentLecture atomic.Value // string: the lecture the next tus upload is for

func mbps(size int64, d time.Duration) float64 { return float64(size) / (1 << 20) / d.Seconds() }

// makeFile writes size pseudo-random bytes (ChaCha8: incompressible, fast).
func makeFile(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	rng := rand.NewChaCha8([32]byte{'l', 'e', 'c', 't', 'e', 'r', 'n'})
	buf := make([]byte, 4<<20)
	for left := size; left > 0; {
		n := min(left, int64(len(buf)))
		_, _ = rng.Read(buf[:n])
		if _, err := f.Write(buf[:n]); err != nil {
			f.Close()
			return err
		}
		left -= n
	}
	return f.Close()
}

// body is n bytes of the file from off: a *io.LimitedReader over an
// *os.File, the same for both methods.
func body(path string, off, n int64) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(f, n), f}, nil
}

// tusUpload creates an upload (POST with Upload-Length and Upload-Metadata)
// and sends the file in PATCHes of chunk bytes; the last one is answered
// once Lectern has moved the file into storage and queued it. It returns
// the number of requests.
func tusUpload(ctx context.Context, hc *http.Client, api *mediakit.API, path string, size, chunk int64) (int, error) {
	lecture := currentLecture.Load().(string)
	meta := "lecture_id " + base64.StdEncoding.EncodeToString([]byte(lecture)) +
		",filename " + base64.StdEncoding.EncodeToString([]byte("bench.mp4")) +
		",filetype " + base64.StdEncoding.EncodeToString([]byte("video/mp4"))
	req, _ := http.NewRequestWithContext(ctx, "POST", api.Base+"/api/v1/uploads", nil)
	req.Header.Set("Authorization", "Bearer "+api.Token)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
	req.Header.Set("Upload-Metadata", meta)
	res, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 201 {
		return 0, fmt.Errorf("POST /api/v1/uploads: %d %s", res.StatusCode, b)
	}
	loc := res.Header.Get("Location")
	if strings.HasPrefix(loc, "/") {
		loc = api.Base + loc
	}
	requests := 1
	for off := int64(0); off < size; {
		n := min(chunk, size-off)
		rd, err := body(path, off, n)
		if err != nil {
			return requests, err
		}
		req, _ := http.NewRequestWithContext(ctx, "PATCH", loc, rd)
		req.ContentLength = n
		req.Header.Set("Authorization", "Bearer "+api.Token)
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Offset", strconv.FormatInt(off, 10))
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		res, err := hc.Do(req)
		requests++
		if err != nil {
			return requests, err
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 204 {
			return requests, fmt.Errorf("PATCH at %d: %d %s", off, res.StatusCode, b)
		}
		if got := res.Header.Get("Upload-Offset"); got != strconv.FormatInt(off+n, 10) {
			return requests, fmt.Errorf("PATCH at %d: Upload-Offset %s, want %d", off, got, off+n)
		}
		off += n
	}
	return requests, nil
}

// putUpload sends the whole file in one PUT.
func putUpload(hc *http.Client, base, path string, size int64) error {
	rd, err := body(path, 0, size)
	if err != nil {
		return err
	}
	req, _ := http.NewRequest("PUT", base+"/put/"+strconv.FormatInt(time.Now().UnixNano(), 36), rd)
	req.ContentLength = size
	req.Header.Set("Content-Type", "application/octet-stream")
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 204 {
		return fmt.Errorf("PUT: %d %s", res.StatusCode, b)
	}
	return nil
}

// servePUT is the baseline server: PUT /put/{name} copies the body into
// dir/name with io.Copy and answers 204 once the file is closed.
func servePUT(dir, addr string) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("PUT /put/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
			http.Error(w, "bad name", http.StatusBadRequest)
			return
		}
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		n, err := io.Copy(f, r.Body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil && r.ContentLength >= 0 && n != r.ContentLength {
			err = errors.New("short body")
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
