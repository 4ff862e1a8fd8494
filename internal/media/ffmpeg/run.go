package ffmpeg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// waitDelay bounds how long Run waits for ffmpeg's pipes to close after the
// process is gone (or was killed), so a stuck descendant cannot hang a worker.
const waitDelay = 5 * time.Second

// stderrTail is how much of ffmpeg's stderr is kept for error messages: the
// cause of a failure is in the last lines, and a long job must not buffer
// megabytes of log.
const stderrTail = 4 << 10

// progressInterval is the least time between two progress reports; ffmpeg
// writes a block about twice a second and the UI needs no more than one.
const progressInterval = time.Second

// Command is one ffmpeg invocation: the arguments (without the program name),
// the directory it runs in (the ladder writes paths relative to it) and the
// duration of the media it processes, which turns ffmpeg's out_time into a
// fraction done.
type Command struct {
	Args     []string
	Dir      string
	Duration time.Duration
	// Memory (bytes of address space) and CPUSeconds bound the process;
	// 0 means no limit. Going over either gives a *RejectError.
	Memory     uint64
	CPUSeconds uint64
}

// Progress is what a running ffmpeg reported last.
type Progress struct {
	OutTime  time.Duration // media time written so far
	Fraction float64       // OutTime / Duration, 0..1; 0 when the duration is unknown
	Speed    float64       // multiple of realtime; 0 when ffmpeg has not said yet
	Done     bool          // ffmpeg said progress=end
}

// ExitError is ffmpeg or ffprobe failing on its own (not killed by us): the
// exit status and the tail of its stderr, for the log. It is not safe to show
// to an instructor; see RejectError for that.
type ExitError struct {
	Program string
	Err     error
	Stderr  string
}

func (e *ExitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		return fmt.Sprintf("%s: %v", e.Program, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", e.Program, e.Err, msg)
}

func (e *ExitError) Unwrap() error { return e.Err }

// Run runs ffmpeg at path with c and reports progress read from
// `-progress pipe:1` (which c.Args must contain for onProgress to be called) at
// most about once a second, plus once at the end. Cancelling ctx kills ffmpeg's
// whole process group, so no encoder outlives the job. Run does not take a
// Limiter slot; Transcode does, callers running their own commands should too.
func Run(ctx context.Context, path string, c Command, onProgress func(Progress)) error {
	cmd := command(ctx, path, c.Args)
	cmd.Dir = c.Dir
	pw := &progressWriter{duration: c.Duration, report: onProgress}
	cmd.Stdout = &lineWriter{line: pw.line}
	tail := &tailBuffer{max: stderrTail}
	cmd.Stderr = tail
	if err := cmd.Start(); err != nil {
		return runError(ctx, "ffmpeg", err, tail)
	}
	if err := setLimits(cmd.Process.Pid, c.Memory, c.CPUSeconds); err != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		return fmt.Errorf("ffmpeg: limiting memory and CPU time: %w", err)
	}
	err := cmd.Wait()
	if err != nil && ctx.Err() == nil {
		if rej := overLimit(err, tail.String(), c); rej != nil {
			return rej
		}
	}
	return runError(ctx, "ffmpeg", err, tail)
}

// overLimit recognises ffmpeg stopped by its limits: SIGXCPU or SIGKILL
// from the CPU-time limit, or an allocation that failed (ffmpeg says so and
// exits, or crashes) under the memory limit. The video is what costs too
// much, so retrying cannot help: a RejectError the instructor can read.
func overLimit(err error, stderr string, c Command) *RejectError {
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return nil
	}
	ws, _ := exitErr.Sys().(syscall.WaitStatus)
	// ffmpeg catches SIGXCPU and exits on its own, so judge by the CPU
	// time it used as well as by the signal.
	used := exitErr.UserTime() + exitErr.SystemTime()
	if c.CPUSeconds > 0 && (used >= time.Duration(c.CPUSeconds)*time.Second-100*time.Millisecond ||
		ws.Signaled() && (ws.Signal() == syscall.SIGXCPU || ws.Signal() == syscall.SIGKILL)) {
		return reject(err, "Processing this video took more computing time than a video of its length may (%d CPU seconds). Export it at a lower frame rate or size and upload it again.", c.CPUSeconds)
	}
	low := strings.ToLower(stderr)
	if c.Memory > 0 && (strings.Contains(low, "cannot allocate memory") || strings.Contains(low, "malloc") ||
		strings.Contains(low, "out of memory") || strings.Contains(low, "max_alloc") ||
		strings.Contains(low, "failed to map") ||
		(ws.Signaled() && (ws.Signal() == syscall.SIGSEGV || ws.Signal() == syscall.SIGABRT || ws.Signal() == syscall.SIGBUS))) {
		return reject(err, "Processing this video needed more memory than allowed (%d MiB); its frames may be too large. Export it at a smaller size and upload it again.", c.Memory>>20)
	}
	return nil
}

