package e2e

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/testdb"
)

// TestEncryptedHLSPlays: a student plays a lecture whose segments are
// encrypted (cbcs); hls.js gets the key through EME from Lectern's key
// endpoint, and once the enrollment is refunded the key is refused.
func TestEncryptedHLSPlays(t *testing.T) {
	s := startSite(t)
	course := paidCourseWithVideo(t, s, "Locked Loaves", 1999)
	if _, err := s.App.CreateUser(context.Background(), "sam@example.com", "a loaf a day keeps", "Sam Student", []string{"student"}, true); err != nil {
		t.Fatal(err)
	}
	session := api(t, "POST", s.URL+"/api/v1/auth/login", "", map[string]string{"email": "sam@example.com", "password": "a loaf a day keeps"}, 200)
	token, _ := session["access_token"].(string)
	cid := strconv.FormatInt(course.ID, 10)
	order := api(t, "POST", s.URL+"/api/v1/checkout", token, map[string]any{"course_ids": []string{cid}}, 201)
	oid, _ := order["order_id"].(string)
	api(t, "POST", s.URL+"/api/v1/orders/"+oid+"/test-payment", token, map[string]string{"action": "pay"}, 200)

	ctx := browser(t)
	uiLogin(t, ctx, s.URL, "sam@example.com", "a loaf a day keeps")
	run(t, ctx, "open the player",
		chromedp.Navigate(s.URL+"/learn/"+course.Slug),
		chromedp.WaitReady(css(`[data-testid="player-video"]`)),
	)
	get(t, ctx, "start the video", chromedp.Evaluate[chromedp.Void](`(() => { const v = document.querySelector('[data-testid=player-video]'); v.muted = true; v.play().catch(() => {}); })()`))
	get(t, ctx, "the encrypted video plays", chromedp.Poll[bool](`document.querySelector('[data-testid=player-video]')?.currentTime > 1.5`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(40*time.Second)))
	keys := get(t, ctx, "count key requests", chromedp.Evaluate[int](
		`performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/media/keys/')).length`))
	if keys < 1 {
		t.Errorf("the player fetched the key %d times; the segments were not encrypted or the key came from elsewhere", keys)
	}
	pb := api(t, "GET", s.URL+"/api/v1/lectures/"+firstLecture(t, s, cid)+"/playback", token, nil, 200)
	enc, _ := pb["encryption"].(map[string]any)
	license, _ := enc["license_url"].(string)
	if license == "" {
		t.Fatalf("playback names no license URL: %v", pb)
	}

	// Refunded: the very key request the player makes is refused.
	api(t, "POST", s.URL+"/api/v1/orders/"+oid+"/refund", token, map[string]string{"reason": "no"}, 200)
	status := get(t, ctx, "ask for the key as the player does", chromedp.Evaluate[int](fmt.Sprintf(
		`(async () => (await fetch(%q, {method: 'POST', headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + %q}, body: '{}'})).status)()`,
		license, token), chromedp.EvalAwaitPromise))
	if status != 403 {
		t.Errorf("key request after the refund: %d, want 403", status)
	}
}

// firstLecture is the id of the first lecture of course cid.
func firstLecture(t *testing.T, s *site, cid string) string {
	t.Helper()
	id, _ := strconv.ParseInt(cid, 10, 64)
	sections, err := s.App.DB.Curriculum(context.Background(), id)
	if err != nil || len(sections) == 0 || len(sections[0].Lectures) == 0 {
		t.Fatalf("curriculum: %v", err)
	}
	return strconv.FormatInt(sections[0].Lectures[0].ID, 10)
}

var dashPage = template.Must(template.New("dash").Parse(`<!doctype html>
<html><body><video id="v" muted autoplay playsinline></video>
<script src="/dash.all.min.js"></script>
<script>
window.__errors = [];
const p = dashjs.MediaPlayer().create();
p.setProtectionData({ {{.KeySystem}}: { serverURL: {{.License}}, httpRequestHeaders: { Authorization: 'Bearer ' + {{.Token}} } } });
p.on(dashjs.MediaPlayer.events.ERROR, (e) => window.__errors.push(JSON.stringify(e.error)));
p.initialize(document.getElementById('v'), {{.MPD}}, true);
window.__dash = p;
</script></body></html>`))

// TestDASHPlaysWithDashJS: the MPD of a ready video plays in Chromium with
// dash.js (from npm), over the same encrypted segments as HLS, the key
// coming from Lectern's key endpoint through EME ClearKey. The page is
// served beside Lectern (same origin, through a proxy): Lectern's UI uses
// hls.js, so dash.js is the test's own.
func TestDASHPlaysWithDashJS(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	dashJS := filepath.Join(filepath.Dir(file), "..", "web", "node_modules", "dashjs", "dist", "modern", "umd", "dash.all.min.js")
	if _, err := os.Stat(dashJS); err != nil {
		testdb.Require(t, "SKIP: dash.js is not installed; run `cd web && npm ci`")
	}
	s := startSite(t)
	owner, err := s.App.CreateUser(context.Background(), "dee@example.com", "dash dash dash 42", "Dee Instructor", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	title, desc, free := "Dashing", "Adaptive streaming, the other way.", int64(0)
	_, lec := courseWithVideo(t, s, owner, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &free}, "S", "Dash", 6, "854x480")
	session := api(t, "POST", s.URL+"/api/v1/auth/login", "", map[string]string{"email": "dee@example.com", "password": "dash dash dash 42"}, 200)
	token, _ := session["access_token"].(string)
	pb := api(t, "GET", s.URL+"/api/v1/lectures/"+strconv.FormatInt(lec, 10)+"/playback", token, nil, 200)
	mpd, _ := pb["dash_url"].(string)
	enc, _ := pb["encryption"].(map[string]any)
	if mpd == "" || enc == nil {
		t.Fatalf("playback has no DASH or no encryption: %v", pb)
	}

	target, _ := url.Parse(s.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	mux := http.NewServeMux()
	mux.Handle("/", proxy)
	mux.HandleFunc("GET /dash.all.min.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, dashJS) })
	mux.HandleFunc("GET /dash-test", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = dashPage.Execute(w, map[string]string{"KeySystem": enc["key_system"].(string), "License": enc["license_url"].(string), "Token": token, "MPD": mpd})
	})
	page := httptest.NewServer(mux)
	t.Cleanup(page.Close)

	ctx := browser(t)
	run(t, ctx, "open the dash.js page", chromedp.Navigate(page.URL+"/dash-test"))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('v').currentTime > 2`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(40*time.Second)))
	if err != nil {
		errs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__errors`))
		fail(t, ctx, fmt.Sprintf("dash.js plays the MPD (errors: %q)", errs), err)
	}
	tracks := get(t, ctx, "read the tracks", chromedp.Evaluate[int](`window.__dash.getTracksFor('video').length + window.__dash.getTracksFor('audio').length`))
	if tracks != 2 {
		t.Errorf("dash.js found %d video+audio tracks, want 2", tracks)
	}
}
