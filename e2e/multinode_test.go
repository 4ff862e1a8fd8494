package e2e

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/lectern/lectern/internal/testdb"
)

// Two serve nodes and one worker node, as separate processes, share one
// PostgreSQL schema, one S3-compatible bucket and one Redis: an edit through
// node A is fresh on node B at once; a video uploaded through A is
// transcoded by the worker and plays through B; the login limit is shared.
func TestMultiNode(t *testing.T) {
	pg := testdb.Postgres(t).URL
	redisURL := os.Getenv("LECTERN_TEST_REDIS_URL")
	if redisURL == "" {
		testdb.Require(t, "SKIP: set LECTERN_TEST_REDIS_URL (redis://127.0.0.1:6379/15) for the multi-node test")
	}
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	if keys, _ := rdb.Keys(context.Background(), "lectern:rl:login:*").Result(); len(keys) > 0 {
		rdb.Del(context.Background(), keys...)
	}
	data := makeClip(t, 4, "854x480")
	s3 := testdb.S3(t)
	env := []string{"LECTERN_DATABASE_URL=" + pg, "LECTERN_STORAGE_URL=" + s3, "LECTERN_REDIS_URL=" + redisURL,
		"LECTERN_SECRET_KEY=multi-node-secret-key-0123456789abcdef", "LECTERN_RATE_LIMITS=login=6/1m,login_account=100/1m"}
	a := startLectern(t, t.TempDir(), "serve", append(env, "LECTERN_TRANSCODES=0")...)
	b := startLectern(t, t.TempDir(), "serve", append(env, "LECTERN_TRANSCODES=0")...)
	startLectern(t, t.TempDir(), "worker", append(env, "LECTERN_TRANSCODES=1")...)

	// An instructor, via node A.
	create := startCmd(t, "user", "create", "--email", "multi@x.io", "--password", "teaching pass 42", "--name", "Multi", "--role", "instructor")
	create.Env = append(os.Environ(), append(env, "LECTERN_DATA_DIR="+t.TempDir(), "LECTERN_LOG_LEVEL=warn")...)
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("user create: %v: %s", err, out)
	}
	tok := api(t, "POST", a.URL+"/api/v1/auth/login", "", map[string]string{"email": "multi@x.io", "password": "teaching pass 42"}, 200)["access_token"].(string)
	c := api(t, "POST", a.URL+"/api/v1/courses", tok, map[string]any{"title": "Everywhere", "description_md": "Served by many."}, 201)
	cid := c["id"].(string)
	sec := api(t, "POST", a.URL+"/api/v1/courses/"+cid+"/sections", tok, map[string]any{"title": "S"}, 201)
	lec := api(t, "POST", a.URL+"/api/v1/sections/"+sec["id"].(string)+"/lectures", tok, map[string]any{"title": "L", "is_preview": true}, 201)
	lid := lec["id"].(string)

	// Upload through A; the worker transcodes; B plays it.
	path := tusCreate(t, a.URL, tok, lid, len(data))
	if res, err := tusPatch(a.URL, path, tok, 0, bytes.NewReader(data)); err != nil || res.StatusCode != 204 {
		t.Fatalf("upload through A: %v %v", res, err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		v := api(t, "GET", b.URL+"/api/v1/lectures/"+lid+"/video", tok, nil, 200)
		if v["status"] == "ready" {
			break
		}
		if v["status"] == "failed" || time.Now().After(deadline) {
			t.Fatalf("video: %v", v)
		}
		time.Sleep(250 * time.Millisecond)
	}
	api(t, "POST", b.URL+"/api/v1/courses/"+cid+"/publish", tok, nil, 200)
	pb := api(t, "GET", b.URL+"/api/v1/lectures/"+lid+"/playback", "", nil, 200)
	res, err := http.Get(b.URL + pb["hls_url"].(string))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("master through B: %v %v", res, err)
	}
	res.Body.Close()
	seg, err := http.Get(b.URL + strings.TrimSuffix(pb["hls_url"].(string), "master.m3u8") + "360p/seg_00000.m4s")
	if err != nil || seg.StatusCode != 200 {
		t.Fatalf("segment through B: %v %v", seg, err)
	}
	seg.Body.Close()

	// B caches the course page; an edit through A shows on B at once.
	slug := api(t, "GET", b.URL+"/api/v1/courses/"+cid, "", nil, 200)["slug"].(string)
	api(t, "GET", b.URL+"/api/v1/courses/"+slug, "", nil, 200)
	api(t, "PATCH", a.URL+"/api/v1/courses/"+cid, tok, map[string]any{"subtitle": "Edited on A"}, 200)
	fresh := false
	for i := 0; i < 20 && !fresh; i++ { // NOTIFY takes milliseconds; allow up to a second
		fresh = api(t, "GET", b.URL+"/api/v1/courses/"+slug, "", nil, 200)["subtitle"] == "Edited on A"
		if !fresh {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !fresh {
		t.Error("node B still serves the old course after an edit through node A")
	}

	// The login limit (6 a minute per address) is shared: alternating
	// between the nodes, the limit is reached after about 6 logins in all.
	// Limits per node would allow 12 (6 on each) before any 429.
	refusedAt := 0
	for i := 1; i <= 12 && refusedAt == 0; i++ {
		n := a
		if i%2 == 0 {
			n = b
		}
		switch code := loginStatus(t, n.URL, "multi@x.io", "wrong password!"); code {
		case 429:
			refusedAt = i
		case 401:
		default:
			t.Fatalf("login %d: %d", i, code)
		}
	}
	// One login was spent at the start; the bucket refills one every 10 s.
	if refusedAt == 0 || refusedAt > 8 {
		t.Errorf("first 429 at login %d across two nodes, want by the 8th (the limit is shared)", refusedAt)
	}
}

func loginStatus(t *testing.T, base, email, password string) int {
	t.Helper()
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"email":"`+email+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
