package app_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

func pngImage(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestThumbnails(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a := e.instructor("a@x.io", "Ada")
		b := e.instructor("b@x.io", "Bob")
		cid := e.course(a, map[string]any{"title": "Pictures"}).str("id")
		path := "/api/v1/courses/" + cid + "/thumbnail"

		r := e.do(req{Method: "PUT", Path: path, Token: a.Access, Body: pngImage(t, 1920, 1080), ContentType: "image/png"}).expect(t, 200)
		url, _ := r.JSON["thumbnail_url"].(string)
		if !strings.HasPrefix(url, "/media/public/courses/"+cid+"/thumb-") || !strings.HasSuffix(url, ".jpg") {
			t.Fatalf("thumbnail_url = %q", url)
		}
		img := e.do(req{Method: "GET", Path: url}).expect(t, 200)
		if img.Header.Get("Content-Type") != "image/jpeg" || !strings.Contains(img.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("image headers = %v", img.Header)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(img.Body))
		if err != nil || cfg.Width != 1280 || cfg.Height != 720 {
			t.Errorf("stored image: %+v, %v; want a 1280×720 JPEG", cfg, err)
		}
		// A range request works (sendfile path).
		part := e.do(req{Method: "GET", Path: url, Header: map[string]string{"Range": "bytes=0-9"}}).expect(t, 206)
		if len(part.Body) != 10 {
			t.Errorf("range body = %d bytes", len(part.Body))
		}

		// Replacing it removes the old file.
		r2 := e.do(req{Method: "PUT", Path: path, Token: a.Access, Body: pngImage(t, 800, 450), ContentType: "image/png"}).expect(t, 200)
		if r2.str("thumbnail_url") == url {
			t.Error("new image has the old URL")
		}
		e.do(req{Method: "GET", Path: url}).expect(t, 404)

		for name, body := range map[string][]byte{
			"text":      []byte("hello, I am not an image at all"),
			"tiny":      pngImage(t, 40, 30),
			"truncated": pngImage(t, 800, 450)[:200],
			"html":      []byte("<html><script>alert(1)</script></html>"),
		} {
			r := e.do(req{Method: "PUT", Path: path, Token: a.Access, Body: body, ContentType: "image/png"}).expect(t, 422)
			if r.fieldErrors()["thumbnail"] == "" {
				t.Errorf("%s: %s", name, r.Body)
			}
		}
		e.do(req{Method: "PUT", Path: path, Token: a.Access, Body: bytes.Repeat([]byte("x"), 6<<20), ContentType: "image/png"}).expect(t, 422)
		e.do(req{Method: "PUT", Path: path, Token: b.Access, Body: pngImage(t, 800, 450), ContentType: "image/png"}).expect(t, 404)
		e.do(req{Method: "PUT", Path: path, Body: pngImage(t, 800, 450), ContentType: "image/png"}).expect(t, 401)

		for _, p := range []string{"/media/public/..%2f..%2fsecret.key", "/media/public/courses/%2e%2e/x.jpg", "/media/public/courses/" + cid + "/nope.jpg", "/media/public/secret.key"} {
			if got := e.do(req{Method: "GET", Path: p}); got.Status != 404 {
				t.Errorf("GET %s: %d, want 404", p, got.Status)
			}
		}
	})
}
