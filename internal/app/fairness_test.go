package app_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/riverqueue/river"

	"github.com/lectern/lectern/internal/jobs"
	"github.com/lectern/lectern/internal/testdb"
)

// TestTranscodeLineIsFairBetweenInstructors: an instructor who queues five
// videos does not put a second instructor's upload behind all five. Each
// owner's first queued video gets the first place in line (River priority
// 1), the second the second and so on; the limiter then takes turns (see
// ffmpeg.TestLimiterTakesTurnsBetweenOwners).
func TestTranscodeLineIsFairBetweenInstructors(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		ctx := context.Background()
		src := filepath.Join(t.TempDir(), "v.mp4")
		if err := os.WriteFile(src, []byte("not probed until a worker takes it"), 0o600); err != nil {
			t.Fatal(err)
		}
		owners := map[int64]string{}
		queue := func(email, name string, n int) {
			a := e.instructor(email, name)
			u, _ := e.app.DB.UserByEmail(ctx, email)
			cid := e.course(a, map[string]any{"title": "Course of " + name, "description_md": "x"}).str("id")
			sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: a.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
			for range n {
				lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: a.Access, Body: map[string]any{"title": "V"}}).expect(t, 201).str("id")
				v, err := e.app.Media.ImportFile(ctx, u.ID, mustInt(lec), src, "v.mp4")
				if err != nil {
					t.Fatal(err)
				}
				owners[v.ID] = name
			}
		}
		queue("a@x.io", "Ada", 5)
		queue("b@x.io", "Bob", 2)

		list, err := e.app.Jobs.JobList(ctx, river.NewJobListParams().Kinds("transcode").First(100))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]int{}
		for _, j := range list.Jobs {
			var args struct {
				VideoID int64 `json:"video_id"`
			}
			_ = json.Unmarshal(j.EncodedArgs, &args)
			if j.Queue != jobs.TranscodeQueue {
				t.Errorf("job %d is in queue %q", j.ID, j.Queue)
			}
			got[owners[args.VideoID]] = append(got[owners[args.VideoID]], j.Priority)
		}
		want := map[string][]int{"Ada": {1, 2, 3, 4, 4}, "Bob": {1, 2}}
		for name, w := range want {
			g := got[name]
			if len(g) != len(w) {
				t.Fatalf("%s's jobs have priorities %v, want %v", name, g, w)
			}
			for i := range w {
				if g[i] != w[i] {
					t.Errorf("%s's jobs have priorities %v, want %v", name, g, w)
					break
				}
			}
		}
	})
}
