// Package apperr is the one error type that may reach a client: a kind (which
// the HTTP layer maps to a status), a stable code, a safe message and field
// errors. The cause, if any, is for the log only.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error the way a client needs to react to it.
type Kind int

const (
	Internal      Kind = iota // a bug or an outage; the client sees a generic message
	Invalid                   // the request is malformed or fails validation (400/422)
	Unauthorized              // no or bad credentials (401)
	Forbidden                 // authenticated but not allowed (403)
	NotFound                  // no such thing, or not visible to the caller (404)
	Conflict                  // clashes with current state (409)
	TooMany                   // rate limited (429)
	Unavailable               // a dependency is down; retry later (503)
	Unprocessable             // well-formed but breaks a business rule (422)
)

// FieldError names one invalid input field and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a client-safe error.
type Error struct {
	Kind       Kind
	Code       string        // stable machine-readable code, e.g. "invalid_credentials"
	Message    string        // safe for any client to read
	Fields     []FieldError  // for Invalid
	RetryAfter time.Duration // for TooMany and Unavailable
	Cause      error         // for the log only
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// New makes an error of kind with a code and a safe message.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Fields collects validation errors; Err returns nil when none were added.
type Fields []FieldError

// Add records that field is wrong.
func (f *Fields) Add(field, message string) { *f = append(*f, FieldError{field, message}) }

// Err returns an Invalid error listing every field, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "validation_failed", Message: "Some fields are not valid.", Fields: f}
}

// As extracts an *Error from err.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err is an *Error with code.
func Is(err error, code string) bool {
	e, ok := As(err)
	return ok && e.Code == code
}
