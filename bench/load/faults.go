package main

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/lectern/lectern/bench/internal/mediakit"
)

const studentPassword = "student password 42"

// cluster is the fault run's system: two serve nodes and a worker on one
// PostgreSQL schema, one S3 bucket (a separate gofakes3 process) and Redis.
type cluster struct {
	bin    string
	work   string
	env    []string
	db     *sql.DB // the schema, for verification
	s3     *proc
	nodes  []*proc // A, B
	worker *proc
	ctx    context.Context

	instructor string // access token
	students   []student
	courses    []course // free published courses: enrollments and subtitle edits
	thumbs     []course // drafts whose thumbnails the load replaces
	archive    []course // drafts with a thumbnail uploaded once, never changed
	video      course   // the published course with the preview video lecture
	lectureID  string
	segPath    []string // media paths under /media/{video}/{token}/ of one rendition
	hlsBase    string   // /media/{video}/{token}/
	jobLects   []string // lectures the PostgreSQL phase uploads videos to
	jobClip    []byte
	pngs       [][]byte

	mu     sync.Mutex
	nextW  int
	writes map[int]*write
	pairs  [][2]int // (student, course) pairs not enrolled yet
	subSeq int
}

type student struct {
	email string
	token string
}

type course struct {
	id, slug string
}

// write is one state-changing request of the load, found again in its
// result through the w= query parameter.
type write struct {
	kind    string // "enroll", "subtitle", "thumbnail"
	student int
	course  int
	value   string // subtitle; thumbnail_url from the answer
	node    string
	code    uint16
	start   time.Time
	end     time.Time
	phase   string
}

func faults(args []string) {
	fs := flag.NewFlagSet("faults", flag.ExitOnError)
	rate := fs.Int("rate", 40, "requests per second of the mixed load, spread over both nodes")
	pgBase := fs.String("pg", "postgres://127.0.0.1:5432/test?sslmode=disable", "PostgreSQL server (a fresh schema is made in it, dropped at the end)")
	redisURL := fs.String("redis", "redis://127.0.0.1:6379/11", "Redis URL for the nodes (127.0.0.1:6379 is stopped and started)")
	only := fs.String("only", "pg,redis,s3,kill", "faults to inject, in this order")
	pgDown := fs.Duration("pg-down", 5*time.Second, "how long PostgreSQL stays stopped")
	redisDown := fs.Duration("redis-down", 10*time.Second, "how long Redis stays stopped")
	s3Pause := fs.Duration("s3-pause", 10*time.Second, "how long the S3 server stays stopped (SIGSTOP)")
	pre := fs.Duration("pre", 5*time.Second, "load before each fault")
	post := fs.Duration("post", 20*time.Second, "load after each fault ends")
	timeout := fs.Duration("timeout", 30*time.Second, "client timeout per request (a hang shows as a latency up to this)")
	students := fs.Int("students", 30, "student accounts")
	nCourses := fs.Int("courses", 30, "free published courses to enroll in and edit")
	keep := fs.Bool("keep-schema", false, "keep the PostgreSQL schema")
	maxRun := fs.Duration("max-run", 20*time.Minute, "stop everything after this long, whatever happens")
	_ = fs.Parse(args)
	watchdog(*maxRun)
	for _, c := range []string{"pg_ctlcluster", "pg_isready", "redis-cli", "redis-server", "ffmpeg"} {
		if _, err := exec.LookPath(c); err != nil {
			die("%s not found", c)
		}
	}
	if !pgReady() || !redisUp() {
		die("PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) must be running; try: go run ./bench/load restore")
	}
	if u, err := url.Parse(*redisURL); err != nil || u.Hostname() != "127.0.0.1" {
		die("-redis must be on 127.0.0.1")
	}
	ctx := context.Background()
	c := &cluster{ctx: ctx, writes: map[int]*write{}}

	// Clean-ups run in reverse: processes stop, then PostgreSQL and Redis
	// are made to run again, then the schema goes.
	schemaURL, schema := freshSchema(*pgBase)
	db, err := sql.Open("pgx", schemaURL)
	check(err, "opening the schema")
	c.db = db
	atExit(func() {
		db.Close()
		if *keep {
			fmt.Printf("kept PostgreSQL schema %s\n", schema)
			return
		}
		if d, err := sql.Open("pgx", *pgBase); err == nil {
			if _, err := d.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
				fmt.Printf("dropping schema %s: %v\n", schema, err)
			}
			d.Close()
		}
	})
	atExit(restoreServices)

	c.work, err = os.MkdirTemp("", "lectern-load-faults")
	check(err, "temp dir")
	atExit(func() { os.RemoveAll(c.work) })
	c.bin, err = mediakit.BuildLectern(c.work)
	check(err, "building lectern")

	// The S3 server: this binary's hidden s3server subcommand, its own process.
	self, err := os.Executable()
	check(err, "own executable")
	s3addr, err := mediakit.FreeAddr()
	check(err, "free port")
	c.s3, err = startProc("s3", exec.Command(self, "s3server", "-addr", s3addr, "-bucket", "lectern-load"), "http://"+s3addr, "/", filepath.Join(c.work, "s3.log"))
	check(err, "starting the S3 server")
	storageURL := "s3://lectern-load?region=us-east-1&use_path_style=true&disable_https=true&anonymous=true&endpoint=" + url.QueryEscape("http://"+s3addr)

	c.env = []string{"LECTERN_DATABASE_URL=" + schemaURL, "LECTERN_STORAGE_URL=" + storageURL, "LECTERN_REDIS_URL=" + *redisURL,
		"LECTERN_SECRET_KEY=" + secretKey, "LECTERN_LOG_LEVEL=warn", noLimits,
		"AWS_ACCESS_KEY_ID=load", "AWS_SECRET_ACCESS_KEY=load-secret", "AWS_REGION=us-east-1"}
	for _, name := range []string{"A", "B"} {
		n, err := c.start(name, "serve", "LECTERN_TRANSCODES=0")
		check(err, "starting node "+name)
		c.nodes = append(c.nodes, n)
	}
	c.worker, err = c.start("worker", "worker", "LECTERN_TRANSCODES=1")
	check(err, "starting the worker")
	fmt.Printf("system: node A %s (pid %d), node B %s (pid %d), worker pid %d, S3 (gofakes3, s3mem) %s pid %d, PostgreSQL schema %s, Redis %s; %d CPUs, load average %s\n",
		c.nodes[0].base, c.nodes[0].pid(), c.nodes[1].base, c.nodes[1].pid(), c.worker.pid(), s3addr, c.s3.pid(), schema, *redisURL, runtime.NumCPU(), loadavg())

	start := time.Now()
	check(c.setup(*students, *nCourses), "setting up")
	fmt.Printf("setup in %s: %d students, %d free published courses, %d thumbnail courses, a published course with a %d-segment preview video, %d lectures for transcode jobs\n",
		time.Since(start).Round(100*time.Millisecond), len(c.students), len(c.courses), len(c.thumbs), len(c.segPath), len(c.jobLects))
	fmt.Printf("load: %d req/s (vegeta, fixed rate), each request to node A or B at random; mix: 29%% list/search, 13%% course page, 4%% categories, 5%% playback API,\n"+
		"      15%% HLS segment (storage), 5%% /readyz, 10%% PATCH course subtitle, 10%% free enrollment, 5%% login, 4%% thumbnail upload (storage); client timeout %s\n", *rate, *timeout)

	stored := c.snapshotFiles()
	fmt.Printf("stored files checked at the end: %d (the video's playlists and segments, %d archived thumbnails)\n", len(stored), len(c.archive))

	for _, f := range strings.Split(*only, ",") {
		switch strings.TrimSpace(f) {
		case "pg":
			c.faultPostgres(*rate, *pre, *pgDown, *post, *timeout)
		case "redis":
			c.faultRedis(*rate, *pre, *redisDown, *post, *timeout)
		case "s3":
			c.faultS3(*rate, *pre, *s3Pause, *post, *timeout)
		case "kill":
			c.faultKill(*rate, *pre, *post, *timeout)
		case "":
		default:
			die("unknown fault %q", f)
		}
	}
	c.verify(stored)
}

