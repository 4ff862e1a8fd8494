// Command protected measures what encrypted video costs when it is
// watched: segment serving throughput of encrypted (cbcs) against clear
// segments of the same content, and the latency of key requests (the
// ClearKey license endpoint, which asks the access policy every time)
// under about a thousand simulated viewers.
//
//	go run ./bench/protected [-rounds 3] [-d 8s] [-c 64] [-viewers 1000] [-students 20]
//
// Lectern runs as its own process (`lectern serve`); the load comes from
// wrk, another process. Setup is done in-process first: an instructor, a
// free course whose lecture has a 10 s 1080p clip transcoded, packaged and
// encrypted by the normal pipeline, and students enrolled in it. The clear
// twin of the benchmarked segment is made by decrypting it with the key
// and is stored beside it, so both are served by the same code path.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lectern/lectern/bench/internal/mediakit"
	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/media/pack"
	"github.com/lectern/lectern/internal/store"
)

const secret = "bench-protected-secret-0123456789abcdef"

func main() {
	rounds := flag.Int("rounds", 3, "rounds of the segment comparison")
	dur := flag.Duration("d", 8*time.Second, "duration of each wrk run")
	conns := flag.Int("c", 64, "connections for segment serving")
	viewers := flag.Int("viewers", 1000, "simulated viewers (wrk connections) asking for keys")
	students := flag.Int("students", 20, "enrolled students whose tokens the viewers use")
	flag.Parse()
	if _, err := exec.LookPath("wrk"); err != nil {
		log.Fatal("wrk not found: apt-get install -y wrk")
	}
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) == nil && rl.Cur < 65536 {
		rl.Cur = min(65536, rl.Max)
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl) // wrk and lectern inherit it
	}
	ctx := context.Background()
	dataDir, err := os.MkdirTemp("", "bench-protected-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dataDir)

	// Setup, in-process.
	cfg := config.Default()
	cfg.DataDir, cfg.SecretKey, cfg.Transcodes = dataDir, secret, 1
	cfg.Complete()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		log.Fatal(err)
	}
	ins, err := a.CreateUser(ctx, "ins@bench.test", "bench instructor 42", "Ins", []string{store.RoleInstructor}, true)
	if err != nil {
		log.Fatal(err)
	}
	title, desc, free := "Protected", "Encrypted video.", int64(0)
	t0 := time.Now()
	course, lec, v, err := mediakit.VideoLecture(ctx, a, ins, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &free}, dataDir, 10, "1920x1080")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("setup: 10 s 1080p clip transcoded, packaged and encrypted in %s (video %d, lecture %d)\n", time.Since(t0).Round(time.Millisecond), v.ID, lec.ID)
	if _, err := a.Catalog.Publish(ctx, ins, course.ID); err != nil {
		log.Fatal(err)
	}
	for i := range *students {
		u, err := a.CreateUser(ctx, fmt.Sprintf("s%d@bench.test", i), "bench student 42", "S", []string{"student"}, true)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := a.Commerce.EnrollFree(ctx, u, course.ID); err != nil {
			log.Fatal(err)
		}
	}
	segDir, ok := a.Files.LocalPath(v.OutputPrefix + "/1080p")
	if !ok {
		log.Fatal("storage is not local")
	}
	sk, err := a.DB.VideoKey(ctx, v.ID)
	if err != nil {
		log.Fatal(err)
	}
	keys, _ := auth.NewKeys([]byte(secret))
	sealer, _ := auth.NewSealer(keys.Derive("video keys v1"))
	key, err := sealer.Open(fmt.Sprintf("video key v1 %d", v.ID), sk.Sealed)
	if err != nil {
		log.Fatal(err)
	}
	inits, _ := filepath.Glob(filepath.Join(segDir, "init_*.mp4"))
	if len(inits) != 1 {
		log.Fatalf("init segments: %v", inits)
	}
	_, clearSeg, err := pack.DecryptFile(inits[0], filepath.Join(segDir, "seg_00000.m4s"), key)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(segDir, "clear_00000.m4s"), clearSeg, 0o644); err != nil {
		log.Fatal(err)
	}
	encInfo, _ := os.Stat(filepath.Join(segDir, "seg_00000.m4s"))
	a.Close()

	// Lectern as its own process.
	root, err := mediakit.RepoRoot()
	if err != nil {
		log.Fatal(err)
	}
	bin, err := mediakit.BuildLectern(root)
	if err != nil {
		log.Fatal(err)
	}
	p, err := mediakit.StartLectern(bin, dataDir, "LECTERN_SECRET_KEY="+secret, "LECTERN_TRANSCODES=0", "LECTERN_RATE_LIMITS=login=10000/1m,login_account=10000/1m")
	if err != nil {
		log.Fatal(err)
	}
	defer p.Stop()
	signer := media.NewSigner(time.Hour, keys.Derive("media token v1"))
	token, _ := signer.Token(v.ID, ins.ID)
	base := fmt.Sprintf("%s/media/%d/%s/1080p/", p.Base, v.ID, token)
	fmt.Printf("segment: encrypted %s, clear %s (same samples; the encrypted one adds saiz/saio/senc)\n",
		mediakit.Human(encInfo.Size()), mediakit.Human(int64(len(clearSeg))))

	// 1. Segment serving, clear and encrypted side by side, order rotating.
	fmt.Printf("\n== segment serving: wrk -t2 -c%d -d%s, %d rounds\n", *conns, *dur, *rounds)
	fmt.Printf("%-6s %-10s %12s %12s\n", "round", "segments", "req/s", "MB/s")
	res := map[string][]float64{}
	mbs := map[string][]float64{}
	for r := range *rounds {
		order := []string{"clear", "encrypted"}
		if r%2 == 1 {
			order = []string{"encrypted", "clear"}
		}
		for _, kind := range order {
			file := "seg_00000.m4s"
			if kind == "clear" {
				file = "clear_00000.m4s"
			}
			out := wrk(p.Base, "-t2", fmt.Sprintf("-c%d", *conns), "-d"+dur.String(), base+file)
			rps, mb := field(out, `Requests/sec:\s+([0-9.]+)`), transfer(out)
			res[kind], mbs[kind] = append(res[kind], rps), append(mbs[kind], mb)
			fmt.Printf("%-6d %-10s %12.0f %12.1f\n", r+1, kind, rps, mb)
		}
	}
	mc, me := mediakit.Median(res["clear"]), mediakit.Median(res["encrypted"])
	fmt.Printf("median  clear %.0f req/s (%.1f MB/s), encrypted %.0f req/s (%.1f MB/s): encrypted/clear = %.3f req/s, %.3f MB/s (goal >= 0.9)\n",
		mc, mediakit.Median(mbs["clear"]), me, mediakit.Median(mbs["encrypted"]), me/mc, mediakit.Median(mbs["encrypted"])/mediakit.Median(mbs["clear"]))

	// 2. Key requests under many viewers: each wrk connection is a viewer
	// asking for the key again and again (a worst case: a real player asks
	// once per playback), as one of the enrolled students.
	api := &mediakit.API{Base: p.Base}
	var tokens []string
	for i := range *students {
		if err := api.Login(ctx, fmt.Sprintf("s%d@bench.test", i), "bench student 42"); err != nil {
			log.Fatal(err)
		}
		tokens = append(tokens, api.Token)
	}
	script := filepath.Join(dataDir, "keys.lua")
	var lua strings.Builder
	lua.WriteString("tokens = {")
	for _, t := range tokens {
		fmt.Fprintf(&lua, "%q,", t)
	}
	fmt.Fprintf(&lua, "}\nlocal body = '{\"type\":\"temporary\"}'\nrequest = function()\n  return wrk.format(\"POST\", %q, {[\"Content-Type\"] = \"application/json\", [\"Authorization\"] = \"Bearer \" .. tokens[math.random(#tokens)]}, body)\nend\n", fmt.Sprintf("/api/v1/media/keys/%d", v.ID))
	fmt.Fprintf(&lua, "done = function(summary, latency, requests)\n  io.write(string.format(\"non2xx %%d\\n\", summary.errors.status))\nend\n")
	if err := os.WriteFile(script, []byte(lua.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\n== key requests: POST /api/v1/media/keys/%d as %d enrolled students, wrk -t2 --latency -d%s\n", v.ID, len(tokens), *dur)
	fmt.Printf("%-9s %10s %9s %9s %9s %9s %8s\n", "viewers", "req/s", "p50", "p90", "p99", "max", "non-2xx")
	for _, c := range []int{100, *viewers} {
		out := wrk(p.Base, "-t2", fmt.Sprintf("-c%d", c), "-d"+dur.String(), "--latency", "--timeout", "10s", "-s", script, p.Base+"/")
		fmt.Printf("%-9d %10.0f %9s %9s %9s %9s %8s\n", c, field(out, `Requests/sec:\s+([0-9.]+)`), str(out, `\s50%\s+(\S+)`), str(out, `\s90%\s+(\S+)`),
			str(out, `\s99%\s+(\S+)`), str(out, `Latency\s+\S+\s+\S+\s+(\S+)`), str(out, `non2xx (\d+)`))
	}
}

func wrk(_ string, args ...string) string {
	out, err := exec.Command("wrk", args...).CombinedOutput()
	if err != nil {
		log.Fatalf("wrk %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func str(s, re string) string {
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		return "?"
	}
	return m[1]
}

func field(s, re string) float64 {
	f, _ := strconv.ParseFloat(str(s, re), 64)
	return f
}

// transfer reads wrk's Transfer/sec in MB/s.
func transfer(s string) float64 {
	m := regexp.MustCompile(`Transfer/sec:\s+([0-9.]+)([KMG]?B)`).FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	switch m[2] {
	case "KB":
		f /= 1024
	case "GB":
		f *= 1024
	}
	return f
}
