package app

import (
	"bytes"
	"image"
	_ "image/jpeg"
	"os"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/catalog"
)

func TestDemoThumbnailIsAnAcceptedImage(t *testing.T) {
	start := time.Now()
	b, err := demoThumbnail("Practical PostgreSQL for Engineers Who Ship", "Data Science")
	if err != nil {
		t.Fatal(err)
	}
	t.Log("draw", time.Since(start))
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width != 640 || cfg.Height != 360 {
		t.Fatalf("thumbnail %dx%d, %v", cfg.Width, cfg.Height, err)
	}
	start = time.Now()
	if _, err := catalog.ProcessThumbnail(bytes.NewReader(b)); err != nil {
		t.Fatalf("the catalog refuses the demo thumbnail: %v", err)
	}
	t.Log("process", time.Since(start))
}

func TestDemoLectureVideo(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	file, err := demoLectureVideo(t.Context(), "ffmpeg", dir, "x", demoCatalog[1], "Reading EXPLAIN", 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("made", file, time.Since(start))
	if os.Getenv("DEMO_KEEP") != "" {
		b, _ := os.ReadFile(file)
		_ = os.WriteFile(os.Getenv("DEMO_KEEP"), b, 0o644)
		th, _ := demoThumbnail(demoCatalog[1].Title, "Data Science")
		_ = os.WriteFile(os.Getenv("DEMO_KEEP")+".jpg", th, 0o644)
	}
}