// command prepares path with args so that cancelling ctx kills the process and
// everything it started: the child gets its own process group and Cancel
// signals the group, not just the pid exec knows about.
func command(ctx context.Context, path string, args []string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
	cmd.Cancel = func() error {
		// With Setpgid the group id is the child's pid; a negative pid
		// addresses the whole group.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = waitDelay
	return cmd
}

// runError turns the result of cmd.Run into what callers can act on: the
// context's error when we killed it (so a cancelled job is not mistaken for a
// bad file), an ExitError with the stderr tail otherwise.
func runError(ctx context.Context, program string, err error, tail *tailBuffer) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", program, context.Cause(ctx))
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return &ExitError{Program: program, Err: err, Stderr: tail.String()}
	}
	return fmt.Errorf("%s: %w", program, err) // not started: missing binary, bad dir
}

// progressWriter parses ffmpeg's -progress output: blocks of key=value lines,
// each ended by progress=continue or progress=end.
type progressWriter struct {
	duration time.Duration
	report   func(Progress)
	cur      Progress
	last     time.Time
}

func (w *progressWriter) line(l string) {
	key, val, ok := strings.Cut(l, "=")
	if !ok {
		return
	}
	switch key {
	case "out_time_us":
		// out_time_ms carries microseconds too in ffmpeg 5.1 (a historic
		// bug), so read the key whose name says what it holds.
		if us, err := strconv.ParseInt(val, 10, 64); err == nil && us >= 0 {
			w.cur.OutTime = time.Duration(us) * time.Microsecond
		}
	case "speed":
		if s, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(val), "x"), 64); err == nil {
			w.cur.Speed = s
		}
	case "progress":
		w.cur.Done = val == "end"
		if w.duration > 0 {
			w.cur.Fraction = min(1, float64(w.cur.OutTime)/float64(w.duration))
		}
		if w.cur.Done {
			w.cur.Fraction = 1
		}
		now := time.Now()
		if w.report != nil && (w.cur.Done || now.Sub(w.last) >= progressInterval) {
			w.last = now
			w.report(w.cur)
		}
	}
}

// lineWriter hands each complete line written to it, trimmed, to line.
type lineWriter struct {
	partial []byte
	line    func(string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		w.line(string(bytes.TrimSpace(w.partial[:i])))
		w.partial = w.partial[i+1:]
	}
	return len(p), nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }

// Limiter bounds how many encodes run at once. x264 already uses every core,
// so a second concurrent ladder only makes both slower and doubles memory; on
// a 2-core machine one at a time is right. The app makes one from its config
// and passes it in each Job; DefaultLimiter is used when a Job has none.
//
// Slots are shared fairly between owners (instructors): a free slot goes
// to the waiting owner with the fewest encodes running, then to the one
// served longest ago, then to the earliest waiter. One instructor's fifty
// uploads therefore take turns with everyone else's instead of going first.
type Limiter struct {
	mu      sync.Mutex
	slots   int
	used    int
	running map[int64]int
	served  map[int64]uint64 // owner → when last granted (a counter)
	clock   uint64
	waiting []*waiter
}

type waiter struct {
	owner int64
	seq   uint64
	ready chan struct{}
}

// DefaultLimiter allows one encode at a time.
var DefaultLimiter = NewLimiter(1)

// NewLimiter allows n encodes at once (at least one).
func NewLimiter(n int) *Limiter {
	return &Limiter{slots: max(n, 1), running: map[int64]int{}, served: map[int64]uint64{}}
}

// Acquire waits for a free slot or for ctx to end, for an owner of no
// account (tools and benchmarks).
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	return l.AcquireFor(ctx, 0)
}

// AcquireFor waits for a free slot for owner's work, or for ctx to end.
// The returned release must be called once the work is done; calling it
// again does nothing.
func (l *Limiter) AcquireFor(ctx context.Context, owner int64) (release func(), err error) {
	l.mu.Lock()
	l.clock++
	w := &waiter{owner: owner, seq: l.clock, ready: make(chan struct{})}
	l.waiting = append(l.waiting, w)
	l.grant()
	l.mu.Unlock()
	select {
	case <-w.ready:
	case <-ctx.Done():
		l.mu.Lock()
		select {
		case <-w.ready: // granted meanwhile: hand the slot on
			l.done(owner)
		default:
			l.waiting = slices.DeleteFunc(l.waiting, func(x *waiter) bool { return x == w })
		}
		l.mu.Unlock()
		return nil, context.Cause(ctx)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.done(owner)
			l.mu.Unlock()
		})
	}, nil
}

// done frees owner's slot and grants it on; l.mu is held.
func (l *Limiter) done(owner int64) {
	l.used--
	if l.running[owner]--; l.running[owner] <= 0 {
		delete(l.running, owner)
	}
	l.grant()
}

// grant hands free slots to the fairest waiters; l.mu is held.
func (l *Limiter) grant() {
	for len(l.waiting) > 0 && l.used < l.slots {
		best := 0
		for i, w := range l.waiting[1:] {
			if l.before(w, l.waiting[best]) {
				best = i + 1
			}
		}
		w := l.waiting[best]
		l.waiting = slices.Delete(l.waiting, best, best+1)
		l.running[w.owner]++
		l.used++
		l.clock++
		l.served[w.owner] = l.clock
		close(w.ready)
	}
}

// before says whether a should be served before b.
func (l *Limiter) before(a, b *waiter) bool {
	if ra, rb := l.running[a.owner], l.running[b.owner]; ra != rb {
		return ra < rb
	}
	if sa, sb := l.served[a.owner], l.served[b.owner]; sa != sb {
		return sa < sb
	}
	return a.seq < b.seq
}
