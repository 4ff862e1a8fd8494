package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Response helpers shared by every handler: JSON, and encoded bodies with
// ETags that may be kept in the response cache.

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// encoded is a response body with its ETag.
type encoded struct {
	body []byte
	etag string
}

func encode(v any) (*encoded, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return &encoded{body: append(body, '\n'), etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}, nil
}

// anonymousKey is the key of a public catalog response in the response
// cache, or "" when the response depends on the caller (or the cache cannot
// be asked). It includes the cache generation, which every course change
// bumps, so no changed course is served from the cache.
func (s *Server) anonymousKey(r *http.Request) string {
	if r.Header.Get("Authorization") != "" || s.Catalog.NoCache {
		return ""
	}
	gen := s.Cache.Generation(r.Context())
	if gen < 0 {
		return ""
	}
	return strconv.FormatInt(gen, 10) + " " + r.URL.Path + "?" + r.URL.RawQuery
}

// cachedResponse reads an encoded response (its ETag, a newline, its body).
// The body is the cached bytes themselves, not a copy: the cache's values
// are never changed in place, and the body is only written out.
func (s *Server) cachedResponse(r *http.Request, key string) (*encoded, bool) {
	if key == "" {
		return nil, false
	}
	b, ok := s.Cache.Get(r.Context(), key)
	s.Metrics.CacheResult("response", ok)
	if !ok {
		return nil, false
	}
	etag, body, found := bytes.Cut(b, []byte("\n"))
	if !found {
		return nil, false
	}
	return &encoded{etag: string(etag), body: body}, true
}

func (s *Server) cacheResponse(r *http.Request, key string, enc *encoded) {
	if key != "" {
		s.Cache.Set(r.Context(), key, append([]byte(enc.etag+"\n"), enc.body...))
	}
}

// writeCacheable writes v with an ETag and answers 304 when the client has
// it. Responses that do not depend on who asks are public; the rest are
// private to the caller.
func writeCacheable(w http.ResponseWriter, r *http.Request, v any, public bool) error {
	enc, err := encode(v)
	if err != nil {
		return err
	}
	return writeEncoded(w, r, enc, public)
}

func writeEncoded(w http.ResponseWriter, r *http.Request, enc *encoded, public bool) error {
	etag := enc.etag
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Vary", "Authorization")
	if public {
		h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	} else {
		h.Set("Cache-Control", "private, no-cache")
	}
	for _, tag := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t := strings.TrimPrefix(strings.TrimSpace(tag), "W/"); t == etag || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	h.Set("Content-Type", "application/json")
	// The length is known: the body goes out in one piece, not chunked.
	h.Set("Content-Length", strconv.Itoa(len(enc.body)))
	_, err := w.Write(enc.body)
	return err
}
