package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/testdb"
)

// These tests run the real lectern binary as separate processes, so they
// can kill it with SIGKILL in the middle of work and start it again.

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

func lecternBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lectern-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "lectern")
		out, err := exec.Command("go", "build", "-o", binary, "../cmd/lectern").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// proc is one running lectern process.
type proc struct {
	t    *testing.T
	cmd  *exec.Cmd
	URL  string
	log  *bytes.Buffer
	done chan struct{}
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startLectern runs `lectern <cmd>` on dataDir with extra LECTERN_* settings;
// for serve it waits until /healthz answers.
func startLectern(t *testing.T, dataDir, sub string, env ...string) *proc {
	t.Helper()
	addr := freePort(t)
	cmd := exec.Command(lecternBinary(t), sub)
	cmd.Env = append(os.Environ(), "LECTERN_DATA_DIR="+dataDir, "LECTERN_ADDR="+addr, "LECTERN_LOG_LEVEL=info")
	cmd.Env = append(cmd.Env, env...)
	p := &proc{t: t, cmd: cmd, URL: "http://" + addr, log: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(p.kill)
	if sub == "serve" {
		deadline := time.Now().Add(20 * time.Second)
		for {
			if res, err := http.Get(p.URL + "/healthz"); err == nil {
				res.Body.Close()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("lectern did not start:\n%s", p.log)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return p
}

// kill ends the process with SIGKILL: no clean-up runs.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// api makes a JSON request and decodes a JSON answer.
func api(t *testing.T, method, url, token string, body any, want int) map[string]any {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, url, res.StatusCode, want, raw)
	}
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return out
}

// lectureForUpload creates an instructor, a course, a section and a video
// lecture, and returns the instructor's token and the lecture id.
func lectureForUpload(t *testing.T, p *proc, dataDir string) (string, string) {
	t.Helper()
	create := exec.Command(lecternBinary(t), "user", "create", "--email", "teach@x.io", "--password", "teaching pass 42", "--name", "Teach", "--role", "instructor")
	create.Env = append(os.Environ(), "LECTERN_DATA_DIR="+dataDir, "LECTERN_LOG_LEVEL=warn")
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("user create: %v: %s", err, out)
	}
	tok := api(t, "POST", p.URL+"/api/v1/auth/login", "", map[string]string{"email": "teach@x.io", "password": "teaching pass 42"}, 200)["access_token"].(string)
	c := api(t, "POST", p.URL+"/api/v1/courses", tok, map[string]any{"title": "Faults"}, 201)
	s := api(t, "POST", p.URL+"/api/v1/courses/"+c["id"].(string)+"/sections", tok, map[string]any{"title": "S"}, 201)
	l := api(t, "POST", p.URL+"/api/v1/sections/"+s["id"].(string)+"/lectures", tok, map[string]any{"title": "L"}, 201)
	return tok, l["id"].(string)
}

func tusCreate(t *testing.T, base, token, lectureID string, size int) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/uploads", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Length", strconv.Itoa(size))
	req.Header.Set("Upload-Metadata", "lecture_id "+base64.StdEncoding.EncodeToString([]byte(lectureID))+",filename "+base64.StdEncoding.EncodeToString([]byte("v.mp4")))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("create upload: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	return loc[strings.Index(loc, "/api/v1/uploads/"):]
}

func tusOffset(t *testing.T, base, path, token string) int {
	t.Helper()
	req, _ := http.NewRequest("HEAD", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Tus-Resumable", "1.0.0")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("HEAD upload: %d", res.StatusCode)
	}
	n, _ := strconv.Atoi(res.Header.Get("Upload-Offset"))
	return n
}

func tusPatch(base, path, token string, offset int, body io.Reader) (*http.Response, error) {
	req, _ := http.NewRequest("PATCH", base+path, body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Offset", strconv.Itoa(offset))
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		res.Body.Close()
	}
	return res, err
}

// The server is killed with SIGKILL in the middle of a PATCH; after a
// restart the client asks for the offset, sends the rest, and the stored
// file is byte for byte the original.
func TestUploadResumesAfterServerKill(t *testing.T) {
	dataDir := t.TempDir()
	srv := startLectern(t, dataDir, "serve", "LECTERN_TRANSCODES=0")
	token, lecture := lectureForUpload(t, srv, dataDir)
	data := make([]byte, 6<<20)
	for i := range data {
		data[i] = byte(i*7 + i/4096)
	}
	path := tusCreate(t, srv.URL, token, lecture, len(data))

	// First chunk completes; the second is cut off by the kill.
	if res, err := tusPatch(srv.URL, path, token, 0, bytes.NewReader(data[:2<<20])); err != nil || res.StatusCode != 204 {
		t.Fatalf("first PATCH: %v %v", res, err)
	}
	pr, pw := io.Pipe()
	go func() {
		pw.Write(data[2<<20 : 3<<20])
		time.Sleep(300 * time.Millisecond)
		srv.kill()
		pw.CloseWithError(io.ErrUnexpectedEOF)
	}()
	if res, err := tusPatch(srv.URL, path, token, 2<<20, pr); err == nil && res.StatusCode == 204 {
		t.Fatal("the interrupted PATCH succeeded")
	}

	srv = startLectern(t, dataDir, "serve", "LECTERN_TRANSCODES=0")
	off := tusOffset(t, srv.URL, path, token)
	if off < 2<<20 || off > 3<<20 {
		t.Fatalf("offset after restart = %d, want between %d and %d", off, 2<<20, 3<<20)
	}
	if res, err := tusPatch(srv.URL, path, token, off, bytes.NewReader(data[off:])); err != nil || res.StatusCode != 204 {
		t.Fatalf("resumed PATCH: %v %v", res, err)
	}
	files, _ := filepath.Glob(filepath.Join(dataDir, "media", "sources", "*", "*"))
	if len(files) != 1 {
		t.Fatalf("stored sources: %v", files)
	}
	got, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("stored file differs from the upload (%d vs %d bytes)", len(got), len(data))
	}
	v := api(t, "GET", srv.URL+"/api/v1/lectures/"+lecture+"/video", token, nil, 200)
	if v["status"] != "queued" || v["size_bytes"] != float64(len(data)) {
		t.Errorf("video = %v", v)
	}
}