// start runs a lectern node with its own data dir; serve nodes must answer
// /readyz.
func (c *cluster) start(name, sub string, env ...string) (*proc, error) {
	dir := filepath.Join(c.work, "node-"+name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	addr, err := mediakit.FreeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(c.bin, sub)
	cmd.Env = append(append(append(os.Environ(), "LECTERN_DATA_DIR="+dir, "LECTERN_ADDR="+addr), c.env...), env...)
	ready := ""
	if sub == "serve" {
		ready = "/readyz"
	}
	return startProc(name, cmd, "http://"+addr, ready, filepath.Join(c.work, name+".log"))
}

func freshSchema(base string) (string, string) {
	b := make([]byte, 4)
	_, _ = crand.Read(b)
	schema := "load_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", base)
	check(err, "PostgreSQL")
	defer db.Close()
	_, err = db.Exec("CREATE SCHEMA " + schema)
	check(err, "creating the schema")
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}

// call is a JSON request to a node that must answer want.
func (c *cluster) call(node int, method, path, token string, body, out any, want ...int) error {
	api := &mediakit.API{Base: c.nodes[node].base, Token: token, HTTP: &http.Client{Timeout: 30 * time.Second}}
	var err error
	for _, w := range want {
		if err = api.Do(c.ctx, method, path, body, out, w); err == nil || !strings.Contains(err.Error(), fmt.Sprintf(", want %d:", w)) {
			return err
		}
	}
	return err
}

