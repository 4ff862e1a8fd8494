package auth

import "github.com/lectern/lectern/internal/store"

// The account types the HTTP layer speaks in; it never imports the store.
type (
	User       = store.User
	UserCursor = store.UserCursor
	UserPage   = store.UserPage
)
