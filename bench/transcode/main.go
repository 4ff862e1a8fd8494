// Command transcode measures the video ladder encode three ways on one
// generated source, interleaved over several rounds, and prints wall time,
// CPU time and the ratios:
//
//	A  ffmpeg.Transcode: probe + the one-pass ladder + master playlist + thumbnails
//	B  the same one-pass ffmpeg command (ffmpeg.TranscodeArgs), run by hand
//	C  one ffmpeg process per rung with the same encoder settings, plus one
//	   for the audio rendition, one after the other
//
// A/B is what the Go job adds around ffmpeg (goal ≤ 1.10); B/C is what
// decoding once and encoding every rung in one process saves (goal ≤ 0.85).
//
//	go run ./bench/transcode                       # 30 s 1280x720 30 fps, 3 rounds
//	go run ./bench/transcode -duration 60 -size 1920x1080 -rounds 5
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/lectern/lectern/bench/internal/mediakit"
	"github.com/lectern/lectern/internal/media/ffmpeg"
)

type method struct {
	key, name string
	run       func(ctx context.Context, out string) error
}

type sample struct {
	wall, cpu, self time.Duration // cpu: waited-for children (ffmpeg, ffprobe); self: this process
	bytes           int64
	files           int
}

func main() {
	seconds := flag.Int("duration", 30, "source length in seconds")
	size := flag.String("size", "1280x720", "source frame size")
	fps := flag.Int("fps", 30, "source frame rate")
	rounds := flag.Int("rounds", 3, "rounds; the order of A, B and C rotates every round")
	keep := flag.Bool("keep", false, "keep the working directory")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("%s not found: apt-get install -y ffmpeg", tool)
		}
	}
	dir, err := os.MkdirTemp("", "lectern-bench-transcode")
	if err != nil {
		log.Fatal(err)
	}
	if *keep {
		fmt.Println("working directory:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	src := filepath.Join(dir, "source.mp4")
	t0 := time.Now()
	if err := mediakit.MakeClip(src, *seconds, *size, *fps); err != nil {
		log.Fatal(err)
	}
	st, _ := os.Stat(src)
	p, err := ffmpeg.Probe(ctx, "ffprobe", src, ffmpeg.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	rungs := ffmpeg.Ladder(p)
	oneArgs, err := ffmpeg.TranscodeArgs(src, p, rungs)
	if err != nil {
		log.Fatal(err)
	}
	perRung, err := perRungArgs(oneArgs, rungs)
	if err != nil {
		log.Fatal(err)
	}
	var names []string
	for _, r := range rungs {
		names = append(names, fmt.Sprintf("%s %dx%d", r.Name, r.Width, r.Height))
	}
	fmt.Printf("source: %d s %s %d fps testsrc2 + sine, %s, made in %s\n", *seconds, *size, *fps, mediakit.Human(st.Size()), time.Since(t0).Round(time.Millisecond))
	fmt.Printf("ladder: %s + audio; %d CPUs (GOMAXPROCS %d); %d rounds\n", strings.Join(names, ", "), runtime.NumCPU(), runtime.GOMAXPROCS(0), *rounds)
	fmt.Println("cpu = user+sys of waited-for children (ffprobe, ffmpeg); go = this process's own CPU during the run")

	methods := []method{
		{"A", "ffmpeg.Transcode (probe+ladder+master+thumbs)", func(ctx context.Context, out string) error {
			_, err := ffmpeg.Transcode(ctx, ffmpeg.Job{Input: src, OutDir: out, Limiter: ffmpeg.NewLimiter(1)})
			return err
		}},
		{"B", "same one-pass ffmpeg command by hand", func(ctx context.Context, out string) error {
			return runFFmpeg(ctx, out, oneArgs)
		}},
		{"C", fmt.Sprintf("one ffmpeg per rung (%d processes)", len(perRung)), func(ctx context.Context, out string) error {
			for _, args := range perRung {
				// One variant per command: ffmpeg makes no directory
				// then (with %v it does), so make the rung's own.
				if err := os.MkdirAll(filepath.Join(out, filepath.Dir(args[len(args)-1])), 0o755); err != nil {
					return err
				}
				if err := runFFmpeg(ctx, out, args); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	results := map[string][]sample{}
	lastB := ""
	fmt.Printf("\n%-5s %-3s %-46s %9s %9s %7s %7s %10s\n", "round", "", "method", "wall", "cpu", "go", "x rt", "output")
	for r := 0; r < *rounds; r++ {
		for i := range methods {
			m := methods[(i+r)%len(methods)]
			out := filepath.Join(dir, fmt.Sprintf("r%d-%s", r, m.key))
			if err := os.Mkdir(out, 0o755); err != nil {
				log.Fatal(err)
			}
			s, err := measure(ctx, out, m.run)
			if err != nil {
				log.Fatalf("round %d %s: %v", r+1, m.key, err)
			}
			results[m.key] = append(results[m.key], s)
			fmt.Printf("%-5d %-3s %-46s %8.2fs %8.2fs %6.2fs %6.2fx %10s\n", r+1, m.key, m.name, s.wall.Seconds(), s.cpu.Seconds(), s.self.Seconds(),
				float64(*seconds)/s.wall.Seconds(), fmt.Sprintf("%s/%d", mediakit.Human(s.bytes), s.files))
			if m.key == "B" {
				lastB = out // kept for the breakdown of A's extra steps
			} else if !*keep {
				os.RemoveAll(out)
			}
		}
	}
	med := func(key string, f func(sample) time.Duration) float64 {
		var xs []float64
		for _, s := range results[key] {
			xs = append(xs, f(s).Seconds())
		}
		return mediakit.Median(xs)
	}
	wall := func(s sample) time.Duration { return s.wall }
	cpu := func(s sample) time.Duration { return s.cpu }
	fmt.Printf("\nmedians of %d rounds\n", *rounds)
	for _, m := range methods {
		fmt.Printf("  %s %-46s wall %7.2fs  cpu %7.2fs  %5.2fx realtime\n", m.key, m.name, med(m.key, wall), med(m.key, cpu), float64(*seconds)/med(m.key, wall))
	}
	ratio := func(label, a, b string, goal float64) {
		w, c := med(a, wall)/med(b, wall), med(a, cpu)/med(b, cpu)
		verdict := "meets"
		if w > goal {
			verdict = "MISSES"
		}
		fmt.Printf("  %s: wall %.3f, cpu %.3f  (goal wall ≤ %.2f: %s)\n", label, w, c, goal, verdict)
	}
	fmt.Println("ratios of the medians")
	ratio("A/B (Go job over the bare command)", "A", "B", 1.10)
	ratio("B/C (one pass over one process per rung)", "B", "C", 0.85)

	// What A does besides the encode, each step timed alone on the last
	// B output (medians of 3).
	steps := []struct {
		name string
		f    func() error
	}{
		{"ffmpeg.Probe", func() error { _, err := ffmpeg.Probe(ctx, "ffprobe", src, ffmpeg.Limits{}); return err }},
		{"ffmpeg.WriteMasterPlaylist", func() error { _, err := ffmpeg.WriteMasterPlaylist(lastB, rungs, p); return err }},
		{"ffmpeg.MakeThumbnails", func() error {
			_, err := ffmpeg.MakeThumbnails(ctx, "ffmpeg", lastB, ffmpeg.ThumbnailSource(rungs), p.Duration)
			return err
		}},
	}
	fmt.Println("A's steps besides the encode, alone (median of 3)")
	for _, st := range steps {
		var ws, cs []float64
		for range 3 {
			s, err := measure(ctx, lastB, func(context.Context, string) error { return st.f() })
			if err != nil {
				log.Fatalf("%s: %v", st.name, err)
			}
			ws, cs = append(ws, s.wall.Seconds()), append(cs, (s.cpu+s.self).Seconds())
		}
		fmt.Printf("  %-28s wall %6.3fs  cpu %6.3fs\n", st.name, mediakit.Median(ws), mediakit.Median(cs))
	}
}

// measure runs f in out and takes wall time, the CPU of the children it
// waited for (rusage) and this process's own CPU.
func measure(ctx context.Context, out string, f func(context.Context, string) error) (sample, error) {
	var c0, c1, s0, s1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &c0)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &s0)
	start := time.Now()
	err := f(ctx, out)
	wall := time.Since(start)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &c1)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &s1)
	s := sample{wall: wall, cpu: cpuOf(c1) - cpuOf(c0), self: cpuOf(s1) - cpuOf(s0)}
	_ = filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				s.bytes += info.Size()
				s.files++
			}
		}
		return nil
	})
	return s, err
}

