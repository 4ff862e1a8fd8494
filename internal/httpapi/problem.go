package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/logging"
)

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Code      string              `json:"code,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
	Errors    []apperr.FieldError `json:"errors,omitempty"`
}

var kindStatus = map[apperr.Kind]int{
	apperr.Internal:      http.StatusInternalServerError,
	apperr.Invalid:       http.StatusBadRequest,
	apperr.Unauthorized:  http.StatusUnauthorized,
	apperr.Forbidden:     http.StatusForbidden,
	apperr.NotFound:      http.StatusNotFound,
	apperr.Conflict:      http.StatusConflict,
	apperr.TooMany:       http.StatusTooManyRequests,
	apperr.Unavailable:   http.StatusServiceUnavailable,
	apperr.Unprocessable: http.StatusUnprocessableEntity,
}

// codeStatus refines the status of codes whose kind alone is too coarse.
var codeStatus = map[string]int{
	"validation_failed":      http.StatusUnprocessableEntity,
	"unsupported_media_type": http.StatusUnsupportedMediaType,
	"body_too_large":         http.StatusRequestEntityTooLarge,
}

// writeError turns any error into a problem document. Client-safe errors
// keep their message; anything else is logged with the request id and the
// client sees only that id.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := apperr.As(err)
	var maxErr *http.MaxBytesError
	if !ok && errors.As(err, &maxErr) {
		// A handler read past the route's body limit: the client sent too
		// much, which is no fault of ours.
		e, ok = &apperr.Error{Kind: apperr.Invalid, Code: "body_too_large", Message: fmt.Sprintf("The body is larger than %d bytes.", maxErr.Limit)}, true
	}
	if !ok && r.Context().Err() == nil && s.unavailable(err) {
		// The database or storage is down or restarting: say so, and when
		// to try again, rather than blaming ourselves with a 500.
		s.log.WarnContext(r.Context(), "dependency unavailable", "err", err)
		e, ok = &apperr.Error{Kind: apperr.Unavailable, Code: "temporarily_unavailable",
			Message: "Lectern cannot reach its database or storage right now; try again in a moment.", RetryAfter: 2 * time.Second}, true
	}
	if !ok {
		if errors.Is(err, r.Context().Err()) {
			// The client went away; nobody will read an answer.
			s.log.DebugContext(r.Context(), "request cancelled", "err", err)
			return
		}
		s.log.ErrorContext(r.Context(), "internal error", "err", err)
		e = &apperr.Error{Kind: apperr.Internal, Code: "internal", Message: "Something went wrong on our side; it has been logged."}
	} else if e.Cause != nil {
		s.log.InfoContext(r.Context(), "request refused", "code", e.Code, "cause", e.Cause)
	}
	status := kindStatus[e.Kind]
	if st, ok := codeStatus[e.Code]; ok {
		status = st
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds())))
	}
	writeProblem(w, r, status, e.Code, e.Message, e.Fields)
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, code, detail string, fields []apperr.FieldError) {
	WriteProblem(w, r, status, code, detail, fields)
}

// ProblemJSON encodes a problem document for a request's context (its
// request id); the upload endpoints use it for errors that tusd writes.
func ProblemJSON(ctx context.Context, status int, code, detail string, fields []apperr.FieldError) []byte {
	b, _ := json.Marshal(Problem{
		Type:      "urn:lectern:problem:" + code,
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    detail,
		Code:      code,
		RequestID: logging.RequestID(ctx),
		Errors:    fields,
	})
	return append(b, '\n')
}

// WriteProblem writes a problem document: the one way every error of the
// API, uploads included, reaches a client.
func WriteProblem(w http.ResponseWriter, r *http.Request, status int, code, detail string, fields []apperr.FieldError) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(ProblemJSON(r.Context(), status, code, detail, fields))
}

// logLateError records an error that came after the response began: a
// client that went away is routine, anything else is a bug.
func (s *Server) logLateError(r *http.Request, err error) {
	if r.Context().Err() != nil || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, http.ErrHandlerTimeout) {
		s.log.DebugContext(r.Context(), "client went away during the response", "err", err)
		return
	}
	s.log.ErrorContext(r.Context(), "error after the response began", "err", err)
}

// trackingWriter notes whether a handler began its response.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackingWriter) WriteHeader(code int) { t.wrote = true; t.ResponseWriter.WriteHeader(code) }

func (t *trackingWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (SSE flushes).
func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// decodeJSON reads a JSON object body into dst. Bodies must say they are
// JSON (415 otherwise) and fit the size limit (413). Unknown fields are
// ignored, so a client cannot set what a handler does not read.
func decodeJSON(r *http.Request, dst any) error {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
		return &apperr.Error{Kind: apperr.Invalid, Code: "unsupported_media_type", Message: "Send the body as application/json."}
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(dst); err != nil {
		var maxErr *http.MaxBytesError
		var syntaxErr *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &maxErr):
			return &apperr.Error{Kind: apperr.Invalid, Code: "body_too_large", Message: fmt.Sprintf("The body is larger than %d bytes.", maxErr.Limit)}
		case errors.Is(err, io.EOF):
			return &apperr.Error{Kind: apperr.Invalid, Code: "malformed_json", Message: "The body is empty; send a JSON object."}
		case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
			return &apperr.Error{Kind: apperr.Invalid, Code: "malformed_json", Message: "The body is not valid JSON."}
		case errors.As(err, &typeErr):
			field := typeErr.Field
			if field == "" {
				return &apperr.Error{Kind: apperr.Invalid, Code: "malformed_json", Message: "The body must be a JSON object."}
			}
			return apperr.Fields{{Field: field, Message: "must be a " + jsonTypeName(typeErr.Type.Kind().String())}}.Err()
		default:
			return &apperr.Error{Kind: apperr.Invalid, Code: "malformed_json", Message: "The body could not be read as JSON."}
		}
	}
	if dec.More() {
		return &apperr.Error{Kind: apperr.Invalid, Code: "malformed_json", Message: "The body must hold a single JSON object."}
	}
	return nil
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "struct", "map":
		return "object"
	default:
		return "number"
	}
}

func (s *Server) unavailable(err error) bool {
	return s.Unavailable != nil && s.Unavailable(err)
}
