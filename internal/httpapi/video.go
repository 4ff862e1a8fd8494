package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/media"
	"github.com/lectern/lectern/internal/media/pack"
	"github.com/lectern/lectern/internal/storage"
)

type videoJSON struct {
	ID         string            `json:"id"`
	LectureID  *string           `json:"lecture_id"`
	Status     string            `json:"status"`
	Progress   float64           `json:"progress"`
	DurationS  float64           `json:"duration_s"`
	Width      int               `json:"width"`
	Height     int               `json:"height"`
	Renditions []media.Rendition `json:"renditions"`
	Error      string            `json:"error"`
	Filename   string            `json:"filename"`
	SizeBytes  int64             `json:"size_bytes"`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

func toVideoJSON(v *media.Video) videoJSON {
	out := videoJSON{ID: id(v.ID), Status: v.Status, Progress: v.Progress, DurationS: v.DurationS, Width: v.Width, Height: v.Height,
		Renditions: v.Renditions, Error: v.Error, Filename: v.Filename, SizeBytes: v.SizeBytes, CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC()}
	if out.Renditions == nil {
		out.Renditions = []media.Rendition{}
	}
	if v.LectureID != nil {
		l := id(*v.LectureID)
		out.LectureID = &l
	}
	return out
}

type playbackJSON struct {
	HLSURL string `json:"hls_url"`
	// DASHURL is an MPD over the same segments (null while an older video
	// waits to be repackaged).
	DASHURL *string `json:"dash_url"`
	// Encryption says how to get the key of encrypted segments (null for
	// clear ones).
	Encryption       *encryptionJSON `json:"encryption"`
	ThumbnailsVTTURL string          `json:"thumbnails_vtt_url"`
	PosterURL        string          `json:"poster_url"`
	Captions         []captionJSON   `json:"captions"`
	ExpiresAt        time.Time       `json:"expires_at"`
	Watermark        string          `json:"watermark"`
	Video            playbackVideo   `json:"video"`
}

// encryptionJSON tells a player how to play encrypted segments: Common
// Encryption (cbcs) whose key it gets through EME from the license URL,
// sending its access token; the key is handed out only while the viewer is
// entitled.
type encryptionJSON struct {
	Scheme     string `json:"scheme"`      // "cbcs"
	KeySystem  string `json:"key_system"`  // "org.w3.clearkey"
	LicenseURL string `json:"license_url"` // POST, ClearKey license request body
}

type captionJSON struct {
	Label    string `json:"label"`
	Language string `json:"language"`
	URL      string `json:"url,omitempty"`
}

type playbackVideo struct {
	DurationS  float64           `json:"duration_s"`
	Renditions []media.Rendition `json:"renditions"`
}

func (s *Server) playback(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	info, err := s.Media.Playback(r.Context(), s.Signer, currentUser(r), lid)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	caps := []captionJSON{}
	for _, c := range info.Captions {
		caps = append(caps, captionJSON{Label: c.Label, Language: c.Language, URL: c.URL})
	}
	var dash *string
	if info.DASHURL != "" {
		dash = &info.DASHURL
	}
	var enc *encryptionJSON
	if info.Encrypted {
		enc = &encryptionJSON{Scheme: pack.Scheme, KeySystem: media.KeySystem, LicenseURL: fmt.Sprintf("%s/media/keys/%d", apiPrefix, info.Video.ID)}
	}
	return writeJSON(w, http.StatusOK, playbackJSON{
		HLSURL: info.HLSURL, DASHURL: dash, Encryption: enc, ThumbnailsVTTURL: info.ThumbnailsVTTURL, PosterURL: info.PosterURL, Captions: caps,
		ExpiresAt: info.ExpiresAt.UTC(), Watermark: info.Watermark,
		Video: playbackVideo{DurationS: info.Video.DurationS, Renditions: info.Video.Renditions},
	})
}

// lectureVideo is the instructor's view of the newest video of a lecture.
func (s *Server) lectureVideo(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	v, err := s.Media.LectureVideo(r.Context(), currentUser(r), lid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toVideoJSON(v))
}

// instructorEvents streams the caller's video changes as Server-Sent
// Events: an "video" event with the video JSON on every status or progress
// change, and a comment every 15 s to keep proxies from closing the stream.
func (s *Server) instructorEvents(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	events, done := s.Events.Subscribe(u.ID)
	defer done()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": connected\nretry: 3000\n\n")
	_ = rc.Flush()
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
		case e := <-events:
			b, err := encode(toVideoJSON(e.Video))
			if err != nil {
				return nil
			}
			fmt.Fprintf(w, "event: video\nid: %d-%d\ndata: %s\n\n", e.Video.ID, e.Video.UpdatedAt.UnixMilli(), strings.TrimSpace(string(b.body)))
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// media serves /media/…: public files (course images) under /media/public/,
// and video files under /media/{video}/{token}/{file}, where the token was
// signed for this video and has not expired.
func (s *Server) media(w http.ResponseWriter, r *http.Request) {
	rest := r.PathValue("rest")
	if strings.HasPrefix(rest, "public/") {
		s.serveStored(w, r, "public/"+strings.TrimPrefix(rest, "public/"), "public, max-age=31536000, immutable")
		return
	}
	h := w.Header()
	h.Set("Referrer-Policy", "no-referrer")
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) != 3 {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	vid, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	if _, err := s.Signer.Verify(vid, parts[1]); err != nil {
		code := "invalid_media_token"
		if errors.Is(err, media.ErrExpiredToken) {
			code = "media_token_expired"
		}
		writeProblem(w, r, http.StatusForbidden, code, "This playback link is not valid; ask for a new one.", nil)
		return
	}
	file, ok := storage.CleanKey(parts[2])
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	if strings.HasPrefix(file, "captions/") { // stored beside, not inside, the published output
		s.serveStored(w, r, fmt.Sprintf("videos/%d/%s", vid, file), "private, max-age=300")
		return
	}
	prefix, err := s.Media.ReadyPrefix(r.Context(), vid)
	if err != nil {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	cache := "private, max-age=31536000, immutable" // segments never change under a prefix
	if path.Ext(file) == ".m3u8" || path.Ext(file) == ".mpd" || path.Ext(file) == ".vtt" {
		cache = "private, max-age=300"
	}
	s.serveStored(w, r, prefix+"/"+file, cache)
}

// serveStored serves one stored file: from the local directory with
// sendfile and range support, or streamed from the bucket.
func (s *Server) serveStored(w http.ResponseWriter, r *http.Request, key, cacheControl string) {
	key, ok := storage.CleanKey(key)
	ct := media.ContentType(key)
	if !ok || ct == "application/octet-stream" {
		writeProblem(w, r, http.StatusNotFound, "not_found", "No such file.", nil)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", cacheControl)
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
		if c, ok := r.Context().Value(connKey{}).(net.Conn); ok {
			defer cork(c)()
		}
		http.ServeContent(w, r, "", st.ModTime(), f)
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
	http.ServeContent(w, r, "", rd.ModTime(), rd) // ranges are seeks on the remote object
}

type connKey struct{}

// ConnContext gives handlers the connection of their request (for
// TCP_CORK around file responses); set it as http.Server.ConnContext.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// redactPath hides media tokens: a path is logged, a token is not.
func redactPath(p string) string {
	if !strings.HasPrefix(p, "/media/") || strings.HasPrefix(p, "/media/public/") {
		return p
	}
	parts := strings.SplitN(p, "/", 5) // "", "media", video, token, file
	if len(parts) >= 4 {
		parts[3] = "REDACTED"
	}
	return strings.Join(parts, "/")
}

func (s *Server) uploadCreate(w http.ResponseWriter, r *http.Request) error {
	s.Uploads.Create().ServeHTTP(w, r)
	return nil
}

func (s *Server) uploadResume(w http.ResponseWriter, r *http.Request) error {
	s.Uploads.Resume().ServeHTTP(w, r)
	return nil
}

func (s *Server) putCaption(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	c, err := s.Media.PutCaption(r.Context(), currentUser(r), lid, r.PathValue("lang"), r.URL.Query().Get("label"), r.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, captionJSON{Label: c.Label, Language: c.Language})
}

type captionListJSON struct {
	Items []captionJSON `json:"items"`
}

func (s *Server) listCaptions(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	caps, err := s.Media.Captions(r.Context(), currentUser(r), lid)
	if err != nil {
		return err
	}
	out := captionListJSON{Items: make([]captionJSON, 0, len(caps))}
	for _, c := range caps {
		out.Items = append(out.Items, captionJSON{Label: c.Label, Language: c.Language})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) deleteCaption(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	if err := s.Media.DeleteCaption(r.Context(), currentUser(r), lid, r.PathValue("lang")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type lectureContentJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	DurationS int    `json:"duration_s"`
	IsPreview bool   `json:"is_preview"`
	BodyHTML  string `json:"body_html"`
}

// lectureContent gives entitled viewers (and anyone, for a preview of a
// public course) what a lecture says: an article's sanitised HTML.
func (s *Server) lectureContent(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	c, err := s.Learning.Content(r.Context(), currentUser(r), lid)
	if err != nil {
		return err
	}
	l := c.Lecture
	return writeJSON(w, http.StatusOK, lectureContentJSON{ID: id(l.ID), Title: l.Title, Kind: l.Kind, DurationS: l.DurationS,
		IsPreview: l.IsPreview, BodyHTML: c.BodyHTML})
}

// licenseRequest is an EME ClearKey license request (W3C Encrypted Media
// Extensions, 9.1.3): the key ids the player needs, base64url.
type licenseRequest struct {
	KIDs []string `json:"kids"`
	Type string   `json:"type"`
}

// licenseJSON is a ClearKey license: a JSON Web Key Set of the keys.
type licenseJSON struct {
	Keys []jwk  `json:"keys"`
	Type string `json:"type"`
}

type jwk struct {
	Kty string `json:"kty"` // "oct"
	KID string `json:"kid"` // base64url
	K   string `json:"k"`   // base64url
}

// videoKey answers an EME ClearKey license request for a video's key,
// asking the access policy on every request; the answer is never cached.
// The body is read whatever its declared type (CDMs send the challenge as
// it is); when it names key ids, the video's must be among them.
func (s *Server) videoKey(w http.ResponseWriter, r *http.Request) error {
	vid, err := pathID(r, "id", "video")
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	lic, err := s.Media.ContentKey(r.Context(), currentUser(r), vid)
	if err != nil {
		return err
	}
	kid := base64.RawURLEncoding.EncodeToString(lic.KeyID[:])
	var in licenseRequest
	if body, _ := io.ReadAll(io.LimitReader(r.Body, 4096)); len(bytes.TrimSpace(body)) > 0 {
		if json.Unmarshal(body, &in) != nil {
			return &apperr.Error{Kind: apperr.Invalid, Code: "malformed_license_request", Message: "The body is not a ClearKey license request."}
		}
	}
	if len(in.KIDs) > 0 && !slices.Contains(in.KIDs, kid) {
		return apperr.New(apperr.NotFound, "unknown_key", "This video has no key with that id.")
	}
	return writeJSON(w, http.StatusOK, licenseJSON{
		Keys: []jwk{{Kty: "oct", KID: kid, K: base64.RawURLEncoding.EncodeToString(lic.Key[:])}},
		Type: "temporary",
	})
}
