// Command fastpath measures what the fast path saves: the same H.264/AAC
// upload (generated here: testsrc2 + a sine, x264 with a keyframe every 48
// frames and a bit rate under the top rung's cap, AAC stereo 48 kHz unless
// -audio-rate/-audio-channels say otherwise) goes through
// ffmpeg.Transcode (probe, encode, master playlist, thumbnails) twice per
// round, interleaved over several rounds:
//
//	F  full ladder: every rung encoded (Job.FullLadder, as before the fast path)
//	P  fast path: the rung of the source's size copied, the others encoded
//
// It prints wall and CPU time per run, the medians and the median ratio
// P/F (goal wall ≤ 0.5), and checks that P really copied a rung.
//
//	go run ./bench/fastpath                                   # 60 s 1920x1080 30 fps, stereo 48 kHz, 3 rounds
//	go run ./bench/fastpath -duration 30 -size 1280x720 -rounds 5
package main

import (
	"context"
	"flag"
	"fmt"
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

func main() {
	seconds := flag.Int("duration", 60, "source length in seconds")
	size := flag.String("size", "1920x1080", "source frame size")
	fps := flag.Int("fps", 30, "source frame rate")
	gop := flag.Int("g", 48, "source keyframe interval in frames")
	maxrate := flag.String("maxrate", "4500k", "source video bit rate cap (the 1080p rung's cap is 5000k)")
	rounds := flag.Int("rounds", 3, "rounds; the order of F and P alternates every round")
	arate := flag.Int("audio-rate", 48000, "source audio sample rate (cameras, phones and screen recorders write 48000)")
	achannels := flag.Int("audio-channels", 2, "source audio channels")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("%s not found: apt-get install -y ffmpeg", tool)
		}
	}
	dir, err := os.MkdirTemp("", "lectern-bench-fastpath")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "source.mp4")
	t0 := time.Now()
	d := fmt.Sprint(*seconds)
	gen := exec.Command("ffmpeg", "-v", "error", "-y", "-nostdin",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%s:rate=%d:duration=%s", *size, *fps, d),
		"-f", "lavfi", "-i", "sine=frequency=330:beep_factor=2:duration="+d,
		"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", fmt.Sprint(*gop),
		"-maxrate", *maxrate, "-bufsize", *maxrate, "-c:a", "aac", "-b:a", "128k",
		"-ar", fmt.Sprint(*arate), "-ac", fmt.Sprint(*achannels), "-shortest", src)
	if b, err := gen.CombinedOutput(); err != nil {
		log.Fatalf("making the source: %v: %s", err, b)
	}
	st, _ := os.Stat(src)
	p, err := ffmpeg.Probe(ctx, "ffprobe", src, ffmpeg.Limits{})
	if err != nil {
		log.Fatal(err)
	}
	rungs := ffmpeg.Ladder(p)
	i, why := ffmpeg.FastPath(p, rungs)
	if i < 0 {
		log.Fatalf("the source does not qualify for the fast path: %s", why)
	}
	var names []string
	for _, r := range rungs {
		names = append(names, r.Name)
	}
	audio := "encoded"
	if ffmpeg.AudioCopy(p) {
		audio = "copied"
	}
	fmt.Printf("source: %d s %s %d fps testsrc2 + sine, x264 veryfast -g %d -maxrate %s, AAC %d Hz %d ch 128k; %s, made in %s\n",
		*seconds, *size, *fps, *gop, *maxrate, *arate, *achannels, mediakit.Human(st.Size()), time.Since(t0).Round(time.Millisecond))
	fmt.Printf("ladder: %s + audio; fast path copies %s, audio %s; %d CPUs; %d rounds\n", strings.Join(names, ", "), rungs[i].Name, audio, runtime.NumCPU(), *rounds)

	type method struct {
		key, name string
		full      bool
	}
	methods := []method{{"F", "full ladder (every rung encoded)", true}, {"P", "fast path (top rung copied)", false}}
	wall := map[string][]float64{}
	cpu := map[string][]float64{}
	var ratios []float64
	fmt.Printf("\n%-5s %-3s %-34s %9s %9s %8s\n", "round", "", "method", "wall", "cpu", "x rt")
	for r := 0; r < *rounds; r++ {
		var w [2]float64
		for k := range methods {
			idx := (k + r) % 2
			m := methods[idx]
			out := filepath.Join(dir, fmt.Sprintf("r%d-%s", r, m.key))
			if err := os.Mkdir(out, 0o755); err != nil {
				log.Fatal(err)
			}
			var c0, c1 syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &c0)
			start := time.Now()
			res, err := ffmpeg.Transcode(ctx, ffmpeg.Job{Input: src, OutDir: out, Limiter: ffmpeg.NewLimiter(1), FullLadder: m.full})
			took := time.Since(start)
			_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &c1)
			if err != nil {
				log.Fatalf("round %d %s: %v", r+1, m.key, err)
			}
			if !m.full && res.Copied == "" {
				log.Fatalf("round %d: the fast path was not taken: %s", r+1, res.NotCopied)
			}
			c := (cpuOf(c1) - cpuOf(c0)).Seconds()
			wall[m.key] = append(wall[m.key], took.Seconds())
			cpu[m.key] = append(cpu[m.key], c)
			w[idx] = took.Seconds()
			fmt.Printf("%-5d %-3s %-34s %8.2fs %8.2fs %7.2fx\n", r+1, m.key, m.name, took.Seconds(), c, float64(*seconds)/took.Seconds())
			os.RemoveAll(out)
		}
		ratios = append(ratios, w[1]/w[0])
	}
	fmt.Printf("\nmedians of %d rounds\n", *rounds)
	for _, m := range methods {
		fmt.Printf("  %s %-34s wall %7.2fs  cpu %7.2fs\n", m.key, m.name, mediakit.Median(wall[m.key]), mediakit.Median(cpu[m.key]))
	}
	rw := mediakit.Median(ratios)
	verdict := "meets"
	if rw > 0.5 {
		verdict = "MISSES"
	}
	fmt.Printf("P/F wall, median of the per-round ratios: %.3f (goal ≤ 0.50: %s); cpu ratio of medians %.3f\n",
		rw, verdict, mediakit.Median(cpu["P"])/mediakit.Median(cpu["F"]))
}

func cpuOf(r syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
