package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/store"
)

type demoLecture struct {
	title   string
	video   int // seconds of generated video; 0 for an article
	body    string
	preview bool
}

type demoCourse struct {
	course   catalog.CourseInput
	sections []struct {
		title    string
		lectures []demoLecture
	}
}

func str(s string) *string { return &s }
func cents(n int64) *int64 { return &n }

// demoCourses are small but complete courses: a free one and a paid one,
// each with video lectures (generated test pictures with a tone), articles
// and a free preview.
func demoCourses() []demoCourse {
	type sec = struct {
		title    string
		lectures []demoLecture
	}
	return []demoCourse{
		{
			course: catalog.CourseInput{
				Title: str("Go for Busy Engineers"), Subtitle: str("Write, test and ship small Go services, one idea at a time"),
				DescriptionMD: str("## What you will learn\n\n- Read and write idiomatic Go\n- Test with the standard library\n- Ship one small binary\n\nShort lectures, each with one idea you can use the same day."),
				Category:      str("development"), Level: str("beginner"), PriceCents: cents(0), Currency: str("USD"),
			},
			sections: []sec{
				{"Getting started", []demoLecture{
					{title: "Welcome and what you will build", video: 12, preview: true},
					{title: "Installing Go", body: "## Installing Go\n\nDownload Go from your package manager or go.dev, then run `go version`."},
				}},
				{"The language", []demoLecture{
					{title: "Values, types and functions", video: 16},
					{title: "Errors are values", video: 10},
				}},
			},
		},
		{
			course: catalog.CourseInput{
				Title: str("Colour Theory for Interface Design"), Subtitle: str("Choose palettes that read well, for everyone"),
				DescriptionMD: str("## What you will learn\n\n- Hue, value and saturation\n- Contrast that passes accessibility checks\n- Building a palette for a product"),
				Category:      str("design"), Level: str("intermediate"), PriceCents: cents(1999), Currency: str("USD"),
			},
			sections: []sec{
				{"Seeing colour", []demoLecture{
					{title: "Why colour is relative", video: 10, preview: true},
					{title: "Value before hue", video: 14},
				}},
				{"Palettes", []demoLecture{
					{title: "Contrast checklist", body: "## Contrast checklist\n\n1. Body text at 4.5:1 or more\n2. Large text at 3:1 or more\n3. Never colour alone"},
				}},
			},
		},
	}
}

// seedDemoCourses creates the demo courses once. Videos are generated with
// ffmpeg and go through the normal pipeline; the courses are published as
// soon as their videos are ready (at once when there are none). Without
// ffmpeg the video lectures become short articles.
func (a *App) seedDemoCourses(ctx context.Context, instructor *store.User) error {
	existing, err := a.DB.CoursesByInstructor(ctx, instructor.ID)
	if err != nil || len(existing) > 0 {
		return err
	}
	_, toolsErr := a.Media.Tools()
	clips := filepath.Join(a.Cfg.DataDir, "work", "demo")
	var pending []int64
	for _, dc := range demoCourses() {
		c, err := a.Catalog.Create(ctx, instructor, dc.course)
		if err != nil {
			return err
		}
		hasVideo := false
		for _, ds := range dc.sections {
			sec, err := a.Catalog.AddSection(ctx, instructor, c.ID, ds.title)
			if err != nil {
				return err
			}
			for i, dl := range ds.lectures {
				kind, body := store.LectureArticle, dl.body
				if dl.video > 0 {
					if toolsErr == nil {
						kind = store.LectureVideo
					} else {
						body = "This lecture's video could not be generated because ffmpeg is not installed."
					}
				}
				l, err := a.Catalog.AddLecture(ctx, instructor, sec.ID, catalog.LectureInput{Title: str(dl.title), Kind: &kind, BodyMD: &body, IsPreview: &dl.preview})
				if err != nil {
					return err
				}
				if kind != store.LectureVideo {
					continue
				}
				file, err := demoClip(ctx, a.Cfg.FFmpeg, clips, fmt.Sprintf("c%d-l%d-%d.mp4", c.ID, l.ID, i), dl.video)
				if err != nil {
					return err
				}
				if _, err := a.Media.ImportFile(ctx, instructor.ID, l.ID, file, filepath.Base(file)); err != nil {
					return err
				}
				_ = os.Remove(file)
				hasVideo = true
			}
		}
		if hasVideo {
			pending = append(pending, c.ID)
		} else if _, err := a.Catalog.Publish(ctx, instructor, c.ID); err != nil {
			return err
		}
	}
	if len(pending) > 0 {
		go a.publishWhenReady(context.WithoutCancel(ctx), instructor, pending)
	}
	return nil
}

// publishWhenReady publishes demo courses once their videos are processed.
func (a *App) publishWhenReady(ctx context.Context, instructor *store.User, courses []int64) {
	deadline := time.Now().Add(15 * time.Minute)
	for len(courses) > 0 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Second)
		var left []int64
		for _, id := range courses {
			if _, err := a.Catalog.Publish(ctx, instructor, id); err != nil {
				left = append(left, id)
			} else {
				a.Log.Info("demo course published", "course", id)
			}
		}
		courses = left
	}
}

// demoClip renders a test picture with a moving clock and a tone.
func demoClip(ctx context.Context, ffmpegPath, dir, name string, seconds int) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	out := filepath.Join(dir, name)
	cmd := exec.CommandContext(ctx, ffmpegPath, "-v", "error", "-y",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=1280x720:rate=30:duration=%d", seconds),
		"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=330:beep_factor=2:duration=%d", seconds),
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("generating a demo video: %v: %s", err, b)
	}
	return out, nil
}
