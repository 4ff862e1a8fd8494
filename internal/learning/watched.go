package learning

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Watched ranges: which parts of a video a student has played, kept per
// student and lecture as merged, half-open intervals of whole seconds
// ("0-95,120-300": seconds 0..94 and 120..299), never one row per second.
// Each progress report adds the stretch it covers: it says where the
// player is and how many seconds were played since the last report, so
// the stretch is the watched seconds just before the position. (Played
// seconds that straddle a seek are counted before the new position; the
// player reports every ten seconds, so the error is small.)

// Span is one watched interval [Start, End) in whole seconds.
type Span struct{ Start, End int }

// maxSpans bounds what one student's row can hold; a student who has
// jumped around more than this keeps the spans they have.
const maxSpans = 400

// ParseSpans reads an encoded range list; malformed parts are skipped.
func ParseSpans(s string) []Span {
	if s == "" {
		return nil
	}
	out := make([]Span, 0, strings.Count(s, ",")+1)
	for part := range strings.SplitSeq(s, ",") {
		a, b, ok := strings.Cut(part, "-")
		if !ok {
			continue
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || start < 0 || end <= start {
			continue
		}
		out = append(out, Span{start, end})
	}
	return out
}

// FormatSpans encodes spans (already merged) as stored.
func FormatSpans(spans []Span) string {
	var b strings.Builder
	for i, sp := range spans {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(sp.Start))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(sp.End))
	}
	return b.String()
}

// MergeSpans sorts spans and joins the ones that overlap or touch.
func MergeSpans(spans []Span) []Span {
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	out := spans[:0]
	for _, sp := range spans {
		if n := len(out); n > 0 && sp.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// AddWatched adds the stretch a report covers — watched seconds played up
// to position, within [0, duration) — to an encoded range list.
func AddWatched(encoded string, positionS, watchedS float64, durationS int) string {
	end := math.Round(positionS)
	if durationS > 0 {
		end = math.Min(end, float64(durationS))
	}
	start := math.Max(0, math.Round(positionS-watchedS))
	if end-start < 1 {
		return encoded
	}
	spans := ParseSpans(encoded)
	merged := MergeSpans(append(spans, Span{int(start), int(end)}))
	if len(merged) > maxSpans {
		return encoded
	}
	return FormatSpans(merged)
}

// DropOff is a video's audience retention: for each bucket of BucketS
// seconds, the share of viewers who watched it (the mean over the
// bucket's seconds of the share who watched each second).
type DropOff struct {
	DurationS int
	BucketS   int
	Viewers   int
	Shares    []float64
}

// dropOffPoints: videos up to 30 minutes get one point per second; longer
// ones get buckets of whole seconds so the curve has at most this many.
const dropOffPoints = 1800

// ComputeDropOff sweeps every viewer's watched ranges: +1 at each start,
// -1 at each end (a difference array over the video's seconds), then one
// running sum gives how many viewers watched each second. Work is
// proportional to the number of ranges plus the duration, not to viewers
// times seconds. ranges holds one encoded list per viewer.
func ComputeDropOff(ranges []string, durationS int) DropOff {
	out := DropOff{DurationS: durationS, BucketS: 1}
	if durationS <= 0 {
		return out
	}
	if durationS > dropOffPoints {
		out.BucketS = (durationS + dropOffPoints - 1) / dropOffPoints
	}
	diff := make([]int32, durationS+1)
	for _, enc := range ranges {
		counted := false
		forEachSpan(enc, func(start, end int) {
			if start >= durationS {
				return
			}
			end = min(end, durationS)
			diff[start]++
			diff[end]--
			counted = true
		})
		if counted {
			out.Viewers++
		}
	}
	n := (durationS + out.BucketS - 1) / out.BucketS
	out.Shares = make([]float64, n)
	if out.Viewers == 0 {
		return out
	}
	var running int32
	sums := make([]int64, n)
	for s := 0; s < durationS; s++ {
		running += diff[s]
		sums[s/out.BucketS] += int64(running)
	}
	for i := range sums {
		secs := min(out.BucketS, durationS-i*out.BucketS)
		share := float64(sums[i]) / float64(secs) / float64(out.Viewers)
		out.Shares[i] = math.Round(share*10000) / 10000
	}
	return out
}

// forEachSpan walks an encoded list without allocating: the drop-off of
// 10,000 viewers parses every row, so this is the hot loop.
func forEachSpan(s string, fn func(start, end int)) {
	for len(s) > 0 {
		part := s
		if i := strings.IndexByte(s, ','); i >= 0 {
			part, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		dash := strings.IndexByte(part, '-')
		if dash <= 0 {
			continue
		}
		start, ok1 := atoi(part[:dash])
		end, ok2 := atoi(part[dash+1:])
		if ok1 && ok2 && end > start {
			fn(start, end)
		}
	}
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
