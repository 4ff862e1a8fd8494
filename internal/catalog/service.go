// Package catalog holds the rules of courses and their curricula: who may
// create, edit and see them, what publishing requires, and how the public
// catalog is searched. It knows nothing of HTTP.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/cache"
	"github.com/lectern/lectern/internal/events"
	"github.com/lectern/lectern/internal/metrics"
	"github.com/lectern/lectern/internal/search"
	"github.com/lectern/lectern/internal/storage"
	"github.com/lectern/lectern/internal/store"
)

var errNotFound = access.ErrCourseNotFound

// Deps is everything the catalog needs; NewService takes all of it.
type Deps struct {
	DB     *store.DB
	Files  *storage.Storage // thumbnails
	Access *access.Policy

	// NoCache turns the in-process caches off; benchmarks use it to
	// measure the database path.
	NoCache bool
	// Bus tells every node when a course changed; nil for one node.
	Bus *events.Bus
	// Metrics counts cache hits; may be nil.
	Metrics *metrics.M
	// Responses is the response cache whose generation a change bumps;
	// may be nil.
	Responses cache.Cache
	// Index is the search index; nil searches the database only.
	Index *search.Service
}

// Service carries out catalog operations.
type Service struct {
	Deps

	details  *expirable.LRU[int64, *Detail] // course id → public detail
	slugs    *expirable.LRU[string, int64]  // slug → course id
	searches *expirable.LRU[string, *SearchPage]
	version  atomic.Int64 // bumped on every change; part of search cache keys
}

// NewService makes a Service with in-process caches for hot course pages and
// searches. Every write through the service invalidates what it touched.
func NewService(d Deps) *Service {
	if d.Access == nil {
		d.Access = access.New(d.DB, nil)
	}
	return &Service{
		Deps:     d,
		details:  expirable.NewLRU[int64, *Detail](5000, nil, 10*time.Minute),
		slugs:    expirable.NewLRU[string, int64](20000, nil, 10*time.Minute),
		searches: expirable.NewLRU[string, *SearchPage](2000, nil, 30*time.Second),
	}
}

// Detail is a course with its curriculum.
type Detail struct {
	Course   *store.Course
	Sections []*store.Section
}

// Invalidate drops cached data of a course on every node, after any
// change to it.
func (s *Service) Invalidate(courseID int64) {
	if s.Bus == nil {
		s.InvalidateLocal(courseID)
		return
	}
	s.Bus.Publish(context.Background(), events.Event{Kind: events.CourseChanged, ID: courseID})
}

// InvalidateLocal drops this node's cached data of a course (and starts a
// new response cache generation: with Redis every node does, harmlessly).
func (s *Service) InvalidateLocal(courseID int64) {
	s.details.Remove(courseID)
	s.version.Add(1)
	if s.Responses != nil {
		s.Responses.Bump(context.Background())
	}
}

// Resolve finds a course id from "123" or a slug.
func (s *Service) Resolve(ctx context.Context, idOrSlug string) (int64, error) {
	if id, err := strconv.ParseInt(idOrSlug, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if id, ok := s.slugs.Get(idOrSlug); ok {
		return id, nil
	}
	c, err := s.DB.CourseBySlug(ctx, idOrSlug)
	if errors.Is(err, store.ErrNotFound) {
		return 0, errNotFound
	}
	if err != nil {
		return 0, err
	}
	s.slugs.Add(idOrSlug, c.ID) // slugs never change, so this cannot go stale
	return c.ID, nil
}

// Get returns a course with its curriculum as u may see it. Drafts of other
// instructors answer not found, so their existence does not leak.
func (s *Service) Get(ctx context.Context, u *store.User, idOrSlug string) (*Detail, error) {
	id, err := s.Resolve(ctx, idOrSlug)
	if err != nil {
		return nil, err
	}
	d, ok := s.details.Get(id)
	s.Metrics.CacheResult("course", ok && !s.NoCache)
	if !ok || s.NoCache {
		c, err := s.DB.CourseByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNotFound
		}
		if err != nil {
			return nil, err
		}
		sections, err := s.DB.Curriculum(ctx, id)
		if err != nil {
			return nil, err
		}
		d = &Detail{Course: c, Sections: sections}
		s.details.Add(id, d)
	}
	if err := s.Access.SeeCourse(ctx, u, d.Course); err != nil {
		return nil, err
	}
	return d, nil
}

