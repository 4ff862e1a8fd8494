package app_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/lectern/lectern/internal/testdb"
)

// median of the durations.
func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// compareTimings sends known and unknown n times each, alternating which
// goes first so both see the same machine noise, checks that status and body
// are the same, and returns the durations.
func (e *env) compareTimings(t *testing.T, n int, known, unknown func(i int) req) (tk, tu []time.Duration) {
	t.Helper()
	var bodyK, bodyU []byte
	var statusK, statusU int
	for i := 0; i < n; i++ {
		order := []int{0, 1}
		if i%2 == 1 {
			order = []int{1, 0}
		}
		for _, which := range order {
			r := known(i)
			if which == 1 {
				r = unknown(i)
			}
			start := time.Now()
			out := e.do(r)
			d := time.Since(start)
			if which == 0 {
				tk, bodyK, statusK = append(tk, d), out.Body, out.Status
			} else {
				tu, bodyU, statusU = append(tu, d), out.Body, out.Status
			}
		}
		if statusK != statusU || !bytes.Equal(normalizeEmailInBody(bodyK), normalizeEmailInBody(bodyU)) {
			t.Fatalf("known email answers %d %s, unknown %d %s", statusK, bodyK, statusU, bodyU)
		}
	}
	return tk, tu
}

// normalizeEmailInBody blanks the echoed address, the one field that
// differs by construction.
func normalizeEmailInBody(b []byte) []byte {
	if i := bytes.Index(b, []byte(`"email":"`)); i >= 0 {
		j := bytes.IndexByte(b[i+9:], '"')
		return append(append(slices.Clone(b[:i+9]), 'X'), b[i+9+j:]...)
	}
	return b
}

// Register and forgot-password answer the same, in the same time, for an
// email that has an account and one that does not. Medians over many
// alternating calls, with a tolerance for a shared, noisy machine.
func TestNoAccountEnumeration(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		e.register("known@x.io", "a fine password", "Known")
		const n = 25
		// Wide enough for a 2-core machine shared with other tests, narrow
		// enough to catch a skipped password hash (~40 ms against ~1 ms).
		tolerance := func(a, b time.Duration) time.Duration { return max(15*time.Millisecond, max(a, b)*2/5) }

		tk, tu := e.compareTimings(t, n,
			func(i int) req {
				return req{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]string{"email": "known@x.io", "password": "some password here", "name": "Someone"}}
			},
			func(i int) req {
				return req{Method: "POST", Path: "/api/v1/auth/register", Body: map[string]string{"email": fmt.Sprintf("new%d@x.io", i), "password": "some password here", "name": "Someone"}}
			})
		mk, mu := median(tk), median(tu)
		t.Logf("register: median %v known, %v unknown", mk, mu)
		if d := mk - mu; d > tolerance(mk, mu) || -d > tolerance(mk, mu) {
			t.Errorf("register medians differ: %v known vs %v unknown", mk, mu)
		}

		tk, tu = e.compareTimings(t, n,
			func(i int) req {
				return req{Method: "POST", Path: "/api/v1/auth/password/forgot", Body: map[string]string{"email": "known@x.io"}}
			},
			func(i int) req {
				return req{Method: "POST", Path: "/api/v1/auth/password/forgot", Body: map[string]string{"email": fmt.Sprintf("nobody%d@x.io", i)}}
			})
		mk, mu = median(tk), median(tu)
		t.Logf("forgot-password: median %v known, %v unknown", mk, mu)
		if d := mk - mu; d > tolerance(mk, mu) || -d > tolerance(mk, mu) {
			t.Errorf("forgot-password medians differ: %v known vs %v unknown", mk, mu)
		}
		// The owner heard about each attempt; the work really happened.
		e.lastEmailToken("known@x.io", "Reset")
	})
}