// makeClip renders a test video with ffmpeg and returns its bytes.
func makeClip(t *testing.T, seconds int, size string) []byte {
	t.Helper()
	data, err := os.ReadFile(clipFile(t, seconds, size))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// clipFile renders a test picture with a tone (ffmpeg's lavfi sources) and
// returns the file's path.
func clipFile(t *testing.T, seconds int, size string) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		testdb.Require(t, "SKIP: install ffmpeg (apt-get install -y ffmpeg)")
	}
	out := filepath.Join(t.TempDir(), "clip.mp4")
	b, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%s:rate=30:duration=%d", size, seconds),
		"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:duration=%d", seconds), "-c:v", "libx264", "-preset", "ultrafast",
		"-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", out).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, b)
	}
	return out
}

// ffmpegRunning reports whether an ffmpeg process works on files of dataDir.
func ffmpegRunning(dataDir string) bool {
	out, _ := exec.Command("pgrep", "-f", "ffmpeg.*"+dataDir).Output()
	return len(bytes.TrimSpace(out)) > 0
}

// A worker is killed with SIGKILL half way through a transcode. Its ffmpeg
// dies with it; after another worker starts, the video is requeued (the
// dead job stopped heartbeating), transcoded again and published once.
func TestTranscodeRecoversAfterWorkerKill(t *testing.T) {
	data := makeClip(t, 24, "1280x720")
	dataDir := t.TempDir()
	srv := startLectern(t, dataDir, "serve", "LECTERN_TRANSCODES=0")
	token, lecture := lectureForUpload(t, srv, dataDir)
	workerEnv := []string{"LECTERN_TRANSCODES=1", "LECTERN_STUCK_TRANSCODE_AFTER=4s"}
	worker := startLectern(t, dataDir, "worker", workerEnv...)

	path := tusCreate(t, srv.URL, token, lecture, len(data))
	if res, err := tusPatch(srv.URL, path, token, 0, bytes.NewReader(data)); err != nil || res.StatusCode != 204 {
		t.Fatalf("upload: %v %v", res, err)
	}
	video := func() map[string]any {
		return api(t, "GET", srv.URL+"/api/v1/lectures/"+lecture+"/video", token, nil, 200)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		v := video()
		if v["status"] == "processing" && v["progress"].(float64) >= 0.15 {
			break
		}
		if v["status"] == "ready" || time.Now().After(deadline) {
			t.Fatalf("never caught the transcode half way: %v\n%s", v, worker.log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !ffmpegRunning(dataDir) {
		t.Fatal("no ffmpeg running during the transcode (the check would prove nothing)")
	}
	worker.kill()
	gone := time.Now().Add(3 * time.Second)
	for ffmpegRunning(dataDir) {
		if time.Now().After(gone) {
			t.Fatal("ffmpeg outlived its killed worker")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if v := video(); v["status"] != "processing" {
		t.Fatalf("after the kill: %v", v)
	}

	worker = startLectern(t, dataDir, "worker", workerEnv...)
	deadline = time.Now().Add(120 * time.Second)
	var v map[string]any
	for {
		v = video()
		if v["status"] == "ready" || v["status"] == "failed" || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if v["status"] != "ready" {
		t.Fatalf("video after recovery: %v\n%s", v, worker.log)
	}
	prefixes, _ := filepath.Glob(filepath.Join(dataDir, "media", "videos", "*", "*"))
	if len(prefixes) != 1 {
		t.Errorf("published output directories: %v, want exactly one", prefixes)
	}
	if n := strings.Count(worker.log.String(), `msg="video ready"`); n != 1 {
		t.Errorf("the new worker published %d times:\n%s", n, worker.log)
	}
	if !strings.Contains(worker.log.String(), "queued it again") {
		t.Errorf("the sweeper did not requeue the stuck transcode:\n%s", worker.log)
	}
}

// startCmd prepares a lectern command (not started).
func startCmd(t *testing.T, args ...string) *exec.Cmd {
	return exec.Command(lecternBinary(t), args...)
}