// editable loads a course u may change.
func (s *Service) editable(ctx context.Context, u *store.User, courseID int64) (*store.Course, error) {
	c, err := s.DB.CourseByID(ctx, courseID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		return nil, err
	}
	return c, nil
}

// CourseInput is what an instructor sends to create or edit a course; nil
// fields are unchanged. Fields such as status, instructor or ratings are not
// here: they change only through their own rules.
type CourseInput struct {
	Title         *string
	Subtitle      *string
	DescriptionMD *string
	Language      *string
	Level         *string
	Category      *string // a category slug; "" clears it
	PriceCents    *int64
	Currency      *string
}

func (s *Service) validate(ctx context.Context, in CourseInput, creating bool) (catID **int64, err error) {
	var fe apperr.Fields
	if in.Title != nil || creating {
		title := ""
		if in.Title != nil {
			title = strings.TrimSpace(*in.Title)
			*in.Title = title
		}
		checkLine(&fe, "title", title, true, maxTitle)
	}
	if in.Subtitle != nil {
		*in.Subtitle = strings.TrimSpace(*in.Subtitle)
		checkLine(&fe, "subtitle", *in.Subtitle, false, maxSubtitle)
	}
	if in.DescriptionMD != nil {
		checkText(&fe, "description_md", *in.DescriptionMD, false, maxDescription)
	}
	if in.Language != nil {
		checkLanguage(&fe, *in.Language)
	}
	if in.Level != nil {
		checkLevel(&fe, *in.Level)
	}
	if in.PriceCents != nil && (*in.PriceCents < 0 || *in.PriceCents > maxPriceCents) {
		fe.Add("price_cents", fmt.Sprintf("must be between 0 and %d", maxPriceCents))
	}
	if in.Currency != nil && !Currencies[*in.Currency] {
		fe.Add("currency", "is not a supported currency code (e.g. USD, EUR, GBP)")
	}
	if in.Category != nil {
		var id *int64
		if *in.Category != "" {
			cat, err := s.DB.CategoryBySlug(ctx, *in.Category)
			if errors.Is(err, store.ErrNotFound) {
				fe.Add("category", "is not a known category")
			} else if err != nil {
				return nil, err
			} else {
				id = &cat.ID
			}
		}
		catID = &id
	}
	return catID, fe.Err()
}

// checkNewPrice refuses a change of price or currency that leaves a paid
// course below its currency's minimum (the course's current values fill in
// what the input leaves out). A course that is not repriced is not judged.
func checkNewPrice(in CourseInput, price int64, currency string) error {
	if in.PriceCents == nil && in.Currency == nil {
		return nil
	}
	if in.PriceCents != nil {
		price = *in.PriceCents
	}
	if in.Currency != nil {
		currency = *in.Currency
	}
	var fe apperr.Fields
	checkPrice(&fe, price, currency)
	return fe.Err()
}

