package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/lectern/lectern/bench/internal/mediakit"
	"github.com/lectern/lectern/internal/app"
	"github.com/lectern/lectern/internal/config"
	"github.com/lectern/lectern/internal/seed"
)

const (
	secretKey = "load-bench-secret-key-0123456789abcdef-0123456789"
	// An argon2id hash nobody can log in with: the seeded instructors'.
	dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	// Rate limits high enough that the limiter never answers: the
	// scenarios measure the server, not the limiter.
	noLimits = "LECTERN_RATE_LIMITS=login=1000000/1m,login_account=1000000/1m,register=1000000/1m,password_reset=1000000/1m,checkout=1000000/1m"
)

// words searched for: the seed's topics and title words, plus a few that
// match nothing.
var searchWords = []string{
	"python", "javascript", "typescript", "react", "go", "rust", "java", "kotlin", "swift", "sql", "postgresql",
	"pandas", "machine learning", "statistics", "deep learning", "excel", "accounting", "project management",
	"negotiation", "public speaking", "productivity", "photoshop", "figma", "illustrator", "ux design",
	"typography", "docker", "kubernetes", "linux", "aws", "networking", "cybersecurity", "seo", "copywriting",
	"social media", "email marketing", "photography", "video editing", "lightroom", "guitar", "piano",
	"music theory", "music production", "yoga", "nutrition", "strength training", "spanish", "japanese",
	"german", "french", "cooking", "watercolor", "gardening", "chess", "bootcamp", "beginners", "masterclass",
	"projects", "fundamentals", "handbook", "essentials", "advanced", "zero to hero", "quantum basket weaving",
}

var levels = []string{"", "", "", "beginner", "intermediate", "advanced"}

// catalogServer is one lectern serve on SQLite with a large seeded catalog.
type catalogServer struct {
	proc    *mediakit.Process
	bin     string
	dataDir string
	dbURL   string
	courses int
	slugs   []string
	cats    []string
}

// startCatalogServer copies the seeded catalog of bench/catalog (src) into
// work, or seeds n courses with internal/seed (kept in cacheDir for the
// next run) when src does not exist, creates users with `lectern user
// create` and starts `lectern serve` on it.
func startCatalogServer(ctx context.Context, work, src, cacheDir string, n, nSlugs int, users [][2]string, env ...string) *catalogServer {
	bin, err := mediakit.BuildLectern(work)
	check(err, "building lectern")
	cs := &catalogServer{bin: bin, dataDir: filepath.Join(work, "data")}
	check(os.MkdirAll(cs.dataDir, 0o755), "data dir")
	db := filepath.Join(cs.dataDir, "catalog.db")
	if _, err := os.Stat(src); err == nil {
		fmt.Printf("catalog: copying %s\n", src)
		check(copyFile(src, db), "copying the catalog")
		if _, err := os.Stat(src + "-wal"); err == nil {
			check(copyFile(src+"-wal", db+"-wal"), "copying the catalog's WAL")
		}
	} else {
		cached := filepath.Join(cacheDir, fmt.Sprintf("catalog-%d.db", n))
		if _, err := os.Stat(cached); err != nil {
			fmt.Printf("catalog: %s not found; seeding %d courses into %s\n", src, n, cached)
			check(seedCatalog(ctx, cacheDir, cached, n), "seeding")
		} else {
			fmt.Printf("catalog: reusing %s\n", cached)
		}
		check(copyFile(cached, db), "copying the catalog")
	}
	cs.dbURL = "sqlite://" + db

	sqldb, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	check(err, "opening the catalog")
	check(sqldb.QueryRowContext(ctx, `SELECT count(*) FROM courses WHERE status = 'published'`).Scan(&cs.courses), "counting courses")
	rows, err := sqldb.QueryContext(ctx, `SELECT slug FROM courses WHERE status = 'published' ORDER BY random() LIMIT ?`, nSlugs)
	check(err, "reading slugs")
	for rows.Next() {
		var s string
		check(rows.Scan(&s), "reading slugs")
		cs.slugs = append(cs.slugs, s)
	}
	rows.Close()
	sqldb.Close()
	if len(cs.slugs) == 0 {
		die("the catalog %s has no published courses", db)
	}

	for _, u := range users {
		check(cs.lectern("user", "create", "--email", u[0], "--password", u[1], "--name", "Load Bench", "--role", "student"), "lectern user create")
	}
	cs.proc, err = mediakit.StartLectern(bin, cs.dataDir, append([]string{"LECTERN_DATABASE_URL=" + cs.dbURL,
		"LECTERN_SECRET_KEY=" + secretKey, "LECTERN_TRANSCODES=0"}, env...)...)
	check(err, "starting lectern serve")
	atExit(cs.proc.Stop)

	var cats struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	api := &mediakit.API{Base: cs.proc.Base}
	check(api.Do(ctx, "GET", "/categories", nil, &cats, 200), "categories")
	for _, c := range cats.Items {
		cs.cats = append(cs.cats, c.Slug)
	}
	return cs
}

