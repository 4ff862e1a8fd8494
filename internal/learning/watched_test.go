package learning

import (
	"slices"
	"testing"
)

func TestAddWatchedMergesRanges(t *testing.T) {
	steps := []struct {
		pos, watched float64
		want         string
	}{
		{10, 10, "0-10"},
		{20, 10, "0-20"},      // touching: one range
		{65, 5, "0-20,60-65"}, // after a seek
		{62, 45, "0-65"},      // a long stretch bridges the gap
		{3, 0, "0-65"},        // a seek, nothing played
		{600, 50, "0-65,550-600"},
	}
	got := ""
	for _, s := range steps {
		got = AddWatched(got, s.pos, s.watched, 600)
		if got != s.want {
			t.Fatalf("after (%v, %v): %q, want %q", s.pos, s.watched, got, s.want)
		}
	}
	if spans := ParseSpans("5-3,x-1,2-4,,7"); !slices.Equal(spans, []Span{{2, 4}}) {
		t.Errorf("ParseSpans of junk = %v", spans)
	}
}

// The hand-computed example: a 10 s video and three viewers.
//
//	A watched 0-10, B watched 0-4 and 6-8, C watched 2-5.
//	second:   0 1 2 3 4 5 6 7 8 9
//	viewers:  2 2 3 3 2 1 2 2 1 1   (of 3)
func TestComputeDropOffByHand(t *testing.T) {
	d := ComputeDropOff([]string{"0-10", "0-4,6-8", "2-5", ""}, 10)
	want := []float64{0.6667, 0.6667, 1, 1, 0.6667, 0.3333, 0.6667, 0.6667, 0.3333, 0.3333}
	if d.Viewers != 3 || d.BucketS != 1 || !slices.Equal(d.Shares, want) {
		t.Errorf("drop-off = %+v, want 3 viewers and %v", d, want)
	}
	// Buckets for long videos: 3,600 s in buckets of 2 s.
	long := ComputeDropOff([]string{"0-1", "0-3600"}, 3600)
	if long.BucketS != 2 || len(long.Shares) != 1800 || long.Shares[0] != 0.75 || long.Shares[1] != 0.5 {
		t.Errorf("long video: bucket %d, %d points, first %v", long.BucketS, len(long.Shares), long.Shares[:2])
	}
	// Ranges past the end (a shortened video) are cut at the end.
	if d := ComputeDropOff([]string{"0-20", "15-30"}, 10); d.Viewers != 1 || d.Shares[9] != 1 {
		t.Errorf("ranges past the end: %+v", d)
	}
}