// Create makes a draft course owned by u, who must be an instructor.
func (s *Service) Create(ctx context.Context, u *store.User, in CourseInput) (*store.Course, error) {
	if !access.IsInstructor(u) {
		return nil, apperr.New(apperr.Forbidden, "instructor_required", "Become an instructor to create courses.")
	}
	catID, err := s.validate(ctx, in, true)
	if err == nil {
		err = checkNewPrice(in, 0, "USD")
	}
	if err != nil {
		return nil, err
	}
	nc := store.NewCourse{InstructorID: u.ID, Title: *in.Title, Slug: Slugify(*in.Title), Language: "en", Level: "all", Currency: "USD"}
	if in.Subtitle != nil {
		nc.Subtitle = *in.Subtitle
	}
	if in.Language != nil {
		nc.Language = *in.Language
	}
	if in.Level != nil {
		nc.Level = *in.Level
	}
	if in.PriceCents != nil {
		nc.PriceCents = *in.PriceCents
	}
	if in.Currency != nil {
		nc.Currency = *in.Currency
	}
	if catID != nil {
		nc.CategoryID = *catID
	}
	var c *store.Course
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err = tx.CreateCourse(ctx, nc)
		if err != nil {
			return err
		}
		if in.DescriptionMD != nil {
			c, err = tx.UpdateCourse(ctx, c.ID, store.CourseUpdate{DescriptionMD: in.DescriptionMD})
		}
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, apperr.New(apperr.Conflict, "try_again", "Another course with this title was created at the same moment; try again.")
	}
	if err != nil {
		return nil, err
	}
	s.Invalidate(c.ID)
	return c, nil
}

// Update edits a course's details.
func (s *Service) Update(ctx context.Context, u *store.User, courseID int64, in CourseInput) (*store.Course, error) {
	old, err := s.editable(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	catID, err := s.validate(ctx, in, false)
	if err == nil {
		err = checkNewPrice(in, old.PriceCents, old.Currency)
	}
	if err != nil {
		return nil, err
	}
	upd := store.CourseUpdate{Title: in.Title, Subtitle: in.Subtitle, DescriptionMD: in.DescriptionMD, Language: in.Language,
		Level: in.Level, CategoryID: catID, PriceCents: in.PriceCents, Currency: in.Currency}
	var c *store.Course
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err = tx.UpdateCourse(ctx, courseID, upd)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(courseID)
	return c, nil
}

// SetThumbnail records the storage key of a new thumbnail.
func (s *Service) SetThumbnail(ctx context.Context, u *store.User, courseID int64, key string) (*store.Course, error) {
	if _, err := s.editable(ctx, u, courseID); err != nil {
		return nil, err
	}
	var c *store.Course
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.UpdateCourse(ctx, courseID, store.CourseUpdate{ThumbnailKey: &key})
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(courseID)
	return c, nil
}

// Delete removes a course.
func (s *Service) Delete(ctx context.Context, u *store.User, courseID int64) error {
	c, err := s.editable(ctx, u, courseID)
	if err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if !access.IsOwner(u, c) { // an admin acting on someone's course
			if err := tx.Audit(ctx, u.ID, "course.delete", "course:"+strconv.FormatInt(c.ID, 10), c.Title); err != nil {
				return err
			}
		}
		return tx.DeleteCourse(ctx, courseID)
	})
	if err != nil {
		return err
	}
	s.Invalidate(courseID)
	return nil
}

