// Package mediakit holds what the video benchmarks (bench/transcode,
// bench/segments, bench/upload) share: making a test clip, building and
// running the lectern binary as its own process, reading a process's CPU
// time from /proc, a small JSON API client and medians, and a lecture with
// a transcoded video made in-process (VideoLecture) for bench/load and bench/segments.
package mediakit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// MakeClip renders a test source with ffmpeg: testsrc2 at size and fps with a
// sine tone, H.264 ultrafast + AAC in MP4, like the demo content.
func MakeClip(out string, seconds int, size string, fps int) error {
	cmd := exec.Command("ffmpeg", "-v", "error", "-y", "-nostdin",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%s:rate=%d:duration=%d", size, fps, seconds),
		"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=330:beep_factor=2:duration=%d", seconds),
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("making the clip: %v: %s", err, b)
	}
	return nil
}

// RepoRoot is the directory holding go.mod, found upwards from the working
// directory (benchmarks are run from the repository).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory; run from the repository")
		}
		dir = parent
	}
}

// BuildLectern builds ./cmd/lectern into dir and returns the binary's path.
func BuildLectern(dir string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "lectern")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/lectern")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/lectern: %v: %s", err, b)
	}
	return bin, nil
}

// FreeAddr returns a loopback address with a free port.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Process is a server started by a benchmark.
type Process struct {
	Cmd  *exec.Cmd
	Base string // http://addr
	Log  *bytes.Buffer
	done chan error
}

// Pid is the process id.
func (p *Process) Pid() int { return p.Cmd.Process.Pid }

// StartLectern runs `lectern serve` on a free loopback port with the data
// dir and extra LECTERN_* variables, and waits until /healthz answers.
func StartLectern(bin, dataDir string, env ...string) (*Process, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "LECTERN_DATA_DIR="+dataDir, "LECTERN_ADDR="+addr, "LECTERN_LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, env...)
	return Start(cmd, "http://"+addr, "/healthz")
}

// Start starts cmd (stdout and stderr kept in Log) and waits up to 30 s
// for GET base+ready to answer 200.
func Start(cmd *exec.Cmd, base, ready string) (*Process, error) {
	p := &Process{Cmd: cmd, Base: base, Log: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.Log, p.Log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.done <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			return nil, fmt.Errorf("%s exited: %v: %s", cmd.Path, err, p.Log)
		default:
		}
		if res, err := http.Get(base + ready); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.Stop()
	return nil, fmt.Errorf("%s not ready in 30 s: %s", cmd.Path, p.Log)
}

// Stop sends SIGTERM, waits up to 10 s, then kills.
func (p *Process) Stop() {
	if p == nil || p.Cmd.Process == nil {
		return
	}
	_ = p.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.Cmd.Process.Kill()
		<-p.done
	}
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// CPU is the user+system CPU time a process has used so far (all threads,
// plus children it has waited for), from /proc/<pid>/stat.
func CPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name is in parentheses and may hold spaces: fields
	// start after the last ')'. utime and stime are fields 14 and 15.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// Children lists the pids whose parent is pid.
func Children(pid int) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if pp, _ := strconv.Atoi(f[1]); pp == pid {
			out = append(out, n)
		}
	}
	return out
}

// TreeCPU sums CPU over pids.
func TreeCPU(pids []int) (time.Duration, error) {
	var sum time.Duration
	for _, p := range pids {
		c, err := CPU(p)
		if err != nil {
			return 0, err
		}
		sum += c
	}
	return sum, nil
}

// Median of xs (the mean of the middle two for an even count).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// API is a tiny JSON client for Lectern's /api/v1.
type API struct {
	Base  string
	Token string
	HTTP  *http.Client
}

// Do sends body as JSON (when not nil) and decodes a JSON answer into out
// (when not nil); an answer other than want is an error with the body.
func (a *API) Do(ctx context.Context, method, path string, body, out any, want int) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.Base+"/api/v1"+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.Token != "" {
		req.Header.Set("Authorization", "Bearer "+a.Token)
	}
	c := a.HTTP
	if c == nil {
		c = http.DefaultClient
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// Login signs in and keeps the access token.
func (a *API) Login(ctx context.Context, email, password string) error {
	var s struct {
		AccessToken string `json:"access_token"`
	}
	if err := a.Do(ctx, "POST", "/auth/login", map[string]string{"email": email, "password": password}, &s, 200); err != nil {
		return err
	}
	a.Token = s.AccessToken
	return nil
}

// CreateLecture makes a draft course with one section and one video
// lecture through the API and returns the lecture id.
func (a *API) CreateLecture(ctx context.Context, title string) (string, error) {
	var c, s, l struct {
		ID string `json:"id"`
	}
	if err := a.Do(ctx, "POST", "/courses", map[string]any{"title": title, "description_md": "Benchmark."}, &c, 201); err != nil {
		return "", err
	}
	if err := a.Do(ctx, "POST", "/courses/"+c.ID+"/sections", map[string]any{"title": "Section"}, &s, 201); err != nil {
		return "", err
	}
	if err := a.Do(ctx, "POST", "/sections/"+s.ID+"/lectures", map[string]any{"title": "Lecture", "kind": "video"}, &l, 201); err != nil {
		return "", err
	}
	return l.ID, nil
}

// Human formats a byte count.
func Human(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