// setup makes the accounts, courses, a ready video and the files the load
// uses, through node A (uploads) and B.
func (c *cluster) setup(nStudents, nCourses int) error {
	create := exec.Command(c.bin, "user", "create", "--email", "instructor@load.lectern.dev", "--password", studentPassword, "--name", "Load Instructor", "--role", "instructor")
	create.Env = append(append(os.Environ(), "LECTERN_DATA_DIR="+filepath.Join(c.work, "cli")), c.env...)
	if out, err := create.CombinedOutput(); err != nil {
		return fmt.Errorf("lectern user create: %v: %s", err, out)
	}
	var sess struct {
		AccessToken string `json:"access_token"`
	}
	if err := c.call(0, "POST", "/auth/login", "", map[string]string{"email": "instructor@load.lectern.dev", "password": studentPassword}, &sess, 200); err != nil {
		return err
	}
	c.instructor = sess.AccessToken
	for i := range nStudents {
		email := fmt.Sprintf("student%d@load.lectern.dev", i)
		// Sign-up confirms the email before the account exists, so students
		// are made by the operator command and log in.
		mk := exec.Command(c.bin, "user", "create", "--email", email, "--password", studentPassword, "--name", "Student "+strconv.Itoa(i))
		mk.Env = create.Env
		if out, err := mk.CombinedOutput(); err != nil {
			return fmt.Errorf("lectern user create: %v: %s", err, out)
		}
		if err := c.call(i%2, "POST", "/auth/login", "", map[string]string{"email": email, "password": studentPassword}, &sess, 200); err != nil {
			return err
		}
		c.students = append(c.students, student{email: email, token: sess.AccessToken})
	}

	// Images for thumbnails: different pixels, so different stored keys.
	for i := range 16 {
		img := image.NewRGBA(image.Rect(0, 0, 480, 270))
		for y := range 270 {
			for x := range 480 {
				img.Set(x, y, color.RGBA{uint8(x + i*16), uint8(y + i*8), uint8(i * 15), 255})
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			return err
		}
		c.pngs = append(c.pngs, b.Bytes())
	}

	newCourse := func(title string, publish bool) (course, error) {
		var cr struct {
			ID   string `json:"id"`
			Slug string `json:"slug"`
		}
		var id struct {
			ID string `json:"id"`
		}
		price, cur := int64(0), "USD"
		if err := c.call(1, "POST", "/courses", c.instructor, map[string]any{"title": title, "description_md": "Made by the fault run.", "price_cents": price, "currency": cur}, &cr, 201); err != nil {
			return course{}, err
		}
		if !publish {
			return course{cr.ID, cr.Slug}, nil
		}
		if err := c.call(0, "POST", "/courses/"+cr.ID+"/sections", c.instructor, map[string]any{"title": "Section"}, &id, 201); err != nil {
			return course{}, err
		}
		if err := c.call(1, "POST", "/sections/"+id.ID+"/lectures", c.instructor, map[string]any{"title": "Reading", "kind": "article", "body_md": "Read this."}, &id, 201); err != nil {
			return course{}, err
		}
		if err := c.call(0, "POST", "/courses/"+cr.ID+"/publish", c.instructor, nil, &cr, 200); err != nil {
			return course{}, err
		}
		return course{cr.ID, cr.Slug}, nil
	}
	for i := range nCourses {
		co, err := newCourse(fmt.Sprintf("Fault course %d", i), true)
		if err != nil {
			return err
		}
		c.courses = append(c.courses, co)
	}
	for i := range 5 {
		co, err := newCourse(fmt.Sprintf("Thumbnail course %d", i), false)
		if err != nil {
			return err
		}
		c.thumbs = append(c.thumbs, co)
		co, err = newCourse(fmt.Sprintf("Archive course %d", i), false)
		if err != nil {
			return err
		}
		if err := c.putThumb(i%2, co.id, c.pngs[i]); err != nil {
			return err
		}
		c.archive = append(c.archive, co)
	}
	for s := range c.students {
		for co := range c.courses {
			c.pairs = append(c.pairs, [2]int{s, co})
		}
	}
	rand.Shuffle(len(c.pairs), func(i, j int) { c.pairs[i], c.pairs[j] = c.pairs[j], c.pairs[i] })

	// The video: uploaded through A (tus), transcoded by the worker into S3,
	// played through either node.
	clip := filepath.Join(c.work, "clip.mp4")
	if err := mediakit.MakeClip(clip, 8, "640x360", 30); err != nil {
		return err
	}
	data, err := os.ReadFile(clip)
	if err != nil {
		return err
	}
	if err := mediakit.MakeClip(clip, 12, "854x480", 30); err != nil {
		return err
	}
	if c.jobClip, err = os.ReadFile(clip); err != nil {
		return err
	}
	co, err := newCourse("Fault video course", false)
	if err != nil {
		return err
	}
	var id struct {
		ID string `json:"id"`
	}
	if err := c.call(0, "POST", "/courses/"+co.id+"/sections", c.instructor, map[string]any{"title": "Section"}, &id, 201); err != nil {
		return err
	}
	sec := id.ID
	if err := c.call(0, "POST", "/sections/"+sec+"/lectures", c.instructor, map[string]any{"title": "Preview", "kind": "video", "is_preview": true}, &id, 201); err != nil {
		return err
	}
	c.lectureID = id.ID
	if err := c.tusUpload(0, c.lectureID, data); err != nil {
		return err
	}
	if err := c.waitReady(c.lectureID, 3*time.Minute); err != nil {
		return err
	}
	var pc struct {
		Slug string `json:"slug"`
	}
	if err := c.call(1, "POST", "/courses/"+co.id+"/publish", c.instructor, nil, &pc, 200); err != nil {
		return err
	}
	c.video = course{co.id, pc.Slug}
	var pb struct {
		HLSURL string `json:"hls_url"`
	}
	if err := c.call(1, "GET", "/lectures/"+c.lectureID+"/playback", c.students[0].token, nil, &pb, 200); err != nil {
		return err
	}
	c.hlsBase = strings.TrimSuffix(pb.HLSURL, "master.m3u8")
	rends, err := readLadder(c.nodes[0].base + pb.HLSURL)
	if err != nil {
		return err
	}
	c.segPath = append([]string{"master.m3u8", rends[0].name + "/index.m3u8", rends[0].init}, rends[0].segments...)
	// A draft course whose lectures get the transcode jobs of the
	// PostgreSQL phase.
	jc, err := newCourse("Fault jobs course", false)
	if err != nil {
		return err
	}
	if err := c.call(0, "POST", "/courses/"+jc.id+"/sections", c.instructor, map[string]any{"title": "Section"}, &id, 201); err != nil {
		return err
	}
	sec = id.ID
	for i := range 3 {
		if err := c.call(0, "POST", "/sections/"+sec+"/lectures", c.instructor, map[string]any{"title": fmt.Sprintf("Job %d", i), "kind": "video"}, &id, 201); err != nil {
			return err
		}
		c.jobLects = append(c.jobLects, id.ID)
	}
	return nil
}

func (c *cluster) putThumb(node int, courseID string, img []byte) error {
	req, _ := http.NewRequest("PUT", c.nodes[node].base+"/api/v1/courses/"+courseID+"/thumbnail", bytes.NewReader(img))
	req.Header.Set("Authorization", "Bearer "+c.instructor)
	req.Header.Set("Content-Type", "image/png")
	res, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("PUT thumbnail: %d: %s", res.StatusCode, b)
	}
	return nil
}

// tusUpload sends data as one tus upload to a node (uploads are sticky).
func (c *cluster) tusUpload(node int, lectureID string, data []byte) error {
	client := &http.Client{Timeout: 60 * time.Second}
	req, _ := http.NewRequest("POST", c.nodes[node].base+"/api/v1/uploads", nil)
	req.Header.Set("Authorization", "Bearer "+c.instructor)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Length", strconv.Itoa(len(data)))
	req.Header.Set("Upload-Metadata", "lecture_id "+base64.StdEncoding.EncodeToString([]byte(lectureID))+",filename "+base64.StdEncoding.EncodeToString([]byte("clip.mp4")))
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != 201 {
		return fmt.Errorf("tus create: %s", res.Status)
	}
	loc := res.Header.Get("Location")
	loc = loc[strings.Index(loc, "/api/v1/uploads/"):]
	req, _ = http.NewRequest("PATCH", c.nodes[node].base+loc, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+c.instructor)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Offset", "0")
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	res, err = client.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 204 {
		return fmt.Errorf("tus PATCH: %s: %s", res.Status, b)
	}
	return nil
}

func (c *cluster) videoStatus(lectureID string) string {
	var v struct {
		Status string `json:"status"`
		Error  string `json:"error"`
	}
	if err := c.call(1, "GET", "/lectures/"+lectureID+"/video", c.instructor, nil, &v, 200); err != nil {
		return "unknown (" + err.Error() + ")"
	}
	if v.Error != "" {
		return v.Status + ": " + v.Error
	}
	return v.Status
}

