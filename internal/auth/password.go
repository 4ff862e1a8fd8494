// Package auth holds the account rules: password hashing and policy, access
// and refresh tokens, and the register/login/refresh/reset flows. It knows
// nothing of HTTP.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/lectern/lectern/internal/apperr"
)

// Argon2id parameters: OWASP's second recommended set (19 MiB, 2 passes, one
// lane). A hash takes ~25 ms of one core here, so two cores sustain ~80
// logins a second; the hashing limiter below turns more into 429s instead of
// an ever-growing queue.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// ErrHashBusy means every hashing slot stayed busy for the whole wait.
var ErrHashBusy = &apperr.Error{Kind: apperr.TooMany, Code: "busy", Message: "Too many sign-ins right now; try again in a moment.", RetryAfter: time.Second}

// Hasher hashes and verifies passwords with argon2id, at most a fixed number
// at a time, so a login flood cannot take all memory and CPU.
type Hasher struct {
	slots chan struct{}
	wait  time.Duration
	dummy string // a real hash, verified against when the user does not exist
}

// DefaultHashSlots leaves half the CPUs to everything else, so a login
// storm cannot starve browsing: hashing is the one expensive thing a client
// can ask for without an account.
func DefaultHashSlots() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// NewHasher allows slots concurrent hashes and queues callers for at most
// wait before answering ErrHashBusy (429).
func NewHasher(slots int, wait time.Duration) *Hasher {
	h := &Hasher{slots: make(chan struct{}, max(1, slots)), wait: wait}
	h.dummy = encodeHash(make([]byte, argonSaltLen), argon2.IDKey([]byte("dummy"), make([]byte, argonSaltLen), argonTime, argonMemoryKiB, argonThreads, argonKeyLen))
	return h
}

func (h *Hasher) acquire(ctx context.Context) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrHashBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns an encoded argon2id hash (PHC string format) of password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return encodeHash(salt, key), nil
}

// Verify reports whether password matches encoded. An empty encoded hash is
// checked against a dummy so that unknown accounts take as long as known ones.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	if encoded == "" {
		encoded = h.dummy
		password += "\x00never-matches"
	}
	p, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	key := argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

func encodeHash(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

type hashParams struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// decodeHash reads the parameters from the hash itself, so raising them later
// keeps old hashes verifiable.
func decodeHash(encoded string) (*hashParams, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return nil, errors.New("auth: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return nil, errors.New("auth: unsupported argon2 version")
	}
	var p hashParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return nil, fmt.Errorf("auth: bad argon2 parameters: %w", err)
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return nil, err
	}
	if p.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil {
		return nil, err
	}
	return &p, nil
}

//go:embed common-passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]struct{} {
	m := make(map[string]struct{}, 40000)
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line != "" && !strings.HasPrefix(line, "# ") {
			m[line] = struct{}{}
		}
	}
	return m
}()

// Password length limits, in characters.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// CheckPassword returns a message saying what is wrong with a new password,
// or "" when it is acceptable.
func CheckPassword(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("must be at most %d characters", MaxPasswordLen)
	}
	lower := strings.ToLower(password)
	if _, common := commonPasswords[lower]; common {
		return "is one of the most common passwords; choose another"
	}
	if email != "" && (lower == strings.ToLower(email) || lower == strings.ToLower(strings.SplitN(email, "@", 2)[0])) {
		return "must not be your email address"
	}
	return ""
}
