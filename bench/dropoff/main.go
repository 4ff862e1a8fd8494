// Command dropoff times the instructor's drop-off query: the watched ranges
// of every viewer of one video read from the database and swept into a
// curve (learning.ComputeDropOff), for 10,000 viewers of a 20-minute video
// with realistic viewing (most stop somewhere, some skip ahead, some go back
// and watch a part again), on a fresh SQLite file and a fresh PostgreSQL
// schema. It prints the median and the slowest of the timed runs.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lectern/lectern/bench/internal/pgschema"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/store"
)

func main() {
	pg := flag.String("pg", os.Getenv("LECTERN_TEST_POSTGRES_URL"), "a postgres:// URL (a fresh schema is made in it); empty: SQLite only")
	viewers := flag.Int("viewers", 10_000, "viewers of the video")
	duration := flag.Int("duration", 1200, "the video's length in seconds")
	runs := flag.Int("runs", 30, "timed runs of the query")
	flag.Parse()
	log.SetFlags(0)
	dir, err := os.MkdirTemp("", "lectern-bench-dropoff")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	targets := [][2]string{{"SQLite", "sqlite://" + filepath.Join(dir, "dropoff.db")}}
	if *pg != "" {
		targets = append(targets, [2]string{"PostgreSQL", pgschema.Fresh(*pg)})
	}
	fmt.Printf("drop-off of a %d s video with %d viewers, %d timed runs each\n", *duration, *viewers, *runs)
	for _, t := range targets {
		run(t[0], t[1], *viewers, *duration, *runs)
	}
}

func run(name, url string, viewers, duration, runs int) {
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, slog.New(slog.DiscardHandler)); err != nil {
		log.Fatal(err)
	}
	lectureID, spans := seed(ctx, db, viewers, duration)

	var times []time.Duration
	var last learning.DropOff
	for i := 0; i < runs+3; i++ {
		start := time.Now()
		ranges, err := db.LectureWatchRanges(ctx, lectureID)
		if err != nil {
			log.Fatal(err)
		}
		last = learning.ComputeDropOff(ranges, duration)
		if i >= 3 { // the first runs warm the caches
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	fmt.Printf("%-10s %d viewers (%d ranges stored): median %s, p90 %s, slowest %s; curve: %.0f%% at 0:00, %.0f%% at 10:00, %.0f%% at the end\n",
		name, last.Viewers, spans, ms(times[len(times)/2]), ms(times[len(times)*9/10]), ms(times[len(times)-1]),
		100*last.Shares[0], 100*last.Shares[min(600, len(last.Shares)-1)/last.BucketS], 100*last.Shares[len(last.Shares)-1])
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// seed makes a course with one video lecture and its viewers, each with
// the watched ranges progress reports would have left.
func seed(ctx context.Context, db *store.DB, viewers, duration int) (int64, int) {
	owner, err := db.CreateUser(ctx, store.NewUser{Email: "teacher@bench.test", Name: "Teacher", PasswordHash: "x", Roles: []string{store.RoleInstructor}})
	if err != nil {
		log.Fatal(err)
	}
	var lectureID, courseID int64
	err = db.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.CreateCourse(ctx, store.NewCourse{InstructorID: owner.ID, Slug: "dropoff", Title: "Drop-off", Language: "en", Level: "all", Currency: "USD"})
		if err != nil {
			return err
		}
		s, err := tx.AddSection(ctx, c.ID, "Section")
		if err != nil {
			return err
		}
		l, err := tx.AddLecture(ctx, s.ID, c.ID, store.NewLecture{Title: "Twenty minutes", Kind: store.LectureVideo})
		courseID = c.ID
		if l != nil {
			lectureID = l.ID
		}
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	stored := 0
	const batch = 1000
	for from := 0; from < viewers; from += batch {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := from; i < min(from+batch, viewers); i++ {
				u, err := tx.CreateUser(ctx, store.NewUser{Email: fmt.Sprintf("v%05d@bench.test", i), Name: "Viewer", PasswordHash: "x", Roles: []string{store.RoleStudent}})
				if err != nil {
					return err
				}
				enc := viewing(rnd, duration)
				stored += strings.Count(enc, ",") + 1
				if err := tx.SaveProgress(ctx, u.ID, store.Progress{LectureID: lectureID, CourseID: courseID, WatchedRanges: enc}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	return lectureID, stored
}

// viewing is one viewer's watched ranges: they start at the beginning (or,
// one in ten, somewhere in the first minutes), stop at a point drawn so
// that about half reach the middle and a quarter the end, may skip ahead
// once or twice, and may go back to watch a stretch again.
func viewing(rnd *rand.Rand, duration int) string {
	pos := 0
	if rnd.IntN(10) == 0 {
		pos = rnd.IntN(180)
	}
	stop := duration
	if rnd.Float64() > 0.25 {
		stop = int(rnd.ExpFloat64() * float64(duration) / 1.5)
	}
	stop = min(max(stop, pos+5), duration)
	var spans []learning.Span
	for pos < stop {
		// Watch a stretch, then maybe skip ahead.
		end := min(stop, pos+60+rnd.IntN(400))
		spans = append(spans, learning.Span{Start: pos, End: end})
		pos = end
		if rnd.IntN(4) == 0 {
			pos += 15 + rnd.IntN(90)
		}
	}
	if len(spans) > 0 && rnd.IntN(5) == 0 {
		back := spans[rnd.IntN(len(spans))]
		spans = append(spans, learning.Span{Start: back.Start, End: min(back.End, back.Start+30+rnd.IntN(60))})
	}
	return learning.FormatSpans(learning.MergeSpans(spans))
}
