package httpapi

import (
	"errors"
	"net/http"
	"os"
	"path"

	"github.com/lectern/lectern/internal/storage"
)

// contentTypes of the files Lectern stores; nothing is served with a type
// guessed from its content.
var contentTypes = map[string]string{
	".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", ".vtt": "text/vtt; charset=utf-8",
	".m3u8": "application/vnd.apple.mpegurl", ".m4s": "video/iso.segment", ".mp4": "video/mp4",
}

// publicMedia serves /media/public/…: course images and other files anyone
// may see. Their keys hold a content hash, so they are cached forever.
func (s *Server) publicMedia(w http.ResponseWriter, r *http.Request) {
	key, ok := storage.CleanKey("public/" + r.PathValue("key"))
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	ct, known := contentTypes[path.Ext(key)]
	if !known {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if p, ok := s.Files.LocalPath(key); ok {
		f, err := os.Open(p)
		if err != nil {
			writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || st.IsDir() {
			writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
			return
		}
		http.ServeContent(w, r, "", st.ModTime(), f) // sendfile, ranges, If-Modified-Since
		return
	}
	rd, err := s.Files.Open(r.Context(), key)
	if errors.Is(err, storage.ErrNotFound) {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer rd.Close()
	http.ServeContent(w, r, "", rd.ModTime(), rd) // ranges are seeks on the S3 object
}
