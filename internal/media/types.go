package media

import "github.com/lectern/lectern/internal/store"

// The media types the HTTP layer speaks in; it never imports the store.
type (
	Video     = store.Video
	Rendition = store.Rendition
	Caption   = store.Caption
)