func cpuOf(r syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// runFFmpeg runs ffmpeg with args in dir, as ffmpeg.Run would (progress on
// stdout is read and dropped), without the package around it.
func runFFmpeg(ctx context.Context, dir string, args []string) error {
	cmd := exec.CommandContext(ctx, "ffmpeg", args...)
	cmd.Dir = dir
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ffmpeg %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return nil
}

// valueless are the options of TranscodeArgs that take no value.
var valueless = map[string]bool{"-nostdin": true, "-hide_banner": true, "-nostats": true, "-y": true}

// perRungArgs derives, from the one-pass command, one command per rung and
// one for audio with the same settings: the same input options, the rung's
// own filter chain from the filter graph, the shared video options, the
// rung's ":v:i" options as ":v", the audio options for the audio command,
// and the same HLS options writing to the same layout (rung/index.m3u8,
// rung/init_rung.mp4, rung/seg_%05d.m4s).
func perRungArgs(one []string, rungs []ffmpeg.Rung) ([][]string, error) {
	in := -1
	for i, a := range one {
		if a == "-i" {
			in = i
			break
		}
	}
	if in < 0 {
		return nil, fmt.Errorf("no -i in %q", one)
	}
	head := one[:in+2] // global and input options, -i input
	type opt struct{ k, v string }
	var opts []opt
	rest := one[in+2 : len(one)-1] // the last argument is the output
	for i := 0; i < len(rest); i++ {
		if valueless[rest[i]] || i+1 == len(rest) {
			opts = append(opts, opt{rest[i], ""})
			continue
		}
		opts = append(opts, opt{rest[i], rest[i+1]})
		i++
	}
	var graph string
	for _, o := range opts {
		if o.k == "-filter_complex" {
			graph = o.v
		}
	}
	// "[0:0]split=3[s0][s1][s2];[s0]scale=…[v0];…", perhaps "[0:0]fps=60,split=…"
	parts := strings.Split(graph, ";")
	if len(parts) != len(rungs)+1 || !strings.Contains(parts[0], "split=") {
		return nil, fmt.Errorf("unexpected filter graph %q", graph)
	}
	source := parts[0][:strings.Index(parts[0], "split=")] // "[0:0]" or "[0:0]fps=60,"
	audioOpts := map[string]bool{"-c:a": true, "-b:a": true, "-ac": true, "-ar": true}
	hlsLayout := map[string]bool{"-hls_fmp4_init_filename": true, "-hls_segment_filename": true, "-var_stream_map": true}
	hls := func(name string) []string {
		return []string{"-hls_fmp4_init_filename", "init_" + name + ".mp4", "-hls_segment_filename", name + "/seg_%05d.m4s", name + "/" + ffmpeg.MediaPlaylistName}
	}
	var cmds [][]string
	for i, r := range rungs {
		chain := strings.TrimPrefix(parts[i+1], fmt.Sprintf("[s%d]", i))
		chain = strings.TrimSuffix(chain, fmt.Sprintf("[v%d]", i))
		args := append([]string{}, head...)
		args = append(args, "-filter_complex", source+chain+"[v]", "-map", "[v]")
		suffix := fmt.Sprintf(":v:%d", i)
		for _, o := range opts {
			switch {
			case o.k == "-filter_complex" || o.k == "-map" || audioOpts[o.k] || hlsLayout[o.k]:
			case strings.Contains(o.k, ":v:"):
				if strings.HasSuffix(o.k, suffix) {
					args = append(args, strings.TrimSuffix(o.k, suffix)+":v", o.v)
				}
			default:
				args = append(args, o.k)
				if o.v != "" {
					args = append(args, o.v)
				}
			}
		}
		cmds = append(cmds, append(args, hls(r.Name)...))
	}
	// Audio: the same input, the audio map, the audio and HLS options.
	var audioMap string
	for _, o := range opts {
		if o.k == "-map" && strings.HasPrefix(o.v, "0:") {
			audioMap = o.v
		}
	}
	if audioMap != "" {
		args := append([]string{}, head...)
		args = append(args, "-map", audioMap)
		for _, o := range opts {
			switch {
			case o.k == "-filter_complex" || o.k == "-map" || hlsLayout[o.k]:
			case strings.HasPrefix(o.k, "-c:v") || o.k == "-preset" || o.k == "-pix_fmt" || strings.Contains(o.k, ":v"):
			default:
				args = append(args, o.k)
				if o.v != "" {
					args = append(args, o.v)
				}
			}
		}
		cmds = append(cmds, append(args, hls(ffmpeg.AudioName)...))
	}
	return cmds, nil
}
