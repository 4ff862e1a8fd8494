// Package seed generates large, realistic catalogs for benchmarks and for
// trying Lectern at scale: instructors with plausible names, courses whose
// titles and descriptions read like real ones, ratings and enrollments with
// a long tail.
package seed

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/store"
)

var (
	topics = []struct{ name, category string }{
		{"Python", "development"}, {"JavaScript", "development"}, {"TypeScript", "development"}, {"React", "development"},
		{"Go", "development"}, {"Rust", "development"}, {"Java", "development"}, {"Kotlin", "development"}, {"Swift", "development"},
		{"SQL", "data-science"}, {"PostgreSQL", "data-science"}, {"Pandas", "data-science"}, {"Machine Learning", "data-science"},
		{"Statistics", "data-science"}, {"Deep Learning", "data-science"}, {"Excel", "business"}, {"Accounting", "business"},
		{"Project Management", "business"}, {"Negotiation", "business"}, {"Public Speaking", "personal-development"},
		{"Productivity", "personal-development"}, {"Photoshop", "design"}, {"Figma", "design"}, {"Illustrator", "design"},
		{"UX Design", "design"}, {"Typography", "design"}, {"Docker", "it-and-software"}, {"Kubernetes", "it-and-software"},
		{"Linux", "it-and-software"}, {"AWS", "it-and-software"}, {"Networking", "it-and-software"}, {"Cybersecurity", "it-and-software"},
		{"SEO", "marketing"}, {"Copywriting", "marketing"}, {"Social Media Marketing", "marketing"}, {"Email Marketing", "marketing"},
		{"Portrait Photography", "photography-and-video"}, {"Video Editing", "photography-and-video"}, {"Lightroom", "photography-and-video"},
		{"Guitar", "music"}, {"Piano", "music"}, {"Music Theory", "music"}, {"Music Production", "music"},
		{"Yoga", "health-and-fitness"}, {"Nutrition", "health-and-fitness"}, {"Strength Training", "health-and-fitness"},
		{"Spanish", "language-learning"}, {"Japanese", "language-learning"}, {"German", "language-learning"}, {"French", "language-learning"},
		{"Cooking", "lifestyle"}, {"Watercolor Painting", "lifestyle"}, {"Gardening", "lifestyle"}, {"Chess", "lifestyle"},
	}
	titleForms = []string{
		"The Complete %s Bootcamp", "%s for Beginners", "Mastering %s", "%s: From Zero to Hero", "Practical %s",
		"%s in 30 Days", "Advanced %s Techniques", "%s Masterclass", "Learn %s by Building Projects", "Modern %s",
		"%s Fundamentals", "The %s Handbook", "Hands-On %s", "%s Essentials", "Professional %s",
	}
	subtitles = []string{
		"Everything you need to get started with %s, step by step",
		"Build real projects and understand %s deeply",
		"The practical guide to %s that employers look for",
		"Go from the basics of %s to confident, fluent work",
		"Short lessons, clear examples and exercises in %s",
	}
	extras = []string{"testing", "debugging", "performance", "design patterns", "best practices", "interviews", "automation",
		"portfolio", "real-world projects", "exercises", "quizzes", "cheat sheets", "certification", "teamwork", "deployment"}
	firstNames = []string{"Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Donald", "Hedy",
		"Tim", "Radia", "John", "Katherine", "Edsger", "Sophie", "Niklaus", "Anita", "Bjarne", "Carol", "Guido", "Mary", "Yukihiro"}
	lastNames = []string{"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Knuth",
		"Lamarr", "Berners-Lee", "Perlman", "McCarthy", "Johnson", "Dijkstra", "Wilson", "Wirth", "Borg", "Stroustrup", "Shaw",
		"van Rossum", "Keller", "Matsumoto", "Nakamura", "Okafor", "Silva", "Kowalski", "Novak", "Haddad"}
	languages = []string{"en", "en", "en", "en", "en", "en", "es", "de", "fr", "pt-BR", "ja"}
	levels    = []string{"all", "beginner", "beginner", "intermediate", "advanced"}
	prices    = []int64{0, 0, 1299, 1999, 1999, 2999, 4999, 8999, 9999}
)

// Catalog adds instructors and published courses to db. The same seed gives
// the same catalog.
func Catalog(ctx context.Context, db *store.DB, courses, instructors int, seed uint64, passwordHash string) error {
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	cats, err := db.Categories(ctx)
	if err != nil {
		return err
	}
	catID := map[string]int64{}
	for _, c := range cats {
		catID[c.Slug] = c.ID
	}
	ids := make([]int64, 0, instructors)
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for i := 0; i < instructors; i++ {
			name := firstNames[rnd.IntN(len(firstNames))] + " " + lastNames[rnd.IntN(len(lastNames))]
			u, err := tx.CreateUser(ctx, store.NewUser{Email: fmt.Sprintf("instructor%d.%d@seed.lectern.dev", seed, i), Name: name,
				PasswordHash: passwordHash, Roles: []string{store.RoleInstructor}, EmailVerified: true})
			if err != nil {
				return err
			}
			ids = append(ids, u.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	start := time.Now().Add(-3 * 365 * 24 * time.Hour)
	batch := make([]store.BulkCourse, 0, 5000)
	flush := func() error {
		err := db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertPublishedCoursesNoIndex(ctx, batch) })
		batch = batch[:0]
		return err
	}
	for i := 0; i < courses; i++ {
		t := topics[rnd.IntN(len(topics))]
		title := fmt.Sprintf(titleForms[rnd.IntN(len(titleForms))], t.name)
		if rnd.IntN(3) == 0 {
			title += " " + fmt.Sprint(2020+rnd.IntN(7))
		}
		e1, e2 := extras[rnd.IntN(len(extras))], extras[rnd.IntN(len(extras))]
		desc := fmt.Sprintf("## What you will learn\n\n- The core ideas of %s and how they fit together\n- %s and %s with %s\n- How to keep learning after this course\n\n"+
			"This course takes you through %s with short videos, %s and a final project. No prior experience needed beyond curiosity.",
			t.name, strings.ToUpper(e1[:1])+e1[1:], e2, t.name, strings.ToLower(t.name), extras[rnd.IntN(len(extras))])
		cat := catID[t.category]
		count := int(math.Floor(math.Pow(rnd.Float64(), 3) * 5000)) // long tail
		rating := 0.0
		if count > 0 {
			rating = math.Round((3.0+2*math.Sqrt(rnd.Float64()))*10) / 10
		}
		batch = append(batch, store.BulkCourse{
			NewCourse: store.NewCourse{
				InstructorID: ids[rnd.IntN(len(ids))],
				Slug:         fmt.Sprintf("%s-%d-%d", slug(title), seed, i),
				Title:        title,
				Subtitle:     fmt.Sprintf(subtitles[rnd.IntN(len(subtitles))], t.name),
				Language:     languages[rnd.IntN(len(languages))],
				Level:        levels[rnd.IntN(len(levels))],
				CategoryID:   &cat,
				PriceCents:   prices[rnd.IntN(len(prices))],
				Currency:     "USD",
			},
			DescriptionMD: desc,
			PublishedAt:   start.Add(time.Duration(i) * 3 * 365 * 24 * time.Hour / time.Duration(courses)),
			RatingAvg:     rating,
			RatingCount:   count / 10,
			Enrollments:   count,
		})
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return err
		}
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.ReindexAll(ctx) }); err != nil {
		return err
	}
	return db.Analyze(ctx)
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
