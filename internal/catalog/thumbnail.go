package catalog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // decoders for DecodeConfig/Decode
	"io"
	"net/http"
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Thumbnail limits. Uploads are re-encoded, which drops metadata (camera,
// GPS) and anything hidden after the image data.
const (
	MaxThumbnailBytes = 5 << 20
	maxThumbPixels    = 40_000_000 // refuse decompression bombs before decoding
	thumbW, thumbH    = 1280, 720
	minThumbW         = 320
	minThumbH         = 180
)

var thumbTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

func badImage(msg string) error {
	return &apperr.Error{Kind: apperr.Invalid, Code: "validation_failed", Message: "The thumbnail was not accepted.",
		Fields: []apperr.FieldError{{Field: "thumbnail", Message: msg}}}
}

// ProcessThumbnail checks an uploaded image by its content (not its name or
// declared type) and returns it as a JPEG no larger than 1280×720.
func ProcessThumbnail(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxThumbnailBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxThumbnailBytes {
		return nil, badImage(fmt.Sprintf("must be at most %d MB", MaxThumbnailBytes>>20))
	}
	if ct := http.DetectContentType(raw); !thumbTypes[ct] {
		return nil, badImage("must be a JPEG, PNG or WebP image")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, badImage("could not be read as an image")
	}
	if cfg.Width < minThumbW || cfg.Height < minThumbH {
		return nil, badImage(fmt.Sprintf("must be at least %d×%d pixels", minThumbW, minThumbH))
	}
	if cfg.Width*cfg.Height > maxThumbPixels {
		return nil, badImage("has too many pixels")
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, badImage("could not be read as an image")
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > thumbW || h > thumbH { // fit inside 1280×720, keeping the aspect
		scale := min(float64(thumbW)/float64(w), float64(thumbH)/float64(h))
		w, h = max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() && h == b.Dy() { // small enough: copied, only re-encoded
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	} else {
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// UploadThumbnail processes and stores a course thumbnail under a
// content-addressed public key, so it can be cached forever.
func (s *Service) UploadThumbnail(ctx context.Context, u *store.User, courseID int64, r io.Reader) (*store.Course, error) {
	old, err := s.editable(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	img, err := ProcessThumbnail(r)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(img)
	key := fmt.Sprintf("public/courses/%d/thumb-%s.jpg", courseID, hex.EncodeToString(sum[:12]))
	if err := s.Files.PutWithin(ctx, 30*time.Second, key, "image/jpeg", bytes.NewReader(img)); err != nil {
		return nil, err
	}
	c, err := s.SetThumbnail(ctx, u, courseID, key)
	if err != nil {
		return nil, err
	}
	if old.ThumbnailKey != "" && old.ThumbnailKey != key {
		_ = s.Files.Delete(ctx, old.ThumbnailKey) // best effort; an orphan costs only disk
	}
	return c, nil
}