// Publish checks that a student would find everything they need and makes
// the course public. What is missing comes back as field errors (422).
func (s *Service) Publish(ctx context.Context, u *store.User, courseID int64) (*store.Course, error) {
	c, err := s.editable(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	if err := s.publishCheck(ctx, c); err != nil {
		return nil, err
	}
	return s.setStatus(ctx, u, c, store.CoursePublished)
}

// PublishChecklist is what a course still lacks before it may be published,
// by the very rules Publish applies (empty: ready). The editor asks after
// each save so its checklist stays current; Publish still decides.
func (s *Service) PublishChecklist(ctx context.Context, u *store.User, courseID int64) ([]apperr.FieldError, error) {
	c, err := s.editable(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	err = s.publishCheck(ctx, c)
	if err == nil {
		return []apperr.FieldError{}, nil
	}
	if e, ok := apperr.As(err); ok && e.Code == "not_publishable" {
		return e.Fields, nil
	}
	return nil, err
}

// publishCheck loads what publishable needs to judge course c.
func (s *Service) publishCheck(ctx context.Context, c *store.Course) error {
	sections, err := s.DB.Curriculum(ctx, c.ID)
	if err != nil {
		return err
	}
	quizzes := map[int64]int{}
	for _, sec := range sections {
		for _, l := range sec.Lectures {
			if l.Kind != store.LectureQuiz {
				continue
			}
			q, err := s.DB.QuizFor(ctx, l.ID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if q != nil {
				quizzes[l.ID] = len(q.Questions)
			}
		}
	}
	return publishable(c, sections, quizzes)
}

// publishable lists what a course lacks before students may see it.
// quizzes holds the number of questions of each quiz lecture.
func publishable(c *store.Course, sections []*store.Section, quizzes map[int64]int) error {
	var fe apperr.Fields
	if strings.TrimSpace(c.Title) == "" {
		fe.Add("title", "is required")
	}
	if strings.TrimSpace(c.DescriptionMD) == "" {
		fe.Add("description_md", "is required: tell students what they will learn")
	}
	if !Currencies[c.Currency] || c.PriceCents < 0 {
		fe.Add("price_cents", "must be set (0 for a free course)")
	}
	lectures := 0
	for _, sec := range sections {
		for _, l := range sec.Lectures {
			lectures++
			switch l.Kind {
			case store.LectureVideo:
				if l.VideoStatus != "ready" {
					fe.Add(fmt.Sprintf("lectures.%d.video", l.ID), fmt.Sprintf("lecture %q has no processed video yet", l.Title))
				}
			case store.LectureArticle:
				if strings.TrimSpace(l.BodyMD) == "" {
					fe.Add(fmt.Sprintf("lectures.%d.body_md", l.ID), fmt.Sprintf("article %q is empty", l.Title))
				}
			case store.LectureQuiz:
				if quizzes[l.ID] == 0 {
					fe.Add(fmt.Sprintf("lectures.%d.quiz", l.ID), fmt.Sprintf("quiz %q has no questions", l.Title))
				}
			}
		}
	}
	if lectures == 0 {
		fe.Add("curriculum", "needs at least one lecture")
	}
	if err := fe.Err(); err != nil {
		e, _ := apperr.As(err)
		e.Kind, e.Code, e.Message = apperr.Unprocessable, "not_publishable", "The course is not ready to publish yet."
		return e
	}
	return nil
}

// Unpublish takes a course out of the catalog; it becomes a draft again.
func (s *Service) Unpublish(ctx context.Context, u *store.User, courseID int64) (*store.Course, error) {
	c, err := s.editable(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	return s.setStatus(ctx, u, c, store.CourseDraft)
}

func (s *Service) setStatus(ctx context.Context, u *store.User, c *store.Course, status string) (*store.Course, error) {
	var out *store.Course
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if out, err = tx.SetCourseStatus(ctx, c.ID, status); err != nil {
			return err
		}
		if !access.IsOwner(u, c) { // an admin acting on someone's course
			return tx.Audit(ctx, u.ID, "course."+status, "course:"+strconv.FormatInt(c.ID, 10), c.Title)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(c.ID)
	return out, nil
}

// Mine lists u's own courses in every status.
func (s *Service) Mine(ctx context.Context, u *store.User) ([]*store.Course, error) {
	return s.DB.CoursesByInstructor(ctx, u.ID)
}

func cursorKey(c *store.CourseCursor) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%s/%v/%d/%d/%q", c.Sort, c.Float, c.Time.UnixNano(), c.ID, c.Keys)
}

// InvalidateAll drops every cached course and search on every node, after
// a change that touches many courses (a category renamed or deleted).
func (s *Service) InvalidateAll() {
	if s.Bus == nil {
		s.PurgeLocal()
		return
	}
	s.Bus.Publish(context.Background(), events.Event{Kind: events.CatalogPurged})
}

// PurgeLocal drops everything this node cached about courses.
func (s *Service) PurgeLocal() {
	s.details.Purge()
	s.version.Add(1)
	if s.Responses != nil {
		s.Responses.Bump(context.Background())
	}
}
