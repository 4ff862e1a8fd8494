package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/seed"
	"github.com/lectern/lectern/internal/store"
)

// DemoAccount is a seeded account whose password is printed at start-up.
type DemoAccount struct {
	Email, Password, Name string
	Roles                 []string
}

// DemoAccounts are created by `lectern demo`. Their passwords are public, so
// demo mode is for trying Lectern out, not for a server others can reach.
var DemoAccounts = []DemoAccount{
	{"admin@demo.lectern.dev", "demo-admin-pass", "Ada Admin", []string{store.RoleAdmin}},
	{"instructor@demo.lectern.dev", "demo-teach-pass", "Ian Instructor", []string{store.RoleInstructor}},
	{"student@demo.lectern.dev", "demo-learn-pass", "Sam Student", nil},
}

// The demo is seeded in two phases, each of which may be interrupted at
// any point and simply run again:
//
//  1. SeedDemo (before the server listens, a second or two): accounts,
//     every course with thumbnail, description and curriculum, published
//     at once; enrolments, orders and reviews; the featured row. Lectures
//     that will have a video start as articles holding their notes.
//  2. SeedDemoVideos (in the background while serving): renders each
//     lecture video (slides and a voice-like track) with ffmpeg and hands
//     it to the normal video pipeline, which turns the lecture into a video
//     lecture showing "processing" until it is ready.
//
// Every step first looks for what it would create (courses by slug,
// sections and lectures by title, enrolments, reviews, videos), so a
// second run finishes exactly what the first left undone.

