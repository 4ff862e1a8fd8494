package auth

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Access tokens are JWTs signed with HMAC-SHA256 only: the verifier pins the
// algorithm, so "none" or an RS/HS confusion is rejected before any key is
// used. They carry a token_use claim and a typ header so nothing else we sign
// can pass as one.
const (
	accessTokenUse = "access"
	accessTokenTyp = "at+jwt"
	issuer         = "lectern"
)

// Keys derives every signing key from one master secret, so an operator
// keeps one secret and each purpose still gets its own key.
type Keys struct {
	master []byte
}

// NewKeys wraps a master secret of at least 32 bytes.
func NewKeys(master []byte) (*Keys, error) {
	if len(master) < 32 {
		return nil, errors.New("auth: master secret must be at least 32 bytes")
	}
	return &Keys{master: master}, nil
}

// Derive returns a 32-byte key for purpose (HKDF-SHA256).
func (k *Keys) Derive(purpose string) []byte {
	key, err := hkdf.Key(sha256.New, k.master, nil, "lectern "+purpose, 32)
	if err != nil {
		panic(err) // only for impossible lengths
	}
	return key
}

// TokenSigner issues and verifies access tokens. Keys are looked up by key id
// (kid), so a new key can sign while old ones still verify during rotation.
type TokenSigner struct {
	kid    string
	keys   map[string][]byte
	ttl    time.Duration
	parser *jwt.Parser
	now    func() time.Time
}

// NewTokenSigner signs with current; previous keys still verify.
func NewTokenSigner(ttl time.Duration, current []byte, previous ...[]byte) *TokenSigner {
	s := &TokenSigner{keys: map[string][]byte{}, ttl: ttl, now: time.Now}
	s.kid = keyID(current)
	s.keys[s.kid] = current
	for _, k := range previous {
		s.keys[keyID(k)] = k
	}
	s.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(5*time.Second),
		jwt.WithTimeFunc(func() time.Time { return s.now() }),
	)
	return s
}

func keyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:6])
}

// accessClaims are the claims of an access token.
type accessClaims struct {
	jwt.RegisteredClaims
	TokenUse  string `json:"token_use"`
	SessionID string `json:"sid"`
}

// Issue returns a signed access token for user id in session sid and its
// lifetime.
func (s *TokenSigner) Issue(userID int64, sid string) (string, time.Duration, error) {
	now := s.now()
	jti := make([]byte, 12)
	if _, err := rand.Read(jti); err != nil {
		return "", 0, err
	}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   strconv.FormatInt(userID, 10),
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.ttl)),
			ID:        base64.RawURLEncoding.EncodeToString(jti),
		},
		TokenUse:  accessTokenUse,
		SessionID: sid,
	})
	t.Header["kid"] = s.kid
	t.Header["typ"] = accessTokenTyp
	signed, err := t.SignedString(s.keys[s.kid])
	return signed, s.ttl, err
}

// Verify checks an access token and returns its user id and session id.
func (s *TokenSigner) Verify(token string) (int64, string, error) {
	var claims accessClaims
	_, err := s.parser.ParseWithClaims(token, &claims, func(t *jwt.Token) (any, error) {
		if typ, _ := t.Header["typ"].(string); typ != accessTokenTyp {
			return nil, errors.New("not an access token")
		}
		kid, _ := t.Header["kid"].(string)
		key, ok := s.keys[kid]
		if !ok {
			return nil, fmt.Errorf("unknown key id %q", kid)
		}
		return key, nil
	})
	if err != nil {
		return 0, "", err
	}
	if claims.TokenUse != accessTokenUse {
		return 0, "", errors.New("not an access token")
	}
	if claims.SessionID == "" {
		return 0, "", errors.New("no session id")
	}
	id, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil || id <= 0 {
		return 0, "", errors.New("bad subject")
	}
	return id, claims.SessionID, nil
}

// NewOpaqueToken returns a random URL-safe token and the SHA-256 hash to
// store. Refresh, reset and verification tokens are opaque: only their hash
// is kept, so a database leak yields no usable token.
func NewOpaqueToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashOpaqueToken(token), nil
}

// HashOpaqueToken is the stored form of an opaque token.
func HashOpaqueToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