// lectern runs a lectern subcommand on the server's database.
func (cs *catalogServer) lectern(args ...string) error {
	cmd := exec.Command(cs.bin, args...)
	cmd.Env = append(os.Environ(), "LECTERN_DATA_DIR="+cs.dataDir, "LECTERN_DATABASE_URL="+cs.dbURL, "LECTERN_LOG_LEVEL=warn")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("lectern %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

func seedCatalog(ctx context.Context, dir, dbPath string, n int) error {
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.DatabaseURL = "sqlite://" + dbPath + ".tmp"
	cfg.SecretKey = secretKey
	cfg.Complete()
	_ = os.Remove(dbPath + ".tmp")
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	start := time.Now()
	err = seed.Catalog(ctx, a.DB, n, max(n/50, 10), 1, dummyHash)
	a.Close()
	if err != nil {
		return err
	}
	fmt.Printf("catalog: seeded %d courses in %s\n", n, time.Since(start).Round(time.Millisecond))
	return os.Rename(dbPath+".tmp", dbPath)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// browseTargeter picks, for each request, one of: a home listing (newest
// or rating), a search (one or two random words, sometimes a level), a
// category page, a course page (a random slug). Safe for concurrent use.
func (cs *catalogServer) browseTargeter() vegeta.Targeter {
	base := cs.proc.Base + "/api/v1"
	return func(t *vegeta.Target) error {
		t.Method = "GET"
		switch x := rand.IntN(100); {
		case x < 20:
			t.URL = base + "/courses?sort=" + []string{"newest", "rating"}[rand.IntN(2)]
		case x < 55:
			q := searchWords[rand.IntN(len(searchWords))]
			if rand.IntN(3) == 0 {
				q += " " + searchWords[rand.IntN(len(searchWords))]
			}
			v := url.Values{"q": {q}}
			if l := levels[rand.IntN(len(levels))]; l != "" {
				v.Set("level", l)
			}
			t.URL = base + "/courses?" + v.Encode()
		case x < 70:
			t.URL = base + "/courses?category=" + cs.cats[rand.IntN(len(cs.cats))] + "&sort=" + []string{"popular", "newest", "rating"}[rand.IntN(3)]
		default:
			t.URL = base + "/courses/" + url.PathEscape(cs.slugs[rand.IntN(len(cs.slugs))])
		}
		return nil
	}
}

// browseKind names the kind of a browse request from its URL.
func browseKind(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "other"
	}
	q := u.Query()
	switch {
	case strings.HasPrefix(u.Path, "/api/v1/courses/"):
		return "course page"
	case q.Get("q") != "":
		return "search"
	case q.Get("category") != "":
		return "category page"
	case u.Path == "/api/v1/courses":
		return "home listing"
	}
	return "other"
}

// loginBody is the JSON of POST /auth/login.
func loginBody(email, password string) []byte {
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return b
}

var jsonHeader = http.Header{"Content-Type": {"application/json"}}
