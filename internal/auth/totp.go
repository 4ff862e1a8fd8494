package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// TOTP (RFC 6238) with the parameters every authenticator app supports:
// HMAC-SHA1, six digits, 30-second steps. It is a few lines on top of
// crypto/hmac, so no library is needed; the RFC's test vectors check it.
const (
	totpDigits = 6
	totpPeriod = 30
	totpSkew   = 1 // steps accepted either side of now, for clock drift
	totpIssuer = "Lectern"
	sealTOTP   = "totp secret v1"
	// recoveryCodes is how many single-use recovery codes confirming hands out.
	recoveryCodes = 10
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// totpCode is the code of secret at time step (RFC 4226 HOTP).
func totpCode(secret []byte, step int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", totpDigits, bin%1_000_000)
}

// totpMatch returns the time step whose code equals code, within the skew
// around now, or 0.
func totpMatch(secret []byte, code string, now time.Time) int64 {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpDigits {
		return 0
	}
	cur := now.Unix() / totpPeriod
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		if hmac.Equal([]byte(totpCode(secret, cur+d)), []byte(code)) {
			return cur + d
		}
	}
	return 0
}

// Errors of the two-factor flows.
var (
	ErrBadCode          = apperr.New(apperr.Unauthorized, "invalid_code", "That code is not correct or was already used.")
	ErrChallengeExpired = apperr.New(apperr.Unauthorized, "challenge_expired", "This sign-in took too long; please log in again.")
)

// Enrolment is a new authenticator secret to show the user.
type Enrolment struct {
	Secret string // base32, for typing into the app
	URI    string // otpauth:// URI, for a QR code
}

