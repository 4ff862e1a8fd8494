package catalog

import (
	"github.com/lectern/lectern/internal/search"
	"github.com/lectern/lectern/internal/store"
)

// The catalog types the HTTP layer speaks in; it never imports the store.
type (
	Course          = store.Course
	Section         = store.Section
	Lecture         = store.Lecture
	Category        = store.Category
	CourseQuery     = store.CourseQuery
	CourseCursor    = store.CourseCursor
	CoursePage      = store.CoursePage
	CurriculumOrder = store.CurriculumOrder
)

// Sort orders of the catalog search.
const (
	SortRelevance = store.SortRelevance
	SortNewest    = store.SortNewest
	SortRating    = store.SortRating
	SortPopular   = store.SortPopular
)

// Search results beyond the courses themselves.
type (
	Facet      = search.Facet
	Highlight  = search.Highlight
	Suggestion = search.Suggestion
)

// DurationBand finds a duration filter value ("0-1", "1-3", … hours).
func DurationBand(v string) (search.Band, bool) { return search.DurationBand(v) }

// MaxQueryLen is the longest search query, in characters.
const MaxQueryLen = search.MaxQueryLen