func (c *cluster) waitReady(lectureID string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		s := c.videoStatus(lectureID)
		switch {
		case s == "ready":
			return nil
		case strings.HasPrefix(s, "failed"):
			return fmt.Errorf("video of lecture %s: %s", lectureID, s)
		case time.Now().After(deadline):
			return fmt.Errorf("video of lecture %s not ready after %s: %s\nworker log:\n%s", lectureID, d, s, c.worker.logTail(20))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// snapshotFiles reads every stored file the end check compares: the
// video's files and the archived thumbnails, by URL path → SHA-256.
func (c *cluster) snapshotFiles() map[string]string {
	out := map[string]string{}
	paths := []string{}
	for _, p := range c.segPath {
		paths = append(paths, c.hlsBase+p)
	}
	for _, a := range c.archive {
		var cd struct {
			ThumbnailURL *string `json:"thumbnail_url"`
		}
		check(c.call(0, "GET", "/courses/"+a.id, c.instructor, nil, &cd, 200), "archive course")
		if cd.ThumbnailURL == nil {
			die("archive course %s has no thumbnail", a.id)
		}
		paths = append(paths, *cd.ThumbnailURL)
	}
	for _, p := range paths {
		sum, code, err := fetchSum(c.nodes[1].base + p)
		if err != nil || code != 200 {
			die("reading %s: %d %v", p, code, err)
		}
		out[p] = sum
	}
	return out
}

func fetchSum(u string) (string, int, error) {
	res, err := (&http.Client{Timeout: 30 * time.Second}).Get(u)
	if err != nil {
		return "", 0, err
	}
	defer res.Body.Close()
	h := sha256.New()
	_, err = io.Copy(h, res.Body)
	return hex.EncodeToString(h.Sum(nil)), res.StatusCode, err
}

// The load.

var faultKinds = []string{"list/search", "course page", "categories", "playback API", "segment", "readyz",
	"PATCH subtitle", "enroll", "login", "thumbnail PUT"}

// targeter spreads requests over the nodes that are alive (alive[i]) and
// over the kinds of the mix. Safe for concurrent use.
func (c *cluster) targeter(phase string) vegeta.Targeter {
	return func(t *vegeta.Target) error {
		node := rand.IntN(2)
		nodeName := []string{"A", "B"}[node]
		base := c.nodes[node].base
		api := base + "/api/v1"
		t.Method, t.Body, t.Header = "GET", nil, nil
		auth := func(tok string) http.Header {
			return http.Header{"Authorization": {"Bearer " + tok}, "Content-Type": {"application/json"}}
		}
		switch x := rand.IntN(100); {
		case x < 29:
			if rand.IntN(2) == 0 {
				t.URL = api + "/courses?sort=" + []string{"newest", "rating", "popular"}[rand.IntN(3)]
			} else {
				t.URL = api + "/courses?q=" + url.QueryEscape([]string{"fault", "course", "video", "fault course", "python"}[rand.IntN(5)])
			}
		case x < 42:
			if rand.IntN(5) == 0 {
				t.URL = api + "/courses/" + c.video.slug
			} else {
				t.URL = api + "/courses/" + c.courses[rand.IntN(len(c.courses))].slug
			}
		case x < 46:
			t.URL = api + "/categories"
		case x < 51:
			t.URL = api + "/lectures/" + c.lectureID + "/playback"
		case x < 66:
			t.URL = base + c.hlsBase + c.segPath[3+rand.IntN(len(c.segPath)-3)]
		case x < 71:
			t.URL = base + "/readyz"
		case x < 81:
			c.mu.Lock()
			co := rand.IntN(len(c.courses))
			c.subSeq++
			w := &write{kind: "subtitle", course: co, value: fmt.Sprintf("Edit %d in %s via %s", c.subSeq, phase, nodeName), node: nodeName, phase: phase}
			id := c.register(w)
			c.mu.Unlock()
			t.Method, t.Header = "PATCH", auth(c.instructor)
			t.URL = fmt.Sprintf("%s/courses/%s?w=%d", api, c.courses[co].id, id)
			t.Body, _ = json.Marshal(map[string]string{"subtitle": w.value})
		case x < 91:
			c.mu.Lock()
			if len(c.pairs) == 0 {
				c.mu.Unlock()
				t.URL = api + "/categories"
				return nil
			}
			p := c.pairs[len(c.pairs)-1]
			c.pairs = c.pairs[:len(c.pairs)-1]
			id := c.register(&write{kind: "enroll", student: p[0], course: p[1], node: nodeName, phase: phase})
			c.mu.Unlock()
			t.Method, t.Header = "POST", auth(c.students[p[0]].token)
			t.URL = fmt.Sprintf("%s/courses/%s/enroll?w=%d", api, c.courses[p[1]].id, id)
		case x < 96:
			s := c.students[rand.IntN(len(c.students))]
			t.Method, t.URL, t.Header = "POST", api+"/auth/login", jsonHeader
			t.Body = loginBody(s.email, studentPassword)
		default:
			c.mu.Lock()
			co := rand.IntN(len(c.thumbs))
			id := c.register(&write{kind: "thumbnail", course: co, node: nodeName, phase: phase})
			c.mu.Unlock()
			t.Method = "PUT"
			t.Header = http.Header{"Authorization": {"Bearer " + c.instructor}, "Content-Type": {"image/png"}}
			t.URL = fmt.Sprintf("%s/courses/%s/thumbnail?w=%d", api, c.thumbs[co].id, id)
			t.Body = c.pngs[rand.IntN(len(c.pngs))]
		}
		return nil
	}
}

// register adds w to the registry (c.mu held) and returns its id.
func (c *cluster) register(w *write) int {
	c.nextW++
	c.writes[c.nextW] = w
	return c.nextW
}

// faultKind names a request of the mix from its method and URL.
func faultKind(method, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "other"
	}
	p := u.Path
	switch {
	case method == "PATCH":
		return "PATCH subtitle"
	case method == "PUT":
		return "thumbnail PUT"
	case strings.HasSuffix(p, "/enroll"):
		return "enroll"
	case strings.HasSuffix(p, "/auth/login"):
		return "login"
	case p == "/readyz":
		return "readyz"
	case strings.HasPrefix(p, "/media/"):
		return "segment"
	case strings.HasSuffix(p, "/playback"):
		return "playback API"
	case p == "/api/v1/categories":
		return "categories"
	case p == "/api/v1/courses":
		return "list/search"
	case strings.HasPrefix(p, "/api/v1/courses/"):
		return "course page"
	}
	return "other"
}

func resultNode(c *cluster, r *vegeta.Result) string {
	if strings.HasPrefix(r.URL, c.nodes[0].base+"/") {
		return "A"
	}
	return "B"
}

// mark is a moment of a fault, relative to the start of its phase.
type mark struct {
	at   time.Time
	what string
}

type phaseResult struct {
	name    string
	start   time.Time
	marks   []mark
	results []*vegeta.Result
}

func (p *phaseResult) rel(t time.Time) string {
	return fmt.Sprintf("+%5.1fs", t.Sub(p.start).Seconds())
}

// run loads the cluster for total while action injects the fault; it
// returns every result with the action's marks.
func (c *cluster) run(name string, rate int, total, timeout time.Duration, action func(p *phaseResult, mark func(string))) *phaseResult {
	p := &phaseResult{name: name, start: time.Now()}
	var mu sync.Mutex
	markFn := func(what string) {
		mu.Lock()
		p.marks = append(p.marks, mark{time.Now(), what})
		mu.Unlock()
	}
	done := make(chan struct{})
	go func() { defer close(done); action(p, markFn) }()
	atk := vegeta.NewAttacker(vegeta.Timeout(timeout), vegeta.KeepAlive(true))
	for r := range atk.Attack(c.targeter(name), vegeta.Rate{Freq: rate, Per: time.Second}, total, name) {
		p.results = append(p.results, r)
		if w := c.writeOf(r); w != nil {
			w.code, w.start, w.end = r.Code, r.Timestamp, r.End()
			if w.kind == "thumbnail" && r.Code == 200 {
				var cd struct {
					ThumbnailURL *string `json:"thumbnail_url"`
				}
				if json.Unmarshal(r.Body, &cd) == nil && cd.ThumbnailURL != nil {
					w.value = *cd.ThumbnailURL
				}
			}
		}
		r.Body = trimBody(r)
	}
	<-done
	return p
}

// trimBody keeps the bodies of errors only (problem documents).
func trimBody(r *vegeta.Result) []byte {
	if r.Code >= 400 && len(r.Body) < 4096 {
		return r.Body
	}
	return nil
}

func (c *cluster) writeOf(r *vegeta.Result) *write {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil
	}
	id, err := strconv.Atoi(u.Query().Get("w"))
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes[id]
}

