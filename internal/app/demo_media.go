package app

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Demo pictures are drawn in Go with the Go fonts, so they need no font
// files on the machine: course thumbnails (a gradient, soft shapes, the
// category and the title) and lecture slides that ffmpeg turns into video.

var demoPalettes = [][2]color.RGBA{
	{{0x1e, 0x3a, 0x8a, 255}, {0x06, 0xb6, 0xd4, 255}}, // blue to cyan
	{{0x6d, 0x28, 0xd9, 255}, {0xec, 0x48, 0x99, 255}}, // violet to pink
	{{0x04, 0x78, 0x57, 255}, {0x84, 0xcc, 0x16, 255}}, // green to lime
	{{0xb4, 0x53, 0x09, 255}, {0xf5, 0x9e, 0x0b, 255}}, // amber
	{{0x9f, 0x12, 0x39, 255}, {0xf9, 0x73, 0x16, 255}}, // rose to orange
	{{0x0f, 0x17, 0x2a, 255}, {0x47, 0x55, 0x69, 255}}, // slate
	{{0x11, 0x5e, 0x59, 255}, {0x3b, 0x82, 0xf6, 255}}, // teal to blue
	{{0x58, 0x1c, 0x87, 255}, {0x63, 0x66, 0xf1, 255}}, // purple to indigo
}

func demoPalette(key string) [2]color.RGBA {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return demoPalettes[h.Sum32()%uint32(len(demoPalettes))]
}

var (
	fontsOnce          sync.Once
	fontBold, fontReg  *opentype.Font
	errFontsUnreadable error
)

func demoFace(bold bool, size float64) (font.Face, error) {
	fontsOnce.Do(func() {
		if fontBold, errFontsUnreadable = opentype.Parse(gobold.TTF); errFontsUnreadable == nil {
			fontReg, errFontsUnreadable = opentype.Parse(goregular.TTF)
		}
	})
	if errFontsUnreadable != nil {
		return nil, errFontsUnreadable
	}
	f := fontReg
	if bold {
		f = fontBold
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

// gradient fills img diagonally from p[0] to p[1] and lays a few soft,
// translucent circles over it.
func gradient(img *image.RGBA, p [2]color.RGBA, seed string) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	hs := fnv.New64a()
	_, _ = hs.Write([]byte(seed))
	s := hs.Sum64()
	type circle struct{ x, y, r float64 }
	var circles []circle
	for i := 0; i < 3; i++ {
		circles = append(circles, circle{w * float64((s>>(i*8))%100) / 100, h * float64((s>>(i*8+24))%100) / 100, h * (0.25 + float64((s>>(i*4+48))%10)/20)})
	}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			t := (float64(x)/w + float64(y)/h) / 2
			c := mix(p[0], p[1], t)
			for _, ci := range circles {
				d := math.Hypot(float64(x)-ci.x, float64(y)-ci.y)
				if d < ci.r {
					c = mix(c, color.RGBA{255, 255, 255, 255}, 0.08*(1-d/ci.r)+0.04)
				}
			}
			img.SetRGBA(x, y, c)
		}
	}
}

// wrap breaks text into lines no wider than width in face.
func wrap(face font.Face, text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		try := strings.TrimSpace(line + " " + w)
		if line != "" && font.MeasureString(face, try).Ceil() > width {
			lines = append(lines, line)
			line = w
		} else {
			line = try
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func drawText(img *image.RGBA, face font.Face, c color.Color, x, y int, s string) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// demoThumbnail draws a 640×360 course thumbnail as JPEG.
func demoThumbnail(title, category string) ([]byte, error) {
	const w, h = 640, 360
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	gradient(img, demoPalette(title), title)
	small, err := demoFace(true, 17)
	if err != nil {
		return nil, err
	}
	big, err := demoFace(true, 46)
	if err != nil {
		return nil, err
	}
	white := color.RGBA{255, 255, 255, 255}
	drawText(img, small, white, 40, 60, strings.ToUpper(category))
	lines := wrap(big, title, w-80)
	if len(lines) > 4 {
		lines = lines[:4]
	}
	y := h/2 - len(lines)*52/2 + 40
	for _, l := range lines {
		drawText(img, big, white, 40, y, l)
		y += 52
	}
	// an accent bar under the category
	for yy := 70; yy < 74; yy++ {
		for xx := 40; xx < 100; xx++ {
			img.SetRGBA(xx, yy, white)
		}
	}
	var buf bytes.Buffer
	err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92})
	return buf.Bytes(), err
}

