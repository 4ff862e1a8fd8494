// Package e2e drives Debian's Chromium (headless, through chromedp) through
// real user flows against a real Lectern: the embedded UI, the API and a
// fresh SQLite database per test.
package e2e

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/store"

	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/testdb"
	"github.com/lectern/lectern/web"
)

// site is a running Lectern for one browser test.
type site struct {
	URL string
	App *app.App
}

func startSite(t *testing.T, opts ...func(*config.Config)) *site {
	t.Helper()
	if _, err := fs.Stat(web.Dist, "dist/index.html"); err != nil {
		testdb.Require(t, "SKIP: the web UI is not built; run `make web` (needs Node.js) before the browser tests")
	}
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.SecretKey = "e2e-secret-key-0123456789abcdef-0123456789"
	// Listen first, so links the server makes (checkout, emails) carry the
	// real address.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.PublicURL = "http://" + ln.Addr().String()
	cfg.HashSlots, cfg.HashWait = 2, 30*time.Second // tests share the cores; logins wait rather than 429
	for _, o := range opts {
		o(&cfg)
	}
	cfg.Complete()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	a, err := app.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler}}
	srv.Start()
	t.Cleanup(func() { srv.Close(); a.Close() })
	return &site{URL: srv.URL, App: a}
}

// chromiumPath finds Debian's Chromium.
func chromiumPath(t *testing.T) string {
	for _, p := range []string{os.Getenv("LECTERN_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	testdb.Require(t, "SKIP: install Chromium for the browser tests (apt-get install -y chromium)")
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a
// tab context that ends with the test. Everything has a deadline so a stuck
// page fails the test instead of hanging CI.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserWithin(t, 90*time.Second)
}

// browserWithin is browser with another deadline, for a test that visits many pages.
func browserWithin(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	ctx, cancelTime := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// css selects the first element matching a CSS selector.
type css = chromedp.CSS

// run executes browser actions and fails the test with a screenshot path
// on error.
func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		fail(t, ctx, step, err)
	}
}

// get runs one action that returns a value.
func get[T any](t *testing.T, ctx context.Context, step string, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		fail(t, ctx, step, err)
	}
	return v
}

// fail ends the test, saving a screenshot of the page when one can be had.
func fail(t *testing.T, ctx context.Context, step string, err error) {
	t.Helper()
	shot := ""
	if png, _ := chromedp.Run(ctx, chromedp.CaptureScreenshot()); len(png) > 0 {
		if f, ferr := os.CreateTemp("", "lectern-e2e-*.png"); ferr == nil {
			_, _ = f.Write(png)
			_ = f.Close()
			shot = " (screenshot: " + f.Name() + ")"
		}
	}
	t.Fatalf("%s: %v%s", step, err, shot)
}

// courseWithVideo publishes a course by owner whose one lecture has a
// processed video of seconds at size (made through the services, not the
// upload UI, which is another test's business), with the site's workers
// running for the rest of the test. It returns the course and the lecture.
func courseWithVideo(t *testing.T, s *site, owner *store.User, in catalog.CourseInput, section, lecture string, seconds int, size string) (*store.Course, int64) {
	t.Helper()
	ctx := context.Background()
	course, err := s.App.Catalog.Create(ctx, owner, in)
	if err != nil {
		t.Fatal(err)
	}
	sec, err := s.App.Catalog.AddSection(ctx, owner, course.ID, section)
	if err != nil {
		t.Fatal(err)
	}
	kind := store.LectureVideo
	lec, err := s.App.Catalog.AddLecture(ctx, owner, sec.ID, catalog.LectureInput{Title: &lecture, Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Media.ImportFile(ctx, owner.ID, lec.ID, clipFile(t, seconds, size), "clip.mp4"); err != nil {
		t.Fatal(err)
	}
	wctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.App.RunWorkers(wctx) }()
	// Registered after startSite's cleanup, so it runs first: the workers stop before the app closes.
	t.Cleanup(func() { stop(); <-done })
	deadline := time.Now().Add(60 * time.Second)
	for {
		v, err := s.App.DB.LatestVideoForLecture(ctx, lec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status == store.VideoReady {
			break
		}
		if v.Status == store.VideoFailed {
			t.Fatalf("the video failed to process: %+v", v)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the video is still %q after 60 s", v.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	published, err := s.App.Catalog.Publish(ctx, owner, course.ID)
	if err != nil {
		t.Fatalf("publishing: %v", err)
	}
	return published, lec.ID
}

// user makes a verified student with password and the extra roles.
func (s *site) user(t *testing.T, email, password, name string, roles ...string) *store.User {
	t.Helper()
	u, err := s.App.CreateUser(context.Background(), email, password, name, append([]string{store.RoleStudent}, roles...), true)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// articleCourse publishes a course by owner at price with one article
// lecture, and returns its id.
func (s *site) articleCourse(t *testing.T, owner *store.User, title string, price int64) int64 {
	t.Helper()
	ctx := context.Background()
	c, err := s.App.Catalog.Create(ctx, owner, catalog.CourseInput{Title: ptr(title), DescriptionMD: ptr("Learn it."), PriceCents: ptr(price)})
	if err != nil {
		t.Fatal(err)
	}
	sec, _ := s.App.Catalog.AddSection(ctx, owner, c.ID, "Start")
	if _, err := s.App.Catalog.AddLecture(ctx, owner, sec.ID, catalog.LectureInput{Title: ptr("Notes"), Kind: ptr("article"), BodyMD: ptr("Words.")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Catalog.Publish(ctx, owner, c.ID); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// buy checks out the courses ids for u and pays with the built-in provider.
func (s *site) buy(t *testing.T, u *store.User, ids ...int64) *store.Order {
	t.Helper()
	ctx := context.Background()
	o, err := s.App.Commerce.Checkout(ctx, u, ids, "")
	if err != nil {
		t.Fatal(err)
	}
	if o, err = s.App.Commerce.PayLocal(ctx, u, o.ID, true); err != nil {
		t.Fatal(err)
	}
	return o
}
