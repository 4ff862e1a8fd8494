package catalog

import "github.com/lectern/lectern/internal/store"

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
