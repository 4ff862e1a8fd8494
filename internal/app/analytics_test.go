package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// readyVideoLecture makes lecture a ready video of durationS seconds
// without transcoding (the store steps a finished transcode takes).
func (e *env) readyVideoLecture(ownerID, lectureID int64, durationS float64) {
	e.t.Helper()
	ctx, db := context.Background(), e.app.DB
	var v *store.Video
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = tx.CreateUpload(ctx, ownerID, lectureID, fmt.Sprintf("fake-%d", lectureID), "v.mp4", 10); err != nil {
			return err
		}
		_, err = tx.MarkUploaded(ctx, v.ID, "sources/fake")
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	if ok, err := db.StartProcessing(ctx, v.ID, 0); err != nil || !ok {
		e.t.Fatal(ok, err)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.PublishVideo(ctx, v.ID, 0, store.Published{Prefix: fmt.Sprintf("videos/%d/aa", v.ID), DurationS: durationS, Width: 640, Height: 360})
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
}

// TestDropOffAndAnalytics: progress reports record watched ranges, and
// the drop-off curve of a 10 s video matches the one worked out by hand;
// completion per lecture and access to the analytics.
//
//	A watched 0-10, B watched 0-4 then 6-8, C watched 2-5.
//	second:   0 1 2 3 4 5 6 7 8 9
//	viewers:  2 2 3 3 2 1 2 2 1 1   (of 3)
func TestDropOffAndAnalytics(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		teach := e.instructor("teach@x.io", "Teacher")
		teacher, _ := a.DB.UserByEmail(ctx, "teach@x.io")
		cid := e.course(teach, map[string]any{"title": "Watched", "description_md": "x"}).str("id")
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/sections", Token: teach.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
		lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: teach.Access, Body: map[string]any{"title": "Clip"}}).expect(t, 201).str("id")
		article := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: teach.Access, Body: map[string]any{"title": "Notes", "kind": "article", "body_md": "x"}}).expect(t, 201).str("id")
		e.readyVideoLecture(teacher.ID, mustInt(lec), 10)
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + cid + "/publish", Token: teach.Access}).expect(t, 200)

		var viewers []*store.User
		for _, name := range []string{"a", "b", "c", "d"} {
			u, err := a.DB.CreateUser(ctx, store.NewUser{Email: name + "@x.io", Name: name, PasswordHash: "x", Roles: []string{store.RoleStudent}, EmailVerified: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.DB.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Enroll(ctx, u.ID, mustInt(cid), "admin", nil); return err }); err != nil {
				t.Fatal(err)
			}
			viewers = append(viewers, u)
		}
		report := func(u *store.User, pos, watched float64) {
			t.Helper()
			if _, err := a.Learning.ReportProgress(ctx, u, mustInt(lec), learning.ProgressInput{PositionS: pos, WatchedS: watched}); err != nil {
				t.Fatal(err)
			}
		}
		report(viewers[0], 10, 10)
		report(viewers[1], 4, 4)
		report(viewers[1], 8, 2) // seeked to 6, played 2 s
		report(viewers[2], 5, 3) // seeked to 2, played 3 s
		report(viewers[3], 7, 0) // seeked, played nothing: not a viewer

		_, d, err := a.Learning.LectureDropOff(ctx, teacher, mustInt(lec))
		want := []float64{0.6667, 0.6667, 1, 1, 0.6667, 0.3333, 0.6667, 0.6667, 0.3333, 0.3333}
		if err != nil || d.Viewers != 3 || d.BucketS != 1 || !slices.Equal(d.Shares, want) {
			t.Errorf("drop-off = %+v, %v; want 3 viewers and %v", d, err, want)
		}
		if _, _, err := a.Learning.LectureDropOff(ctx, viewers[0], mustInt(lec)); code(err) != "forbidden" {
			t.Errorf("a student reads the drop-off: %v", err)
		}
		if _, _, err := a.Learning.LectureDropOff(ctx, teacher, mustInt(article)); code(err) != "not_video" {
			t.Errorf("the drop-off of an article: %v", err)
		}

		an, err := a.Learning.CourseAnalytics(ctx, teacher, mustInt(cid))
		if err != nil {
			t.Fatal(err)
		}
		if an.Enrolled != 4 || len(an.Lectures) != 2 || an.Lectures[0].Completed != 1 || an.Lectures[0].Share != 0.25 || an.Lectures[1].Completed != 0 {
			t.Errorf("analytics = %+v", an)
		}
		if len(an.Enrollments) != 1 || an.Enrollments[0].Count != 4 {
			t.Errorf("enrolments per day = %+v", an.Enrollments)
		}
		if _, err := a.Learning.CourseAnalytics(ctx, viewers[0], mustInt(cid)); code(err) != "forbidden" {
			t.Errorf("a student reads the analytics: %v", err)
		}

		// Over HTTP, as the UI reads it.
		got := e.do(req{Method: "GET", Path: "/api/v1/instructor/lectures/" + lec + "/dropoff", Token: teach.Access}).expect(t, 200)
		if got.JSON["viewers"] != float64(3) || len(got.JSON["shares"].([]any)) != 10 {
			t.Errorf("GET dropoff = %s", got.Body)
		}
		e.do(req{Method: "GET", Path: "/api/v1/instructor/courses/" + cid + "/analytics", Token: teach.Access}).expect(t, 200)
	})
}