// report prints a phase: its marks, per-kind tables before, during and
// after the fault, a per-second timeline, the 5xx answers and slow requests.
func (c *cluster) report(p *phaseResult, faultStart, faultEnd time.Time, nodes map[string]bool) {
	fmt.Printf("\n---- %s ----\n", p.name)
	for _, m := range p.marks {
		fmt.Printf("  %s  %s\n", p.rel(m.at), m.what)
	}
	windows := []struct {
		name     string
		from, to time.Time
	}{
		{"before", p.start, faultStart},
		{"during", faultStart, faultEnd},
		{"after", faultEnd, p.start.Add(24 * time.Hour)},
	}
	for _, w := range windows {
		if !w.from.Before(p.end()) {
			continue
		}
		g := newGroup(faultKinds...)
		for _, r := range p.results {
			if !r.Timestamp.Before(w.from) && r.Timestamp.Before(w.to) && (nodes == nil || nodes[resultNode(c, r)]) {
				g.add(faultKind(r.Method, r.URL), r)
			}
		}
		label := fmt.Sprintf("%s the fault (requests sent %s … %s)", w.name, p.rel(w.from), p.rel(minTime(w.to, p.end())))
		if nodes != nil {
			label += fmt.Sprintf(", node(s) %v only", keys(nodes))
		}
		fmt.Printf("\n  %s\n", label)
		g.print("    ")
	}

	// Timeline, by the second the request was sent.
	fmt.Printf("\n  timeline (by send time; \"none\" = no answer: timeout or connection error)\n")
	fmt.Printf("    %7s %5s %5s %5s %5s %5s %9s %9s  %s\n", "t", "sent", "2xx", "4xx", "5xx", "none", "p50", "max", "non-2xx kinds")
	type sec struct {
		n, ok, c4, c5, none int
		lat                 []time.Duration
		bad                 map[string]int
	}
	var secs []*sec
	for _, r := range p.results {
		i := int(r.Timestamp.Sub(p.start) / time.Second)
		for len(secs) <= i {
			secs = append(secs, &sec{bad: map[string]int{}})
		}
		s := secs[i]
		s.n++
		s.lat = append(s.lat, r.Latency)
		switch {
		case r.Code >= 200 && r.Code < 300:
			s.ok++
		case r.Code >= 400 && r.Code < 500:
			s.c4++
		case r.Code >= 500:
			s.c5++
		default:
			s.none++
		}
		if r.Code < 200 || r.Code >= 300 {
			s.bad[fmt.Sprintf("%s %d", faultKind(r.Method, r.URL), r.Code)]++
		}
	}
	for i, s := range secs {
		l := sortedCopy(s.lat)
		var bad []string
		for k, v := range s.bad {
			bad = append(bad, fmt.Sprintf("%s×%d", k, v))
		}
		slices.Sort(bad)
		fmt.Printf("    %6ds %5d %5d %5d %5d %5d %9s %9s  %s\n", i, s.n, s.ok, s.c4, s.c5, s.none, ms(pct(l, 0.5)), ms(l[len(l)-1]), strings.Join(bad, " "))
	}

	// 5xx answers: are they problem documents, and which?
	prob := map[string]int{}
	for _, r := range p.results {
		if r.Code >= 500 {
			prob[fmt.Sprintf("%d %s (%s)", r.Code, problemCode(r), faultKind(r.Method, r.URL))]++
		}
	}
	if len(prob) > 0 {
		fmt.Printf("\n  5xx answers by status, problem code and kind:\n")
		for _, k := range sortedKeys(prob) {
			fmt.Printf("    %5d × %s\n", prob[k], k)
		}
	}
	none := map[string]int{}
	for _, r := range p.results {
		if r.Code == 0 {
			e := r.Error
			if i := strings.LastIndex(e, ": "); i >= 0 {
				e = e[i+2:]
			}
			none[fmt.Sprintf("%s: %s", faultKind(r.Method, r.URL), e)]++
		}
	}
	if len(none) > 0 {
		fmt.Printf("\n  requests without an answer:\n")
		for _, k := range sortedKeys(none) {
			fmt.Printf("    %5d × %s\n", none[k], k)
		}
	}
	var slow []*vegeta.Result
	for _, r := range p.results {
		if r.Latency > 5*time.Second {
			slow = append(slow, r)
		}
	}
	fmt.Printf("\n  requests slower than 5 s: %d", len(slow))
	if len(slow) > 0 {
		byKind := map[string][]time.Duration{}
		for _, r := range slow {
			k := fmt.Sprintf("%s → %d", faultKind(r.Method, r.URL), r.Code)
			byKind[k] = append(byKind[k], r.Latency)
		}
		fmt.Printf(" (")
		first := true
		for _, k := range sortedKeys(byKind) {
			l := sortedCopy(byKind[k])
			if !first {
				fmt.Print("; ")
			}
			first = false
			fmt.Printf("%s: %d, max %s", k, len(l), ms(l[len(l)-1]))
		}
		fmt.Printf(")")
	}
	fmt.Println()
}

