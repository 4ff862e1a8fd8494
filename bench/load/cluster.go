package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// proc is a process the fault run starts, with its output in a file that
// may be read while it runs.
type proc struct {
	name    string
	cmd     *exec.Cmd
	base    string // http://addr, when it serves HTTP
	logPath string
	done    chan struct{}
	err     error
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// startProc starts cmd with its output in logPath and, when ready is not
// empty, waits up to 60 s for GET base+ready to answer 200.
func startProc(name string, cmd *exec.Cmd, base, ready, logPath string) (*proc, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p := &proc{name: name, cmd: cmd, base: base, logPath: logPath, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, err
	}
	go func() { p.err = cmd.Wait(); f.Close(); close(p.done) }()
	atExit(p.stop)
	if ready == "" {
		return p, nil
	}
	c := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return nil, fmt.Errorf("%s exited: %v: %s", name, p.err, p.logTail(20))
		default:
		}
		if res, err := c.Get(base + ready); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s not ready in 60 s: %s", name, p.logTail(20))
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// stop continues the process (it may have been stopped with SIGSTOP), sends
// SIGTERM, and kills it after 10 s.
func (p *proc) stop() {
	if !p.running() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGCONT)
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

func (p *proc) logTail(n int) string {
	b, _ := os.ReadFile(p.logPath)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// logSize is the length of the log so far; logSince returns what came
// after an earlier size, at most n distinct lines, message text only.
func (p *proc) logSize() int64 {
	st, err := os.Stat(p.logPath)
	if err != nil {
		return 0
	}
	return st.Size()
}

func (p *proc) logSince(off int64, n int) []string {
	b, _ := os.ReadFile(p.logPath)
	if int64(len(b)) < off {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, l := range strings.Split(string(b[off:]), "\n") {
		// Drop the time and request ids so repeats collapse.
		key := l
		if i := strings.Index(l, "level="); i >= 0 {
			key = l[i:]
		}
		for _, f := range []string{" request_id=", " duration=", " took="} {
			if i := strings.Index(key, f); i >= 0 {
				j := strings.IndexByte(key[i+1:], ' ')
				if j < 0 {
					key = key[:i]
				} else {
					key = key[:i] + key[i+1+j:]
				}
			}
		}
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if len(out) < n {
			out = append(out, key)
		}
	}
	return out
}

// s3server is the hidden subcommand that serves an in-memory S3 bucket
// (gofakes3, s3mem) on a loopback address, as its own process so the fault
// run can SIGSTOP it. It exits by itself after -max-life.
func s3server(args []string) {
	fs := flag.NewFlagSet("s3server", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address (loopback)")
	bucket := fs.String("bucket", "lectern", "bucket to create")
	life := fs.Duration("max-life", 30*time.Minute, "exit after this long")
	_ = fs.Parse(args)
	if host, _, err := net.SplitHostPort(*addr); err != nil || host != "127.0.0.1" {
		log.Fatalf("s3server: -addr must be 127.0.0.1:port, not %q", *addr)
	}
	backend := s3mem.New()
	if err := backend.CreateBucket(*bucket); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	go func() { time.Sleep(*life); log.Fatalf("s3server: -max-life %s reached", *life) }()
	fmt.Printf("s3server: bucket %s on %s\n", *bucket, ln.Addr())
	log.Fatal(http.Serve(ln, gofakes3.New(backend).Server()))
}

// PostgreSQL and Redis on this machine, as the fault run stops and starts
// them.
func pgctl(action string, extra ...string) error {
	out, err := exec.Command("pg_ctlcluster", append([]string{"--skip-systemctl-redirect", "15", "main", action}, extra...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctlcluster %s: %v: %s", action, err, bytes.TrimSpace(out))
	}
	return nil
}

func pgReady() bool {
	return exec.Command("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432", "-t", "1").Run() == nil
}

func redisUp() bool {
	out, err := exec.Command("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping").Output()
	return err == nil && strings.TrimSpace(string(out)) == "PONG"
}

func redisStop() error {
	out, err := exec.Command("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave").CombinedOutput()
	// shutdown closes the connection: redis-cli may report that as an error.
	if err != nil && redisUp() {
		return fmt.Errorf("redis-cli shutdown: %v: %s", err, out)
	}
	return nil
}

func redisStart() error {
	out, err := exec.Command("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--appendonly", "no").CombinedOutput()
	if err != nil {
		return fmt.Errorf("redis-server: %v: %s", err, out)
	}
	return waitFor(10*time.Second, redisUp)
}

func waitFor(d time.Duration, ok func() bool) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if ok() {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("timed out")
}

// restoreServices starts PostgreSQL and Redis if they do not answer. It is
// registered as a clean-up of the fault run and is the `restore` scenario.
func restoreServices() {
	if pgReady() {
		fmt.Println("restore: PostgreSQL is running")
	} else {
		fmt.Println("restore: starting PostgreSQL")
		if err := pgctl("start"); err != nil {
			fmt.Println("restore:", err)
		}
		if err := waitFor(30*time.Second, pgReady); err != nil {
			fmt.Println("restore: PostgreSQL still not ready")
		}
	}
	if redisUp() {
		fmt.Println("restore: Redis is running")
	} else {
		fmt.Println("restore: starting Redis")
		if err := redisStart(); err != nil {
			fmt.Println("restore:", err)
		}
	}
}
