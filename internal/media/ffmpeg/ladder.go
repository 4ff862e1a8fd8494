package ffmpeg

import (
	"fmt"
	"math"
)

// Rung is one video rendition of the adaptive ladder.
type Rung struct {
	Name     string // "720p": the variant's name and its directory
	Width    int    // output frame size, even, as displayed
	Height   int
	MaxrateK int    // VBV cap on the CRF encode, kbit/s
	BufsizeK int    // VBV buffer, kbit; twice the maxrate
	CRF      int    // x264 constant rate factor; the quality aimed at below the cap
	Profile  string // H.264 profile
	// Copy: the rung is the source's own video, repackaged (-c copy)
	// rather than encoded; see FastPath.
	Copy bool
}

// shortSide is the rung's size as named: the height of a landscape frame, the
// width of a portrait one.
func (r Rung) shortSide() int { return min(r.Width, r.Height) }

// ladderSteps are the standard rungs by short side. The caps are for lecture
// material (slides, screen, a talking head at 30 fps): CRF 23 already lands
// well under them for most of it, and they stop a noisy camera shot from
// ballooning a segment.
var ladderSteps = []struct {
	short, maxrateK int
	profile         string
}{
	// High profile from 720p up: every device that plays 720p decodes it.
	{1080, 5000, "high"},
	{720, 2800, "high"},
	// Main below, for the old phones that pick the small rungs.
	{480, 1400, "main"},
	{360, 800, "main"},
}

const ladderCRF = 23

// Ladder picks the rungs for a source, highest first: of 1080p, 720p, 480p
// and 360p those at or below the source's short side (never upscale; a
// portrait video is scaled by its width), or, for a source smaller than 360p,
// one rung at the source size.
func Ladder(p *ProbeResult) []Rung {
	short := min(p.Width, p.Height)
	var rungs []Rung
	for _, s := range ladderSteps {
		if s.short <= short {
			rungs = append(rungs, rungFor(p, s.short, s.maxrateK, s.profile))
		}
	}
	if len(rungs) == 0 {
		last := ladderSteps[len(ladderSteps)-1]
		rungs = append(rungs, rungFor(p, evenDown(short), last.maxrateK, last.profile))
	}
	return rungs
}

func rungFor(p *ProbeResult, short, maxrateK int, profile string) Rung {
	r := Rung{
		Name:     fmt.Sprintf("%dp", short),
		MaxrateK: maxrateK,
		BufsizeK: 2 * maxrateK,
		CRF:      ladderCRF,
		Profile:  profile,
	}
	srcShort, srcLong := min(p.Width, p.Height), max(p.Width, p.Height)
	// The long side keeps the aspect ratio, rounded to even but never past
	// the source (641x360 gives 640x360, not 642).
	long := min(evenDown(srcLong), max(2, int(math.Round(float64(srcLong)*float64(short)/float64(srcShort)/2))*2))
	if p.Portrait() {
		r.Width, r.Height = short, long
	} else {
		r.Width, r.Height = long, short
	}
	return r
}

// evenDown rounds down to an even number of at least 2: 4:2:0 chroma needs
// even dimensions.
func evenDown(n int) int { return max(2, n&^1) }