func (p *phaseResult) end() time.Time {
	var e time.Time
	for _, r := range p.results {
		if r.Timestamp.After(e) {
			e = r.Timestamp
		}
	}
	return e
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (c *cluster) logMarks() []int64 {
	var out []int64
	for _, n := range append(slices.Clone(c.nodes), c.worker) {
		out = append(out, n.logSize())
	}
	return out
}

func (c *cluster) printLogs(from []int64, n int) {
	for i, p := range append(slices.Clone(c.nodes), c.worker) {
		lines := p.logSince(from[i], n)
		if len(lines) == 0 {
			continue
		}
		fmt.Printf("  %s log (distinct lines, first %d):\n", p.name, n)
		for _, l := range lines {
			if len(l) > 220 {
				l = l[:220] + "…"
			}
			fmt.Printf("    %s\n", l)
		}
	}
}

// (a) PostgreSQL stopped (fast shutdown: connections are cut) and started
// again under load; River jobs inserted just before must survive.
func (c *cluster) faultPostgres(rate int, pre, down, post, timeout time.Duration) {
	logs := c.logMarks()
	var stopAt, downAt, startAt, startedAt, upAt time.Time
	type jobRow struct {
		id      int64
		state   string
		attempt int
	}
	var before []jobRow
	jobs := func() ([]jobRow, error) {
		rows, err := c.db.QueryContext(c.ctx, `SELECT id, state, attempt FROM river_job ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []jobRow
		for rows.Next() {
			var j jobRow
			if err := rows.Scan(&j.id, &j.state, &j.attempt); err != nil {
				return nil, err
			}
			out = append(out, j)
		}
		return out, rows.Err()
	}
	var uploadErr error
	total := pre + down + post + 10*time.Second
	p := c.run("(a) PostgreSQL restarted under load", rate, total, timeout, func(p *phaseResult, mark func(string)) {
		// Transcode jobs committed just before the restart.
		time.Sleep(pre - 3*time.Second)
		for i, l := range c.jobLects {
			if err := c.tusUpload(0, l, c.jobClip); err != nil {
				uploadErr = err
				break
			}
			mark(fmt.Sprintf("video %d uploaded (tus through node A): a transcode job is committed", i+1))
		}
		var err error
		before, err = jobs()
		if err != nil {
			uploadErr = err
		}
		time.Sleep(time.Until(p.start.Add(pre)))
		stopAt = time.Now()
		mark("pg_ctlcluster stop -m fast")
		if err := pgctl("stop", "-m", "fast"); err != nil {
			mark("stop failed: " + err.Error())
		}
		downAt = time.Now()
		mark("PostgreSQL stopped")
		time.Sleep(down)
		startAt = time.Now()
		mark("pg_ctlcluster start")
		if err := pgctl("start"); err != nil {
			mark("start failed: " + err.Error())
		}
		startedAt = time.Now()
		mark("pg_ctlcluster start returned")
		_ = waitFor(60*time.Second, pgReady)
		upAt = time.Now()
		mark("PostgreSQL accepts connections (pg_isready)")
	})
	if upAt.IsZero() {
		upAt = time.Now()
	}
	c.report(p, stopAt, upAt, nil)
	if uploadErr != nil {
		fmt.Printf("  uploading the job videos: %v\n", uploadErr)
	}

	// Recovery: the last failed request (sent after the restart began) and
	// the first clean second after PostgreSQL came back.
	var lastBad *vegeta.Result
	for _, r := range p.results {
		if r.Timestamp.After(stopAt) && (r.Code >= 500 || r.Code == 0) && faultKind(r.Method, r.URL) != "segment" {
			if lastBad == nil || r.End().After(lastBad.End()) {
				lastBad = r
			}
		}
	}
	fmt.Printf("\n  PostgreSQL: stop took %.1f s, stopped for %.1f s, start took %.1f s (pg_isready answered %.1f s after the start was issued)\n",
		downAt.Sub(stopAt).Seconds(), startAt.Sub(downAt).Seconds(), startedAt.Sub(startAt).Seconds(), upAt.Sub(startAt).Seconds())
	var n5, nProblem503 int
	for _, r := range p.results {
		if r.Code >= 500 && faultKind(r.Method, r.URL) != "readyz" {
			n5++
			if r.Code == 503 && !strings.HasPrefix(problemCode(r), "NOT") {
				nProblem503++
			}
		}
	}
	fmt.Printf("  API answers ≥ 500 while PostgreSQL was away: %d, of which 503 problem documents: %d (expected: all)\n", n5, nProblem503)
	if lastBad != nil {
		fmt.Printf("  last 5xx/unanswered request ended %s: %.2f s after `pg_ctlcluster start` was issued, %.2f s after it returned (%s node %s → %d)\n",
			p.rel(lastBad.End()), lastBad.End().Sub(startAt).Seconds(), lastBad.End().Sub(startedAt).Seconds(), faultKind(lastBad.Method, lastBad.URL), resultNode(c, lastBad), lastBad.Code)
	} else {
		fmt.Println("  no 5xx or unanswered requests")
	}
	var firstOK time.Time
	for _, r := range p.results {
		if r.Timestamp.After(downAt) && r.Code >= 200 && r.Code < 300 && faultKind(r.Method, r.URL) == "PATCH subtitle" {
			if firstOK.IsZero() || r.End().Before(firstOK) {
				firstOK = r.End()
			}
		}
	}
	if !firstOK.IsZero() {
		fmt.Printf("  first successful write (PATCH) after the stop ended %s, %.2f s after `pg_ctlcluster start` was issued (Lectern not restarted)\n", p.rel(firstOK), firstOK.Sub(startAt).Seconds())
	}
	for i, n := range c.nodes {
		fmt.Printf("  node %s still running: %v (the same process, pid %d)\n", []string{"A", "B"}[i], n.running(), n.pid())
	}
	fmt.Printf("  worker still running: %v\n", c.worker.running())
	c.printLogs(logs, 6)

	// The jobs committed before the restart: still there, and done?
	fmt.Printf("\n  River jobs committed before the restart: %d\n", len(before))
	deadline := time.Now().Add(4 * time.Minute)
	var after []jobRow
	for {
		var err error
		after, err = jobs()
		doneAll := err == nil
		byID := map[int64]jobRow{}
		for _, j := range after {
			byID[j.id] = j
		}
		for _, j := range before {
			if byID[j.id].state != "completed" {
				doneAll = false
			}
		}
		if doneAll || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	byID := map[int64]jobRow{}
	for _, j := range after {
		byID[j.id] = j
	}
	lost := 0
	for _, j := range before {
		a, ok := byID[j.id]
		if !ok {
			lost++
			fmt.Printf("    job %d (%s before): MISSING after the restart\n", j.id, j.state)
			continue
		}
		fmt.Printf("    job %d: %s (attempt %d) before → %s (attempt %d) after\n", j.id, j.state, j.attempt, a.state, a.attempt)
	}
	for i, l := range c.jobLects {
		fmt.Printf("    video %d (lecture %s): %s\n", i+1, l, c.videoStatus(l))
	}
	fmt.Printf("  jobs lost: %d of %d\n", lost, len(before))
}

// (b) Redis stopped: sign-in must fail closed (503), the rest carries on.
func (c *cluster) faultRedis(rate int, pre, down, post, timeout time.Duration) {
	logs := c.logMarks()
	var stopAt, upAt time.Time
	p := c.run("(b) Redis stopped", rate, pre+down+post, timeout, func(p *phaseResult, mark func(string)) {
		time.Sleep(pre)
		stopAt = time.Now()
		if err := redisStop(); err != nil {
			mark("redis stop failed: " + err.Error())
		}
		mark("redis-cli shutdown nosave")
		time.Sleep(down)
		if err := redisStart(); err != nil {
			mark("redis start failed: " + err.Error())
		}
		upAt = time.Now()
		mark("redis-server started, answers PING")
	})
	if upAt.IsZero() {
		upAt = time.Now()
	}
	c.report(p, stopAt, upAt, nil)
	var loginCodes = map[string]int{}
	var other5xx int
	for _, r := range p.results {
		if r.Timestamp.Before(stopAt) || !r.Timestamp.Before(upAt) {
			continue
		}
		if faultKind(r.Method, r.URL) == "login" {
			loginCodes[fmt.Sprintf("%d %s", r.Code, problemCodeOrOK(r))]++
		} else if r.Code >= 500 || r.Code == 0 {
			other5xx++
		}
	}
	fmt.Printf("\n  logins while Redis was down: %v (expected: 503, fail closed)\n", loginCodes)
	fmt.Printf("  other requests failing while Redis was down: %d (expected: 0)\n", other5xx)
	var lastLoginBad time.Time
	for _, r := range p.results {
		if faultKind(r.Method, r.URL) == "login" && r.Code != 200 && r.Timestamp.After(stopAt) && r.End().After(lastLoginBad) {
			lastLoginBad = r.End()
		}
	}
	if !lastLoginBad.IsZero() {
		fmt.Printf("  last failed login ended %.2f s after Redis was back\n", lastLoginBad.Sub(upAt).Seconds())
	}
	c.printLogs(logs, 4)
}

func problemCodeOrOK(r *vegeta.Result) string {
	if r.Code >= 200 && r.Code < 300 {
		return "ok"
	}
	if r.Code == 0 {
		return "no answer"
	}
	return problemCode(r)
}

// (c) The S3 server stopped with SIGSTOP, continued after a while.
func (c *cluster) faultS3(rate int, pre, pause, post, timeout time.Duration) {
	logs := c.logMarks()
	var stopAt, contAt time.Time
	p := c.run("(c) S3 server paused (SIGSTOP)", rate, pre+pause+post, timeout, func(p *phaseResult, mark func(string)) {
		time.Sleep(pre)
		stopAt = time.Now()
		_ = c.s3.cmd.Process.Signal(syscall.SIGSTOP)
		mark(fmt.Sprintf("SIGSTOP to the S3 server (pid %d)", c.s3.pid()))
		time.Sleep(pause)
		_ = c.s3.cmd.Process.Signal(syscall.SIGCONT)
		contAt = time.Now()
		mark("SIGCONT")
	})
	if contAt.IsZero() {
		_ = c.s3.cmd.Process.Signal(syscall.SIGCONT)
		contAt = time.Now()
	}
	c.report(p, stopAt, contAt, nil)
	fmt.Printf("\n  storage requests sent while S3 was stopped (%.1f s):\n", contAt.Sub(stopAt).Seconds())
	for _, k := range []string{"segment", "thumbnail PUT", "readyz"} {
		var lat []time.Duration
		codes := map[string]int{}
		var overResume int
		for _, r := range p.results {
			if faultKind(r.Method, r.URL) != k || r.Timestamp.Before(stopAt) || !r.Timestamp.Before(contAt) {
				continue
			}
			lat = append(lat, r.Latency)
			codes[fmt.Sprintf("%d %s", r.Code, problemCodeOrOK(r))]++
			if r.End().After(contAt.Add(time.Second)) {
				overResume++
			}
		}
		l := sortedCopy(lat)
		if len(l) == 0 {
			continue
		}
		fmt.Printf("    %-14s %4d requests: p50 %s, max %s; %v; %d still unanswered 1 s after SIGCONT\n", k, len(l), ms(pct(l, 0.5)), ms(l[len(l)-1]), codes, overResume)
	}
	var lastBad time.Time
	for _, r := range p.results {
		k := faultKind(r.Method, r.URL)
		if (k == "segment" || k == "thumbnail PUT") && (r.Code >= 500 || r.Code == 0) && r.End().After(lastBad) {
			lastBad = r.End()
		}
	}
	if !lastBad.IsZero() {
		fmt.Printf("  last failed storage request ended %.2f s after SIGCONT\n", lastBad.Sub(contAt).Seconds())
	}
	c.printLogs(logs, 4)
}

// (d) Node A killed with SIGKILL; node B must keep serving.
func (c *cluster) faultKill(rate int, pre, post, timeout time.Duration) {
	logs := c.logMarks()
	var killAt time.Time
	p := c.run("(d) node A killed (SIGKILL)", rate, pre+post, timeout, func(p *phaseResult, mark func(string)) {
		time.Sleep(pre)
		killAt = time.Now()
		c.nodes[0].kill()
		mark(fmt.Sprintf("SIGKILL to node A (pid %d)", c.nodes[0].pid()))
	})
	c.report(p, killAt, p.start.Add(24*time.Hour), map[string]bool{"B": true})
	for _, node := range []string{"A", "B"} {
		var n, bad, bad5 int
		for _, r := range p.results {
			if resultNode(c, r) == node && !r.Timestamp.Before(killAt) {
				n++
				if r.Code >= 500 || r.Code == 0 {
					bad++
				}
				if r.Code >= 500 {
					bad5++
				}
			}
		}
		fmt.Printf("  node %s after the kill: %d requests, %d failed (%d 5xx, the rest unanswered)\n", node, n, bad, bad5)
	}
	c.printLogs(logs, 4)
}

// verify checks, with PostgreSQL up, that every acknowledged write is in
// the database and every stored file reads back the same.
func (c *cluster) verify(stored map[string]string) {
	fmt.Printf("\n---- after all faults: is anything lost? ----\n")
	_ = waitFor(30*time.Second, pgReady)
	node := 1 // B: A may have been killed
	base := c.nodes[node].base

	// Enrollments.
	have := map[[2]string]bool{}
	rows, err := c.db.QueryContext(c.ctx, `SELECT u.email, e.course_id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.revoked_at IS NULL`)
	check(err, "reading enrollments")
	for rows.Next() {
		var email string
		var cid int64
		check(rows.Scan(&email, &cid), "reading enrollments")
		have[[2]string{email, strconv.FormatInt(cid, 10)}] = true
	}
	rows.Close()
	okEnroll, lostEnroll, extraEnroll := 0, 0, 0
	var lostList []string
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.writes {
		if w.kind != "enroll" {
			continue
		}
		in := have[[2]string{c.students[w.student].email, c.courses[w.course].id}]
		switch {
		case w.code >= 200 && w.code < 300 && in:
			okEnroll++
		case w.code >= 200 && w.code < 300:
			lostEnroll++
			lostList = append(lostList, fmt.Sprintf("%s → course %s (%s, node %s)", c.students[w.student].email, c.courses[w.course].id, w.phase, w.node))
		case in:
			extraEnroll++ // failed or unanswered, yet committed: allowed
		}
	}
	fmt.Printf("  enrollments answered 2xx: %d in the database, %d MISSING; %d more committed although their answer was an error or none\n", okEnroll, lostEnroll, extraEnroll)
	for i, l := range lostList {
		if i == 10 {
			break
		}
		fmt.Printf("    missing: %s\n", l)
	}

	// Subtitles and thumbnails: the stored value must come from the last
	// acknowledged write or from one that overlapped or followed it.
	checkLast := func(kind string, nCourses int, current func(i int) string, label string) {
		okN, badN, none := 0, 0, 0
		for i := range nCourses {
			var ws []*write
			for _, w := range c.writes {
				if w.kind == kind && w.course == i && !w.start.IsZero() {
					ws = append(ws, w)
				}
			}
			var last *write
			for _, w := range ws {
				if w.code >= 200 && w.code < 300 && (last == nil || w.start.After(last.start)) {
					last = w
				}
			}
			if last == nil {
				none++
				continue
			}
			cur := current(i)
			ok := false
			for _, w := range ws {
				maybe := (w.code >= 200 && w.code < 300) || w.code >= 500 || w.code == 0
				if maybe && w.end.After(last.start) && (w.value == cur || (kind == "thumbnail" && w.value == "" && w.code != 200)) {
					ok = true
				}
			}
			if ok {
				okN++
			} else {
				badN++
				fmt.Printf("    %s of course %d is %q; the last acknowledged write (%s, node %s) set %q: LOST\n", kind, i, cur, last.phase, last.node, last.value)
			}
		}
		fmt.Printf("  %s: %d courses hold their last acknowledged value (or a later attempted one), %d do NOT, %d had no acknowledged write\n", label, okN, badN, none)
	}
	subs := map[string]string{}
	rows, err = c.db.QueryContext(c.ctx, `SELECT id, subtitle FROM courses`)
	check(err, "reading subtitles")
	for rows.Next() {
		var id int64
		var s string
		check(rows.Scan(&id, &s), "reading subtitles")
		subs[strconv.FormatInt(id, 10)] = s
	}
	rows.Close()
	checkLast("subtitle", len(c.courses), func(i int) string { return subs[c.courses[i].id] }, "PATCH subtitle")
	checkLast("thumbnail", len(c.thumbs), func(i int) string {
		var cd struct {
			ThumbnailURL *string `json:"thumbnail_url"`
		}
		if err := c.call(node, "GET", "/courses/"+c.thumbs[i].id, c.instructor, nil, &cd, 200); err != nil || cd.ThumbnailURL == nil {
			return ""
		}
		return *cd.ThumbnailURL
	}, "thumbnail PUT")
	unreadable := 0
	for i := range c.thumbs {
		var cd struct {
			ThumbnailURL *string `json:"thumbnail_url"`
		}
		if err := c.call(node, "GET", "/courses/"+c.thumbs[i].id, c.instructor, nil, &cd, 200); err == nil && cd.ThumbnailURL != nil {
			if _, code, err := fetchSum(base + *cd.ThumbnailURL); err != nil || code != 200 {
				unreadable++
				fmt.Printf("    current thumbnail of course %s unreadable: %d %v\n", c.thumbs[i].id, code, err)
			}
		}
	}
	fmt.Printf("  current thumbnails of the edited courses unreadable: %d of %d\n", unreadable, len(c.thumbs))

	// Files stored before the faults.
	same, differ := 0, 0
	for _, p := range sortedKeys(stored) {
		sum, code, err := fetchSum(base + p)
		if err == nil && code == 200 && sum == stored[p] {
			same++
		} else {
			differ++
			fmt.Printf("    %s: %d %v (changed or unreadable)\n", p, code, err)
		}
	}
	fmt.Printf("  files stored before the faults (video playlists/segments, archived thumbnails): %d read back identical through node %s, %d did not\n",
		same, []string{"A", "B"}[node], differ)
}
