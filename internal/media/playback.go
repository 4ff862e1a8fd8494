package media

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/media/pack"
	"github.com/lectern/lectern/internal/store"
)

// Signer makes and checks the tokens in media URLs:
// /media/{video}/{token}/master.m3u8. A token binds the video, the viewer
// and an expiry with an HMAC; playlists name segments relatively, so every
// segment request carries it without rewriting playlists. Key ids let a new
// key sign while old ones still verify.
type Signer struct {
	kid  [4]byte
	keys map[[4]byte][]byte
	TTL  time.Duration
	now  func() time.Time
}

// NewSigner signs with current and also accepts previous keys.
func NewSigner(ttl time.Duration, current []byte, previous ...[]byte) *Signer {
	s := &Signer{keys: map[[4]byte][]byte{}, TTL: ttl, now: time.Now}
	s.kid = keyID(current)
	s.keys[s.kid] = current
	for _, k := range previous {
		s.keys[keyID(k)] = k
	}
	return s
}

func keyID(k []byte) [4]byte {
	sum := sha256.Sum256(k)
	return [4]byte(sum[:4])
}

const tokenLen = 4 + 8 + 8 + 16 // kid, expiry, user, truncated MAC

func mac(key []byte, video, user int64, exp uint64) []byte {
	m := hmac.New(sha256.New, key)
	var b [8 * 3]byte
	binary.BigEndian.PutUint64(b[0:], uint64(video))
	binary.BigEndian.PutUint64(b[8:], uint64(user))
	binary.BigEndian.PutUint64(b[16:], exp)
	m.Write([]byte("lectern media v1"))
	m.Write(b[:])
	return m.Sum(nil)[:16]
}

// Token signs access by user (0 for an anonymous preview) to video until
// the returned expiry.
func (s *Signer) Token(video, user int64) (string, time.Time) {
	exp := s.now().Add(s.TTL).Truncate(time.Second)
	return s.TokenExpiring(video, user, exp), exp
}

// TokenExpiring signs a token with a given expiry (tests make expired ones).
func (s *Signer) TokenExpiring(video, user int64, exp time.Time) string {
	var raw [tokenLen]byte
	copy(raw[0:4], s.kid[:])
	binary.BigEndian.PutUint64(raw[4:], uint64(exp.Unix()))
	binary.BigEndian.PutUint64(raw[12:], uint64(user))
	copy(raw[20:], mac(s.keys[s.kid], video, user, uint64(exp.Unix())))
	return base64.RawURLEncoding.EncodeToString(raw[:])
}

// Token errors.
var (
	ErrBadToken     = errors.New("media token is not valid")
	ErrExpiredToken = errors.New("media token has expired")
)

// Verify checks a token for video (constant-time MAC comparison) and
// returns the viewer it was issued to.
func (s *Signer) Verify(video int64, token string) (int64, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != tokenLen {
		return 0, ErrBadToken
	}
	key, ok := s.keys[[4]byte(raw[0:4])]
	if !ok {
		return 0, ErrBadToken
	}
	exp := binary.BigEndian.Uint64(raw[4:])
	user := int64(binary.BigEndian.Uint64(raw[12:]))
	if !hmac.Equal(raw[20:], mac(key, video, user, exp)) {
		return 0, ErrBadToken
	}
	if s.now().Unix() > int64(exp) {
		return 0, ErrExpiredToken
	}
	return user, nil
}

// PlaybackInfo is what a player needs to play a lecture.
type PlaybackInfo struct {
	Captions []CaptionTrack
	HLSURL   string
	DASHURL  string // "" while the video waits to be repackaged
	// Encrypted: players get the key from the key endpoint with EME
	// (KeySystem).
	Encrypted        bool
	ThumbnailsVTTURL string
	PosterURL        string
	ExpiresAt        time.Time
	Watermark        string
	Video            *store.Video
}

var (
	errNoLecture = access.ErrLectureNotFound
	errNotReady  = apperr.New(apperr.Conflict, "video_not_ready", "This lecture's video is not ready yet.")
)

// Playback checks with the access policy that u may watch the lecture and
// signs its URLs. A refund revokes the enrollment, so the next playback
// request is refused at once.
func (p *Pipeline) Playback(ctx context.Context, signer *Signer, u *store.User, lectureID int64) (*PlaybackInfo, error) {
	l, err := p.DB.LectureByID(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoLecture
	}
	if err != nil {
		return nil, err
	}
	c, err := p.DB.CourseByID(ctx, l.CourseID)
	if err != nil {
		return nil, err
	}
	if _, err := p.Access.Lecture(ctx, u, c, l); err != nil {
		return nil, err
	}
	if l.VideoID == nil || l.VideoStatus != store.VideoReady {
		return nil, errNotReady
	}
	v, err := p.DB.VideoByID(ctx, *l.VideoID)
	if err != nil {
		return nil, err
	}
	var uid int64
	watermark := ""
	if u != nil {
		uid, watermark = u.ID, u.Email
	}
	token, exp := signer.Token(v.ID, uid)
	base := fmt.Sprintf("/media/%d/%s/", v.ID, token)
	caps, err := p.DB.Captions(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	packaging, err := p.DB.VideoPackaging(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	dash := ""
	if packaging >= Packaging {
		dash = base + pack.Manifest
	}
	tracks := make([]CaptionTrack, 0, len(caps))
	for _, c := range caps {
		tracks = append(tracks, CaptionTrack{Language: c.Language, Label: c.Label, URL: base + "captions/" + c.Language + ".vtt"})
	}
	return &PlaybackInfo{
		Captions:         tracks,
		HLSURL:           base + "master.m3u8",
		DASHURL:          dash,
		Encrypted:        packaging >= Packaging,
		ThumbnailsVTTURL: base + "thumbnails.vtt",
		PosterURL:        base + "poster.jpg",
		ExpiresAt:        exp,
		Watermark:        watermark,
		Video:            v,
	}, nil
}

// CaptionTrack is a subtitle track as the player gets it.
type CaptionTrack struct {
	Language string
	Label    string
	URL      string
}