// SeedDemo creates whatever of the demo accounts, courses, enrolments and
// reviews does not exist yet; running it twice changes nothing.
func (a *App) SeedDemo(ctx context.Context) error {
	start := time.Now()
	for _, d := range DemoAccounts {
		if _, err := a.CreateUser(ctx, d.Email, d.Password, d.Name, d.Roles, true); err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	admin, err := a.DB.UserByEmail(ctx, DemoAccounts[0].Email)
	if err != nil {
		return err
	}
	instructors, err := a.demoInstructors(ctx)
	if err != nil {
		return err
	}
	students, err := a.demoStudents(ctx)
	if err != nil {
		return err
	}
	courses := make([]*store.Course, len(demoCatalog))
	for i, dc := range demoCatalog {
		if courses[i], err = a.demoCourse(ctx, instructors[dc.Instructor], dc); err != nil {
			return fmt.Errorf("demo course %q: %w", dc.Title, err)
		}
		a.Log.Debug("demo course ready", "course", courses[i].ID, "title", dc.Title)
	}
	if err := a.demoEnrolments(ctx, students, courses); err != nil {
		return err
	}
	if err := a.demoReviews(ctx, students, courses); err != nil {
		return err
	}
	for i, dc := range demoCatalog {
		if dc.Featured && courses[i].FeaturedAt == nil {
			if _, err := a.Catalog.Feature(ctx, admin, courses[i].ID, true); err != nil {
				return err
			}
		}
	}
	a.Log.Info("demo catalog ready", "courses", len(courses), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// DemoCatalogSize is how many courses SeedDemo publishes and how many of
// them it features on the home page (bench/firstrun checks the page for them).
func DemoCatalogSize() (courses, featured int) {
	for _, dc := range demoCatalog {
		if dc.Featured {
			featured++
		}
	}
	return len(demoCatalog), featured
}

// CreateUser makes an account directly (for `lectern user create` and the
// demo), with a verified email and the given roles.
func (a *App) CreateUser(ctx context.Context, email, password, name string, roles []string, verified bool) (*store.User, error) {
	email, name = auth.NormalizeEmail(email), strings.TrimSpace(name)
	if err := auth.ValidateAccount(email, password, name); err != nil {
		return nil, err
	}
	hash, err := a.Auth.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	return a.DB.CreateUser(ctx, store.NewUser{Email: email, Name: name, PasswordHash: hash, Roles: roles, EmailVerified: verified})
}

// demoUser returns the account with email, creating it with the given
// password hash when missing.
func (a *App) demoUser(ctx context.Context, email, name string, hash func() (string, error), roles []string) (*store.User, error) {
	u, err := a.DB.UserByEmail(ctx, email)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	h, err := hash()
	if err != nil {
		return nil, err
	}
	u, err = a.DB.CreateUser(ctx, store.NewUser{Email: email, Name: name, PasswordHash: h, Roles: roles, EmailVerified: true})
	if errors.Is(err, store.ErrConflict) {
		return a.DB.UserByEmail(ctx, email)
	}
	return u, err
}

// onceHash hashes password the first time it is needed only: one hash is
// shared by all demo accounts of a kind, which keeps seeding fast.
func (a *App) onceHash(ctx context.Context, password string) func() (string, error) {
	var h string
	return func() (string, error) {
		if h != "" {
			return h, nil
		}
		var err error
		h, err = a.Auth.Hasher.Hash(ctx, password)
		return h, err
	}
}

func (a *App) demoInstructors(ctx context.Context) ([]*store.User, error) {
	hash := a.onceHash(ctx, DemoAccounts[1].Password)
	out := make([]*store.User, len(demoInstructors))
	for i, p := range demoInstructors {
		email := DemoAccounts[1].Email
		if i > 0 {
			email = fmt.Sprintf("instructor%d@demo.lectern.dev", i+1)
		}
		u, err := a.demoUser(ctx, email, p.Name, hash, []string{store.RoleInstructor})
		if err != nil {
			return nil, err
		}
		if u.Bio == "" {
			if u, err = a.DB.UpdateProfile(ctx, u.ID, store.ProfileUpdate{Headline: &p.Headline, Bio: &p.Bio}); err != nil {
				return nil, err
			}
		}
		out[i] = u
	}
	return out, nil
}

func (a *App) demoStudents(ctx context.Context) ([]*store.User, error) {
	hash := a.onceHash(ctx, DemoAccounts[2].Password)
	sam, err := a.DB.UserByEmail(ctx, DemoAccounts[2].Email)
	if err != nil {
		return nil, err
	}
	out := []*store.User{sam}
	for i, name := range demoStudents {
		u, err := a.demoUser(ctx, fmt.Sprintf("student%d@demo.lectern.dev", i+1), name, hash, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// demoCourse creates (or completes) one course and publishes it.
func (a *App) demoCourse(ctx context.Context, instructor *store.User, dc demoCourse) (*store.Course, error) {
	c, err := a.DB.CourseBySlug(ctx, catalog.Slugify(dc.Title))
	if errors.Is(err, store.ErrNotFound) {
		desc := dc.Markdown()
		c, err = a.Catalog.Create(ctx, instructor, catalog.CourseInput{Title: &dc.Title, Subtitle: &dc.Subtitle, DescriptionMD: &desc,
			Category: &dc.Category, Level: &dc.Level, PriceCents: &dc.PriceCents, Currency: str("USD")})
	}
	if err != nil {
		return nil, err
	}
	if c.InstructorID != instructor.ID { // someone else's course with the same title
		return c, nil
	}
	if c.ThumbnailKey == "" {
		img, err := demoThumbnail(dc.Title, categoryName(dc.Category))
		if err != nil {
			return nil, err
		}
		if c, err = a.Catalog.UploadThumbnail(ctx, instructor, c.ID, bytes.NewReader(img)); err != nil {
			return nil, err
		}
	}
	sections, err := a.DB.Curriculum(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	firstVideo := true
	for _, ds := range dc.Sections {
		var sec *store.Section
		for _, s := range sections {
			if s.Title == ds.Title {
				sec = s
			}
		}
		if sec == nil {
			if sec, err = a.Catalog.AddSection(ctx, instructor, c.ID, ds.Title); err != nil {
				return nil, err
			}
		}
		for i, dl := range ds.Lectures {
			preview := i == 0 && ds.Title == dc.Sections[0].Title || dl.Video && firstVideo
			if dl.Video {
				firstVideo = false
			}
			if lectureNamed(sec, dl.Title) != nil {
				continue
			}
			// Video lectures start as their notes; the video replaces them
			// once SeedDemoVideos has made it.
			body, kind := demoArticle(dc, dl), store.LectureArticle
			if _, err := a.Catalog.AddLecture(ctx, instructor, sec.ID, catalog.LectureInput{Title: &dl.Title, Kind: &kind, BodyMD: &body, IsPreview: &preview}); err != nil {
				return nil, err
			}
		}
	}
	if c.Status != store.CoursePublished {
		if c, err = a.Catalog.Publish(ctx, instructor, c.ID); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func lectureNamed(sec *store.Section, title string) *store.Lecture {
	for _, l := range sec.Lectures {
		if l.Title == title {
			return l
		}
	}
	return nil
}

func categoryName(slug string) string {
	for _, c := range store.DefaultCategories {
		if c.Slug == slug {
			return c.Name
		}
	}
	return slug
}

func str(s string) *string { return &s }

// demoArticle writes an article lecture (or a video lecture's notes).
func demoArticle(dc demoCourse, dl demoLecture) string {
	var b strings.Builder
	if dl.Video {
		fmt.Fprintf(&b, "Notes for this lecture. %s\n\n", strings.TrimSuffix(dc.Subtitle, ".")+".")
	} else if strings.HasPrefix(dl.Title, "How this course works") {
		fmt.Fprintf(&b, "Welcome to **%s**. %s\n\nEach section starts with a short video that introduces one idea, followed by articles you can keep as a reference. "+
			"Work through them in order, try every exercise, and come back to the checklists whenever you need them.\n\n", dc.Title, dc.About)
	} else {
		fmt.Fprintf(&b, "This article covers **%s**, one of the building blocks of %s.\n\n", strings.ToLower(dl.Title[:1])+dl.Title[1:], dc.Title)
	}
	b.WriteString("### Key points\n\n")
	h := fnv.New32a()
	_, _ = h.Write([]byte(dl.Title))
	k := int(h.Sum32())
	for i := 0; i < 3; i++ {
		b.WriteString("- " + dc.Learn[(k+i)%len(dc.Learn)] + "\n")
	}
	b.WriteString("\n### Exercise\n\nSpend ten minutes applying this to something of your own. Write down one thing that surprised you and one question to bring to the next lecture.\n")
	return b.String()
}

// pick deterministically chooses from n by key.
func pick(key string, n int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// demoLearners are the students enrolled in course i: between 5 and 18 of
// them; Sam Student (index 0) takes the first two courses.
func demoLearners(i int, students []*store.User) []*store.User {
	n := 5 + (i*7)%14
	var out []*store.User
	if i < 2 {
		out = append(out, students[0])
	}
	for j := 0; j < n; j++ {
		s := students[1+(i*5+j*3)%(len(students)-1)]
		dup := false
		for _, o := range out {
			dup = dup || o.ID == s.ID
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func (a *App) demoEnrolments(ctx context.Context, students []*store.User, courses []*store.Course) error {
	paid := map[int64][]int64{} // student → paid courses not yet enrolled
	for i, c := range courses {
		if c.Status != store.CoursePublished {
			continue
		}
		for _, s := range demoLearners(i, students) {
			ok, err := a.DB.IsEnrolled(ctx, s.ID, c.ID)
			if err != nil || ok {
				if err != nil {
					return err
				}
				continue
			}
			if c.PriceCents == 0 {
				if _, err := a.Commerce.EnrollFree(ctx, s, c.ID); err != nil {
					return err
				}
				continue
			}
			paid[s.ID] = append(paid[s.ID], c.ID)
		}
	}
	for _, s := range students {
		want := paid[s.ID]
		if len(want) == 0 {
			continue
		}
		// Orders left pending by an interrupted run are paid first.
		pending, err := a.DB.PendingOrderCourses(ctx, s.ID)
		if err != nil {
			return err
		}
		orders := map[int64]bool{}
		var rest []int64
		for _, id := range want {
			if o, ok := pending[id]; ok {
				orders[o] = true
			} else {
				rest = append(rest, id)
			}
		}
		if len(rest) > 0 {
			o, err := a.Commerce.Checkout(ctx, s, rest, "")
			if err != nil {
				return err
			}
			if o.Provider != "local" {
				a.Log.Info("demo orders need a real payment provider; students stay unenrolled in paid courses")
				return nil
			}
			orders[o.ID] = true
		}
		for id := range orders {
			if _, err := a.Commerce.PayLocal(ctx, s, id, true); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *App) demoReviews(ctx context.Context, students []*store.User, courses []*store.Course) error {
	for i, c := range courses {
		for _, s := range demoLearners(i, students) {
			if s.ID == students[0].ID { // Sam leaves reviews to whoever tries the demo
				continue
			}
			key := fmt.Sprintf("%d/%s/%s", i, c.Slug, s.Email)
			if pick(key+"r", 10) >= 7 {
				continue // not everyone reviews
			}
			if _, err := a.DB.ReviewOf(ctx, c.ID, s.ID); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			rating := []int{5, 5, 5, 5, 5, 4, 4, 4, 3, 2}[pick(key+"s", 10)]
			comment := ""
			if pick(key+"c", 5) > 0 {
				texts := demoReviews[rating]
				comment = texts[pick(key+"t", len(texts))]
			}
			if enrolled, err := a.DB.IsEnrolled(ctx, s.ID, c.ID); err != nil || !enrolled {
				if err != nil {
					return err
				}
				continue
			}
			if _, _, err := a.Learning.Review(ctx, s, c.ID, rating, comment); err != nil {
				return err
			}
		}
		a.Log.Debug("demo reviews ready", "course", c.ID)
	}
	return nil
}

// SeedDemoVideos makes the demo lectures' videos that do not exist yet and
// queues them for processing; run in the background after SeedDemo. A
// lecture whose video is queued, processing or ready is left alone (the
// pipeline finishes or retries those itself); one still showing its notes,
// or whose video failed, gets a new video.
func (a *App) SeedDemoVideos(ctx context.Context) error {
	if _, err := a.Media.Tools(); err != nil {
		a.Log.Warn("demo lectures keep their notes instead of videos: ffmpeg is not available", "err", err)
		return nil
	}
	dir := filepath.Join(a.Cfg.DataDir, "work", "demo")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	made := 0
	for _, dc := range demoCatalog {
		c, err := a.DB.CourseBySlug(ctx, catalog.Slugify(dc.Title))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		sections, err := a.DB.Curriculum(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, ds := range dc.Sections {
			for _, s := range sections {
				if s.Title != ds.Title {
					continue
				}
				for _, dl := range ds.Lectures {
					l := lectureNamed(s, dl.Title)
					if !dl.Video || l == nil || (l.Kind == store.LectureVideo && l.VideoStatus != store.VideoFailed) {
						continue
					}
					seconds := 6 + pick(dl.Title, 3)
					file, err := demoLectureVideo(ctx, a.Cfg.FFmpeg, dir, fmt.Sprintf("lecture-%d", l.ID), dc, dl.Title, seconds)
					if err != nil {
						return err
					}
					_, err = a.Media.ImportFile(ctx, c.InstructorID, l.ID, file, catalog.Slugify(dl.Title)+".mp4")
					_ = os.Remove(file)
					if err != nil {
						return err
					}
					made++
					a.Log.Debug("demo video queued", "lecture", l.ID)
				}
			}
		}
	}
	a.Log.Info("demo videos queued for processing", "new", made)
	return nil
}

// AddGeneratedCourses adds n generated, published courses (with their own
// instructors) for trying search and paging at scale.
func (a *App) AddGeneratedCourses(ctx context.Context, n int) error {
	if n <= 0 {
		return nil
	}
	hash, err := a.Auth.Hasher.Hash(ctx, DemoAccounts[1].Password)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := seed.Catalog(ctx, a.DB, n, max(1, n/25), uint64(time.Now().UnixNano()), hash); err != nil {
		return err
	}
	a.Catalog.InvalidateAll()
	a.Log.Info("generated courses added", "courses", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