// demoSlide draws one 854×480 lecture slide: a heading and bullet points.
func demoSlide(course, heading string, bullets []string, page int) (image.Image, error) {
	const w, h = 854, 480
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	p := demoPalette(course)
	for y := 0; y < h; y++ { // white slide with a coloured band on the left
		for x := 0; x < w; x++ {
			c := color.RGBA{0xfa, 0xfa, 0xf9, 255}
			if x < 24 {
				c = mix(p[0], p[1], float64(y)/h)
			}
			img.SetRGBA(x, y, c)
		}
	}
	small, err := demoFace(false, 18)
	if err != nil {
		return nil, err
	}
	head, err := demoFace(true, 40)
	if err != nil {
		return nil, err
	}
	body, err := demoFace(false, 28)
	if err != nil {
		return nil, err
	}
	ink := color.RGBA{0x1c, 0x19, 0x17, 255}
	drawText(img, small, p[0], 60, 50, course)
	y := 120
	for _, l := range wrap(head, heading, w-120) {
		drawText(img, head, ink, 60, y, l)
		y += 50
	}
	y += 20
	for _, b := range bullets {
		for i, l := range wrap(body, b, w-160) {
			if i == 0 {
				drawText(img, body, p[0], 60, y, "•")
			}
			drawText(img, body, ink, 90, y, l)
			y += 38
		}
		y += 10
	}
	drawText(img, small, color.RGBA{0x78, 0x71, 0x6c, 255}, w-70, h-30, fmt.Sprint(page))
	return img, nil
}

// demoVoice writes seconds of a sound that resembles someone talking as a
// 16-bit mono WAV: a gliding pitch with a few harmonics, shaped into
// syllables and phrases with pauses.
func demoVoice(file string, seconds int, seed string) error {
	const rate = 22050
	n := rate * seconds
	buf := bytes.NewBuffer(make([]byte, 0, 44+2*n))
	le := func(v any) { _ = binary.Write(buf, binary.LittleEndian, v) }
	buf.WriteString("RIFF")
	le(uint32(36 + 2*n))
	buf.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1)) // PCM
	le(uint16(1)) // mono
	le(uint32(rate))
	le(uint32(2 * rate))
	le(uint16(2))
	le(uint16(16))
	buf.WriteString("data")
	le(uint32(2 * n))
	shift := float64(pick(seed, 40))
	phase := 0.0
	for i := 0; i < n; i++ {
		t := float64(i) / rate
		f0 := 110 + shift + 12*math.Sin(2*math.Pi*0.7*t) + 6*math.Sin(2*math.Pi*2.3*t)
		phase += 2 * math.Pi * f0 / rate
		voiced := math.Sin(phase) + 0.5*math.Sin(2*phase) + 0.3*math.Sin(3*phase) + 0.15*math.Sin(5*phase)
		syllable := 0.5 + 0.5*math.Sin(2*math.Pi*3.6*t+math.Sin(2*math.Pi*0.9*t))
		phrase := 0.0
		if math.Sin(2*math.Pi*0.23*t+shift)+0.55 > 0 {
			phrase = 1
		}
		le(int16(6000 * voiced * syllable * syllable * phrase))
	}
	return os.WriteFile(file, buf.Bytes(), 0o600)
}

// demoLectureVideo renders a short lecture video: title slide, key points,
// an exercise slide, each for a few seconds, with a voice-like sound track.
func demoLectureVideo(ctx context.Context, ffmpegPath, dir, name string, dc demoCourse, lecture string, seconds int) (string, error) {
	work := filepath.Join(dir, name+".d")
	if err := os.MkdirAll(work, 0o700); err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	slides := []struct {
		heading string
		bullets []string
	}{
		{lecture, []string{dc.Subtitle}},
		{"Key ideas", dc.Learn[:min(3, len(dc.Learn))]},
		{"Try it yourself", []string{"Pause the video and apply this to your own work", "Then read the article that follows this lecture"}},
	}
	var args []string
	per := float64(seconds) / float64(len(slides))
	for i, s := range slides {
		img, err := demoSlide(dc.Title, s.heading, s.bullets, i+1)
		if err != nil {
			return "", err
		}
		file := filepath.Join(work, fmt.Sprintf("s%d.png", i))
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return "", err
		}
		if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
			return "", err
		}
		args = append(args, "-loop", "1", "-framerate", "15", "-t", fmt.Sprintf("%.2f", per), "-i", file)
	}
	voice := filepath.Join(work, "voice.wav")
	if err := demoVoice(voice, seconds, lecture); err != nil {
		return "", err
	}
	args = append(args, "-i", voice)
	filter := ""
	for i := range slides {
		filter += fmt.Sprintf("[%d:v]", i)
	}
	filter += fmt.Sprintf("concat=n=%d:v=1:a=0,format=yuv420p[v]", len(slides))
	out := filepath.Join(dir, name+".mp4")
	args = append([]string{"-v", "error", "-y"}, args...)
	args = append(args, "-filter_complex", filter, "-map", "[v]", "-map", fmt.Sprintf("%d:a", len(slides)),
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage", "-r", "15", "-c:a", "aac", "-b:a", "64k", "-shortest", out)
	cmd := exec.CommandContext(ctx, ffmpegPath, args...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("generating a demo video: %v: %s", err, b)
	}
	return out, nil
}
