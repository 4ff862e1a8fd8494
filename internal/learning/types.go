package learning

import "github.com/lectern/lectern/internal/store"

// The learning types the HTTP layer speaks in; it never imports the store.
type (
	Review       = store.Review
	ReviewCursor = store.ReviewCursor
	Progress     = store.Progress
	Quiz         = store.Quiz
	QuizQuestion = store.QuizQuestion
	QuizAnswer   = store.QuizAnswer
	QuizAttempt  = store.QuizAttempt
	Certificate  = store.Certificate
	Post         = store.Post
	Note         = store.Note
)

// Review statuses.
const (
	ReviewVisible = store.ReviewVisible
	ReviewFlagged = store.ReviewFlagged
	ReviewHidden  = store.ReviewHidden
)
