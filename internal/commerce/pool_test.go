package commerce

import (
	"math/rand/v2"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		name  string
		total int64
		w     []int64
		want  []int64
	}{
		{"proportional", 700, []int64{4000, 2000}, []int64{467, 233}},
		{"even thirds", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{"no weight gets nothing", 1000, []int64{3, 0, 1}, []int64{750, 0, 250}},
		{"nobody watched", 1000, []int64{0, 0}, []int64{0, 0}},
		{"one cent, largest remainder", 1, []int64{1, 2}, []int64{0, 1}},
		{"exact", 900, []int64{1, 2, 6}, []int64{100, 200, 600}},
		{"huge weights do not overflow", 9_000_000_000, []int64{1 << 60, 1 << 60}, []int64{4_500_000_000, 4_500_000_000}},
	}
	for _, c := range cases {
		var parts []Part
		for i, w := range c.w {
			parts = append(parts, Part{ID: int64(i + 1), Weight: w})
		}
		got := Split(c.total, parts)
		for i := range got {
			if got[i].Amount != c.want[i] || got[i].ID != int64(i+1) {
				t.Errorf("%s: part %d = %+v, want %d", c.name, i, got[i], c.want[i])
			}
		}
	}
	// Random splits always sum exactly to the pool and stay within one
	// unit of the exact proportional share.
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		total := r.Int64N(1_000_000)
		n := 1 + r.IntN(20)
		parts := make([]Part, n)
		var sum int64
		for i := range parts {
			parts[i] = Part{ID: int64(i), Weight: r.Int64N(10_000_000)}
			sum += parts[i].Weight
		}
		got := Split(total, parts)
		var given int64
		for _, p := range got {
			given += p.Amount
			if sum > 0 {
				exact := float64(total) * float64(p.Weight) / float64(sum)
				if float64(p.Amount) < exact-1 || float64(p.Amount) > exact+1 {
					t.Fatalf("part %+v of %d: exact share %.2f", p, total, exact)
				}
			}
		}
		if sum > 0 && given != total {
			t.Fatalf("split of %d gave %d", total, given)
		}
	}
}