// EnrolTOTP makes a new secret for u, stored encrypted and unconfirmed
// until ConfirmTOTP sees a code from it.
func (s *Service) EnrolTOTP(ctx context.Context, u *store.User) (*Enrolment, error) {
	if u.TwoFactorAt != nil {
		return nil, apperr.New(apperr.Conflict, "two_factor_on", "Two-factor sign-in is already on; turn it off first to use a new app.")
	}
	secret := make([]byte, 20)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	if err := s.DB.PutTOTP(ctx, u.ID, s.Secrets.Seal(sealTOTP, secret)); err != nil {
		return nil, err
	}
	enc := b32.EncodeToString(secret)
	label := url.PathEscape(totpIssuer + ":" + u.Email)
	q := url.Values{"secret": {enc}, "issuer": {totpIssuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return &Enrolment{Secret: enc, URI: "otpauth://totp/" + label + "?" + q.Encode()}, nil
}

// ConfirmTOTP turns two-factor on once code comes from the enrolled secret,
// and returns the recovery codes (shown once; only their hashes are kept).
func (s *Service) ConfirmTOTP(ctx context.Context, u *store.User, code string) ([]string, error) {
	t, err := s.DB.TOTPOf(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) || err == nil && t.ConfirmedAt != nil {
		return nil, apperr.New(apperr.Conflict, "not_enrolling", "Start setting up an authenticator app first.")
	}
	if err != nil {
		return nil, err
	}
	secret, err := s.Secrets.Open(sealTOTP, t.Secret)
	if err != nil {
		return nil, err
	}
	step := totpMatch(secret, code, time.Now())
	if step == 0 {
		return nil, apperr.Fields{{Field: "code", Message: "is not correct; check the time on your device"}}.Err()
	}
	codes := make([]string, recoveryCodes)
	hashes := make([][]byte, recoveryCodes)
	for i := range codes {
		b := make([]byte, 10)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		c := strings.ToLower(b32.EncodeToString(b)) // 16 characters, 80 bits
		codes[i] = c[:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:]
		hashes[i] = recoveryHash(c)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := okOr(tx.UseTOTPStep(ctx, u.ID, step)); err != nil {
			return err
		}
		return tx.ConfirmTOTP(ctx, u.ID, hashes)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// okOr turns a "was it accepted" answer into ErrBadCode when it was not.
func okOr(ok bool, err error) error {
	if err != nil {
		return err
	}
	if !ok {
		return ErrBadCode
	}
	return nil
}

func recoveryHash(code string) []byte {
	code = strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	sum := sha256.Sum256([]byte("lectern recovery code\x00" + code))
	return sum[:]
}

// DisableTwoFactor turns two-factor off; it takes the password.
func (s *Service) DisableTwoFactor(ctx context.Context, u *store.User, password string) error {
	if !u.HasPassword() {
		return apperr.New(apperr.Conflict, "no_password", "Set a password first; it is needed to turn two-factor sign-in off.")
	}
	ok, err := s.Hasher.Verify(ctx, password, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Fields{{Field: "password", Message: "is not correct"}}.Err()
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.DisableTwoFactor(ctx, u.ID) })
}

// SecondFactor finishes a sign-in that answered with a challenge, with an
// authenticator code or a recovery code. Attempts are limited per challenge
// and per client IP (the two_factor limit); a code works once.
func (s *Service) SecondFactor(ctx context.Context, challenge, code, recovery string, client Client) (*SignIn, error) {
	if challenge == "" || code == "" && recovery == "" {
		var fe apperr.Fields
		if challenge == "" {
			fe.Add("challenge", "is required")
		}
		if code == "" && recovery == "" {
			fe.Add("code", "is required (or recovery_code)")
		}
		return nil, fe.Err()
	}
	hash := HashOpaqueToken(challenge)
	for _, key := range []string{"ip:" + client.IP, fmt.Sprintf("challenge:%x", hash[:12])} {
		ok, retry, err := s.Limiter.Allow(ctx, "two_factor", key)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &apperr.Error{Kind: apperr.TooMany, Code: "rate_limited", Message: "Too many codes tried; try again later.", RetryAfter: retry}
		}
	}
	st, err := s.DB.LoginStepByHash(ctx, store.StepTwoFactor, hash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrChallengeExpired
	}
	if err != nil {
		return nil, err
	}
	u, err := s.DB.UserByID(ctx, st.UserID)
	if err != nil {
		return nil, err
	}
	if u.DisabledAt != nil {
		return nil, ErrDisabled
	}
	var step int64
	if code != "" {
		t, err := s.DB.TOTPOf(ctx, u.ID)
		if err != nil {
			return nil, ErrBadCode
		}
		secret, err := s.Secrets.Open(sealTOTP, t.Secret)
		if err != nil {
			return nil, err
		}
		if step = totpMatch(secret, code, time.Now()); step == 0 {
			return nil, ErrBadCode
		}
	}
	var sess *Session
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if code != "" {
			if err := okOr(tx.UseTOTPStep(ctx, u.ID, step)); err != nil {
				return err
			}
		} else if err := okOr(tx.SpendRecoveryCode(ctx, u.ID, recoveryHash(recovery))); err != nil {
			return err
		}
		if _, err := tx.SpendLoginStep(ctx, store.StepTwoFactor, hash); errors.Is(err, store.ErrNotFound) {
			return ErrChallengeExpired
		} else if err != nil {
			return err
		}
		var err error
		sess, err = s.openSession(ctx, tx, u.ID, "", client)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &SignIn{User: u, Session: sess}, nil
}

// NeedsTwoFactor reports whether u must set up two-factor before using
// admin routes (LECTERN_REQUIRE_ADMIN_2FA).
func (s *Service) NeedsTwoFactor(u *store.User) bool {
	return s.RequireAdmin2FA && u.HasRole(store.RoleAdmin) && u.TwoFactorAt == nil
}

// TOTPCode is the code an authenticator app shows for the base32 secret at
// t; tests and the `lectern` command use it.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := b32.DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		return "", err
	}
	return totpCode(key, t.Unix()/totpPeriod), nil
}
