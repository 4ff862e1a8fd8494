package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/markdown"
)

type categoryJSON struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type personJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// courseJSON is a course in lists; courseDetailJSON adds the description
// and the curriculum.
type courseJSON struct {
	ID              string        `json:"id"`
	Slug            string        `json:"slug"`
	Title           string        `json:"title"`
	Subtitle        string        `json:"subtitle"`
	Language        string        `json:"language"`
	Level           string        `json:"level"`
	Category        *categoryJSON `json:"category"`
	PriceCents      int64         `json:"price_cents"`
	Currency        string        `json:"currency"`
	Status          string        `json:"status"`
	Instructor      personJSON    `json:"instructor"`
	RatingAvg       float64       `json:"rating_avg"`
	RatingCount     int           `json:"rating_count"`
	EnrollmentCount int           `json:"enrollment_count"`
	TotalDurationS  int           `json:"total_duration_s"`
	ThumbnailURL    *string       `json:"thumbnail_url"`
	Featured        bool          `json:"featured"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
	PublishedAt     *time.Time    `json:"published_at"`
}

type courseDetailJSON struct {
	courseJSON
	DescriptionMD   string `json:"description_md"`
	DescriptionHTML string `json:"description_html"`
	Enrolled        bool   `json:"enrolled"`
	// Access is why the caller may open the lectures: enrolled,
	// subscription, owner or admin; "" when they may not.
	Access         string        `json:"access"`
	InSubscription bool          `json:"in_subscription"`
	CanEdit        bool          `json:"can_edit"`
	Sections       []sectionJSON `json:"sections"`
}

type sectionJSON struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Position int           `json:"position"`
	Lectures []lectureJSON `json:"lectures"`
}

// lectureJSON never carries a media URL. BodyMD and Video are filled only
// for the course's editors (the curriculum builder needs them).
type lectureJSON struct {
	ID        string           `json:"id"`
	Title     string           `json:"title"`
	Kind      string           `json:"kind"`
	Position  int              `json:"position"`
	DurationS int              `json:"duration_s"`
	IsPreview bool             `json:"is_preview"`
	BodyMD    *string          `json:"body_md,omitempty"`
	Video     *lectureVideoRef `json:"video,omitempty"`
}

type lectureVideoRef struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

type courseList struct {
	Items      []courseJSON `json:"items"`
	NextCursor *string      `json:"next_cursor"`
}

// searchList is a page of catalog search results: total, facets and
// highlights are null while the search index is not ready (the database
// answers then).
type searchList struct {
	Items      []searchItemJSON       `json:"items"`
	NextCursor *string                `json:"next_cursor"`
	Total      *int                   `json:"total"`
	Facets     map[string][]facetJSON `json:"facets"`
	DidYouMean *string                `json:"did_you_mean"`
}

type searchItemJSON struct {
	courseJSON
	// Highlights are title and subtitle as safe HTML: escaped text with
	// the matched words in <mark>.
	Highlights *highlightJSON `json:"highlights"`
}

type highlightJSON struct {
	Title    string `json:"title"`
	Subtitle string `json:"subtitle"`
}

type facetJSON struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

type suggestionList struct {
	Items []suggestionJSON `json:"items"`
}

type suggestionJSON struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
	Slug  string `json:"slug"`
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func toCourseJSON(c *catalog.Course) courseJSON {
	out := courseJSON{
		ID: id(c.ID), Slug: c.Slug, Title: c.Title, Subtitle: c.Subtitle, Language: c.Language, Level: c.Level,
		PriceCents: c.PriceCents, Currency: c.Currency, Status: c.Status,
		Instructor: personJSON{ID: id(c.InstructorID), Name: c.InstructorName},
		RatingAvg:  c.RatingAvg, RatingCount: c.RatingCount, EnrollmentCount: c.EnrollmentCount, TotalDurationS: c.TotalDurationS,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, PublishedAt: c.PublishedAt, Featured: c.FeaturedAt != nil,
	}
	if c.CategoryID != nil {
		out.Category = &categoryJSON{ID: id(*c.CategoryID), Slug: c.CategorySlug, Name: c.CategoryName}
	}
	if c.ThumbnailKey != "" {
		u := "/media/" + c.ThumbnailKey
		out.ThumbnailURL = &u
	}
	return out
}

func toSectionJSON(sec *catalog.Section, editor bool) sectionJSON {
	out := sectionJSON{ID: id(sec.ID), Title: sec.Title, Position: sec.Position, Lectures: []lectureJSON{}}
	for _, l := range sec.Lectures {
		out.Lectures = append(out.Lectures, toLectureJSON(l, editor))
	}
	return out
}

func toLectureJSON(l *catalog.Lecture, editor bool) lectureJSON {
	lj := lectureJSON{ID: id(l.ID), Title: l.Title, Kind: l.Kind, Position: l.Position, DurationS: l.DurationS, IsPreview: l.IsPreview}
	if editor {
		body := l.BodyMD
		lj.BodyMD = &body
		if l.VideoID != nil {
			lj.Video = &lectureVideoRef{ID: id(*l.VideoID), Status: l.VideoStatus}
		}
	}
	return lj
}

type courseRequest struct {
	Title         *string `json:"title,omitempty"`
	Subtitle      *string `json:"subtitle,omitempty"`
	DescriptionMD *string `json:"description_md,omitempty"`
	Language      *string `json:"language,omitempty"`
	Level         *string `json:"level,omitempty"`
	Category      *string `json:"category,omitempty"` // category slug; "" clears
	PriceCents    *int64  `json:"price_cents,omitempty"`
	Currency      *string `json:"currency,omitempty"`
}

func (in courseRequest) input() catalog.CourseInput {
	return catalog.CourseInput{Title: in.Title, Subtitle: in.Subtitle, DescriptionMD: in.DescriptionMD, Language: in.Language,
		Level: in.Level, Category: in.Category, PriceCents: in.PriceCents, Currency: in.Currency}
}

func (s *Server) listCourses(w http.ResponseWriter, r *http.Request) error {
	key := s.anonymousKey(r)
	if enc, ok := s.cachedResponse(r, key); ok {
		return writeEncoded(w, r, enc, true)
	}
	q := r.URL.Query()
	var fe apperr.Fields
	cq := catalog.CourseQuery{Q: q.Get("q"), Level: q.Get("level"), Language: q.Get("language"), Price: q.Get("price"), Sort: q.Get("sort"), Limit: 20}
	if len([]rune(cq.Q)) > catalog.MaxQueryLen {
		fe.Add("q", fmt.Sprintf("must be at most %d characters", catalog.MaxQueryLen))
	}
	if v := q.Get("duration"); v != "" {
		b, ok := catalog.DurationBand(v)
		if !ok {
			fe.Add("duration", "must be one of 0-1, 1-3, 3-6, 6-17, 17+ (hours)")
		}
		cq.Duration = v
		if b.Min != nil {
			cq.MinDurationS = int(*b.Min)
		}
		if b.Max != nil {
			cq.MaxDurationS = int(*b.Max)
		}
	}
	if v := q.Get("category"); v != "" {
		cat, err := s.Catalog.CategoryBySlug(r.Context(), v)
		if err != nil {
			fe.Add("category", "is not a known category")
		} else {
			cq.CategoryID = &cat.ID
		}
	}
	if cq.Level != "" && !contains(catalog.Levels, cq.Level) {
		fe.Add("level", "must be one of all, beginner, intermediate, advanced")
	}
	if cq.Price != "" && cq.Price != "free" && cq.Price != "paid" {
		fe.Add("price", "must be free or paid")
	}
	if v := q.Get("min_rating"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 5 {
			fe.Add("min_rating", "must be a number from 0 to 5")
		}
		cq.MinRating = f
	}
	if cq.Sort != "" && !contains([]string{catalog.SortRelevance, catalog.SortNewest, catalog.SortRating, catalog.SortPopular}, cq.Sort) {
		fe.Add("sort", "must be relevance, newest, rating or popular")
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			fe.Add("limit", "must be a whole number from 1 to 50")
		}
		cq.Limit = n
	}
	cq.Featured = q.Get("featured") == "true"
	if c := q.Get("cursor"); c != "" {
		cq.After = &catalog.CourseCursor{}
		if err := decodeCursor(c, cq.After); err != nil {
			fe.Add("cursor", "is not a cursor this server gave out")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.Catalog.Search(r.Context(), cq)
	if err != nil {
		return err
	}
	out := searchList{Items: make([]searchItemJSON, 0, len(page.Items)), Total: page.Total}
	for _, c := range page.Items {
		it := searchItemJSON{courseJSON: toCourseJSON(c)}
		if h, ok := page.Highlights[c.ID]; ok {
			it.Highlights = &highlightJSON{Title: h.Title, Subtitle: h.Subtitle}
		}
		out.Items = append(out.Items, it)
	}
	if page.Facets != nil {
		out.Facets = map[string][]facetJSON{}
		for name, list := range page.Facets {
			fl := make([]facetJSON, 0, len(list))
			for _, f := range list {
				fl = append(fl, facetJSON{Value: f.Value, Label: f.Label, Count: f.Count})
			}
			out.Facets[name] = fl
		}
	}
	if page.DidYouMean != "" {
		out.DidYouMean = &page.DidYouMean
	}
	if page.Next != nil {
		out.NextCursor = encodeCursor(page.Next)
	}
	enc, err := encode(out)
	if err != nil {
		return err
	}
	if !page.Interim { // the index's answer is coming: keep only that
		s.cacheResponse(r, key, enc)
	}
	return writeEncoded(w, r, enc, true)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func courseDetail(v *catalog.View) courseDetailJSON {
	d, editor := v.Detail, v.Editor
	out := courseDetailJSON{
		Enrolled:        v.Enrolled,
		Access:          v.Grant,
		InSubscription:  v.InSubscription,
		courseJSON:      toCourseJSON(d.Course),
		DescriptionMD:   d.Course.DescriptionMD,
		DescriptionHTML: markdown.ToHTML(d.Course.DescriptionMD),
		CanEdit:         editor,
		Sections:        []sectionJSON{},
	}
	for _, sec := range d.Sections {
		out.Sections = append(out.Sections, toSectionJSON(sec, editor))
	}
	return out
}

func (s *Server) getCourse(w http.ResponseWriter, r *http.Request) error {
	key := s.anonymousKey(r)
	if enc, ok := s.cachedResponse(r, key); ok {
		return writeEncoded(w, r, enc, true)
	}
	v, err := s.Catalog.View(r.Context(), currentUser(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	public := v.Cacheable
	enc, err := encode(courseDetail(v))
	if err != nil {
		return err
	}
	if public {
		s.cacheResponse(r, key, enc)
	}
	return writeEncoded(w, r, enc, public)
}

// courseID resolves the {id} path value (an id or a slug).
func (s *Server) courseID(r *http.Request) (int64, error) {
	return s.Catalog.Resolve(r.Context(), r.PathValue("id"))
}

func (s *Server) createCourse(w http.ResponseWriter, r *http.Request) error {
	var in courseRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.Catalog.Create(r.Context(), currentUser(r), in.input())
	if err != nil {
		return err
	}
	return s.writeCourse(w, r, http.StatusCreated, c.ID)
}

// writeCourse answers with the full, fresh detail of a course.
func (s *Server) writeCourse(w http.ResponseWriter, r *http.Request, status int, courseID int64) error {
	v, err := s.Catalog.View(r.Context(), currentUser(r), id(courseID))
	if err != nil {
		return err
	}
	return writeJSON(w, status, courseDetail(v))
}

func (s *Server) patchCourse(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	var in courseRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.Catalog.Update(r.Context(), currentUser(r), cid, in.input()); err != nil {
		return err
	}
	return s.writeCourse(w, r, http.StatusOK, cid)
}

func (s *Server) deleteCourse(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	if err := s.Catalog.Delete(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) publishCourse(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	if _, err := s.Catalog.Publish(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	return s.writeCourse(w, r, http.StatusOK, cid)
}

// checklistJSON is what a course lacks before it may be published: the
// same field errors a refused publish answers with.
type checklistJSON struct {
	Ready bool                `json:"ready"`
	Items []checklistItemJSON `json:"items"`
}

type checklistItemJSON struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (s *Server) publishChecklist(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	missing, err := s.Catalog.PublishChecklist(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	out := checklistJSON{Ready: len(missing) == 0, Items: make([]checklistItemJSON, 0, len(missing))}
	for _, f := range missing {
		out.Items = append(out.Items, checklistItemJSON{Field: f.Field, Message: f.Message})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) unpublishCourse(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	if _, err := s.Catalog.Unpublish(r.Context(), currentUser(r), cid); err != nil {
		return err
	}
	return s.writeCourse(w, r, http.StatusOK, cid)
}

func (s *Server) instructorCourses(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Catalog.Mine(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := courseList{Items: make([]courseJSON, 0, len(list))}
	for _, c := range list {
		out.Items = append(out.Items, toCourseJSON(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

type categoryList struct {
	Items []categoryJSON `json:"items"`
}

func (s *Server) listCategories(w http.ResponseWriter, r *http.Request) error {
	cats, err := s.Catalog.Categories(r.Context())
	if err != nil {
		return err
	}
	out := categoryList{Items: make([]categoryJSON, 0, len(cats))}
	for _, c := range cats {
		out.Items = append(out.Items, categoryJSON{ID: id(c.ID), Slug: c.Slug, Name: c.Name})
	}
	return writeCacheable(w, r, out, true)
}

func (s *Server) putThumbnail(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	if _, err := s.Catalog.UploadThumbnail(r.Context(), currentUser(r), cid, r.Body); err != nil {
		return err
	}
	return s.writeCourse(w, r, http.StatusOK, cid)
}

func (s *Server) suggest(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	if len([]rune(q)) > catalog.MaxQueryLen {
		return apperr.Fields{{Field: "q", Message: fmt.Sprintf("must be at most %d characters", catalog.MaxQueryLen)}}.Err()
	}
	key := s.anonymousKey(r)
	if enc, ok := s.cachedResponse(r, key); ok {
		return writeEncoded(w, r, enc, true)
	}
	list, err := s.Catalog.Suggest(r.Context(), q)
	if err != nil {
		return err
	}
	out := suggestionList{Items: make([]suggestionJSON, 0, len(list))}
	for _, sg := range list {
		out.Items = append(out.Items, suggestionJSON{Kind: sg.Kind, ID: id(sg.ID), Title: sg.Title, Slug: sg.Slug})
	}
	enc, err := encode(out)
	if err != nil {
		return err
	}
	s.cacheResponse(r, key, enc)
	return writeEncoded(w, r, enc, true)
}
