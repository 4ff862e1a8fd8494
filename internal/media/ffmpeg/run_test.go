package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Cancelling Run kills the whole process group: here ffmpeg runs under a
// shell, so killing only the pid exec knows (the shell) would leave ffmpeg
// encoding as an orphan. Progress arrives at most about once a second.
func TestRunCancelKillsProcessGroup(t *testing.T) {
	t.Parallel()
	ffmpegPath, _ := tools(t)
	marker := fmt.Sprintf("lectern-run-test-%d", time.Now().UnixNano())
	script := fmt.Sprintf("%q -nostdin -v error -re -f lavfi -i testsrc2=size=160x120:rate=30 -metadata title=%s -progress pipe:1 -nostats -f null - & wait", ffmpegPath, marker)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var times []time.Time
	var last Progress
	onProgress := func(p Progress) {
		times = append(times, time.Now())
		last = p
		if len(times) == 3 {
			cancel()
		}
	}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, "/bin/sh", Command{Args: []string{"-c", script}, Duration: time.Minute}, onProgress)
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 900*time.Millisecond {
			t.Errorf("progress reports %v apart, want about a second", gap)
		}
	}
	if last.OutTime <= 0 || last.Fraction <= 0 || last.Fraction >= 1 || last.Speed <= 0 {
		t.Errorf("last progress %+v", last)
	}
	if pids := processesWith(marker); len(pids) > 0 {
		t.Errorf("ffmpeg survived the cancel: pids %v", pids)
		for _, pid := range pids { // this test's own orphans
			if n, err := strconv.Atoi(pid); err == nil {
				syscall.Kill(n, syscall.SIGKILL)
			}
		}
	}
}

func processesWith(marker string) []string {
	var pids []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err == nil && strings.Contains(string(b), marker) {
			pids = append(pids, filepath.Base(d))
		}
	}
	return pids
}

func TestRunExitError(t *testing.T) {
	t.Parallel()
	ffmpegPath, _ := tools(t)
	err := Run(context.Background(), ffmpegPath, Command{Args: []string{"-nostdin", "-v", "error", "-i", "/nonexistent/in.mp4", "-f", "null", "-"}}, nil)
	var exitErr *ExitError
	if !errors.As(err, &exitErr) || !strings.Contains(exitErr.Stderr, "No such file") {
		t.Errorf("Run = %v, want an ExitError with the stderr tail", err)
	}
}

func TestTailBuffer(t *testing.T) {
	t.Parallel()
	b := &tailBuffer{max: 8}
	for _, s := range []string{"hello ", "world", ", and more"} {
		b.Write([]byte(s))
	}
	if b.String() != "and more" {
		t.Errorf("tail %q", b.String())
	}
}

func TestLimiter(t *testing.T) {
	t.Parallel()
	l := NewLimiter(1)
	release, err := l.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.Acquire(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second Acquire = %v, want to wait until the deadline", err)
	}
	release()
	release() // twice is harmless
	r2, err := l.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r2()
}

// TestLimiterTakesTurnsBetweenOwners: instructor 1 queued four videos
// before instructor 2 queued two; with one slot they take turns instead of
// instructor 2 waiting for all of instructor 1's.
func TestLimiterTakesTurnsBetweenOwners(t *testing.T) {
	t.Parallel()
	l := NewLimiter(1)
	ctx := context.Background()
	first, err := l.AcquireFor(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	type grant struct {
		name    string
		release func()
	}
	granted := make(chan grant)
	queue := func(owner int64, name string) {
		waiting := len(l.snapshot())
		go func() {
			r, err := l.AcquireFor(ctx, owner)
			if err != nil {
				t.Error(err)
				return
			}
			granted <- grant{name, r}
		}()
		// Wait until it is in the line, so the order of arrival is known.
		for len(l.snapshot()) == waiting {
			time.Sleep(time.Millisecond)
		}
	}
	for _, n := range []string{"a2", "a3", "a4"} {
		queue(1, n)
	}
	queue(2, "b1")
	queue(2, "b2")
	var order []string
	first()
	for range 5 {
		g := <-granted
		order = append(order, g.name)
		g.release()
	}
	if got, want := strings.Join(order, " "), "b1 a2 b2 a3 a4"; got != want {
		t.Errorf("served %s, want %s", got, want)
	}

	// Two slots, both owner 1's: when one frees, it goes to owner 4 who
	// runs nothing, though owner 1's third job was waiting first.
	l2 := NewLimiter(2)
	r1, _ := l2.AcquireFor(ctx, 1)
	r2, _ := l2.AcquireFor(ctx, 1)
	late := make(chan string, 2)
	for i, owner := range []int64{1, 4} {
		go func() {
			r, err := l2.AcquireFor(ctx, owner)
			if err == nil {
				late <- fmt.Sprintf("owner %d", owner)
				r()
			}
		}()
		for len(l2.snapshot()) <= i {
			time.Sleep(time.Millisecond)
		}
	}
	r1()
	if got := <-late; got != "owner 4" {
		t.Errorf("the freed slot went to %s, want owner 4", got)
	}
	r2()
	if got := <-late; got != "owner 1" {
		t.Errorf("then %s", got)
	}
}

// snapshot lists the waiting owners in arrival order.
func (l *Limiter) snapshot() []int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]int64, len(l.waiting))
	for i, w := range l.waiting {
		out[i] = w.owner
	}
	return out
}
