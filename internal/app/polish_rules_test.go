package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

// fieldError is the message for one field of a validation problem, or "".
func fieldError(err error, field string) string {
	e, ok := apperr.As(err)
	if !ok {
		return ""
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// A paid course costs at least its currency's minimum; free stays free. The
// refusal names the price field and changes nothing.
func TestCoursePriceMinimum(t *testing.T) {
	t.Parallel()
	for cur := range catalog.Currencies {
		if catalog.MinPriceCents[cur] <= 0 {
			t.Errorf("currency %s has no minimum price", cur)
		}
	}
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		teacher, err := a.CreateUser(ctx, "price@x.io", "service pass 42", "Pricey", []string{store.RoleStudent, store.RoleInstructor}, true)
		if err != nil {
			t.Fatal(err)
		}
		create := func(cents int64, currency string) (*store.Course, error) {
			return a.Catalog.Create(ctx, teacher, catalog.CourseInput{Title: ptr("Priced course"), PriceCents: &cents, Currency: &currency})
		}
		for _, c := range []struct {
			cents    int64
			currency string
			ok       bool
		}{
			{0, "USD", true}, {49, "USD", false}, {50, "USD", true}, {1, "EUR", false}, {50, "EUR", true},
			{49, "JPY", false}, {50, "JPY", true}, {499, "SEK", false}, {500, "SEK", true},
		} {
			_, err := create(c.cents, c.currency)
			if msg := fieldError(err, "price_cents"); c.ok && err != nil || !c.ok && !strings.Contains(msg, "at least") {
				t.Errorf("%d %s: err = %v (price_cents: %q)", c.cents, c.currency, err, msg)
			}
		}
		if _, err := create(10, "USD"); fieldError(err, "price_cents") != "must be 0 (free) or at least 0.50 USD" {
			t.Errorf("the refusal says %v", err)
		}
		if _, err := create(10, "JPY"); fieldError(err, "price_cents") != "must be 0 (free) or at least 50 JPY" {
			t.Errorf("the refusal in yen says %v", err)
		}

		// Repricing: checked against the course's own currency, and a change
		// of currency alone is checked against the price it keeps.
		c, err := create(100, "USD")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog.Update(ctx, teacher, c.ID, catalog.CourseInput{PriceCents: ptr(int64(25))}); fieldError(err, "price_cents") == "" {
			t.Errorf("repricing to 0.25 USD: %v", err)
		}
		if _, err := a.Catalog.Update(ctx, teacher, c.ID, catalog.CourseInput{Currency: ptr("SEK")}); fieldError(err, "price_cents") == "" {
			t.Errorf("1.00 moved to SEK: %v", err)
		}
		if got, _ := a.DB.CourseByID(ctx, c.ID); got.PriceCents != 100 || got.Currency != "USD" {
			t.Errorf("refused repricing changed the course to %d %s", got.PriceCents, got.Currency)
		}
		if _, err := a.Catalog.Update(ctx, teacher, c.ID, catalog.CourseInput{PriceCents: ptr(int64(0))}); err != nil {
			t.Errorf("making the course free: %v", err)
		}
		if _, err := a.Catalog.Update(ctx, teacher, c.ID, catalog.CourseInput{PriceCents: ptr(int64(5000)), Currency: ptr("SEK")}); err != nil {
			t.Errorf("50.00 SEK: %v", err)
		}
		if _, err := a.Catalog.Update(ctx, teacher, c.ID, catalog.CourseInput{Title: ptr("Renamed")}); err != nil {
			t.Errorf("an edit that does not touch the price: %v", err)
		}
	})
}

// Progress in percent is rounded down, the same in the player's progress
// and in My learning: two of three lectures is 66%, not 67%.
func TestProgressPercentRoundsDown(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ done, total, want int }{{0, 3, 0}, {1, 3, 33}, {2, 3, 66}, {199, 200, 99}, {3, 3, 100}, {4, 3, 100}, {1, 0, 0}} {
		if got := learning.PercentComplete(c.done, c.total); got != c.want {
			t.Errorf("PercentComplete(%d, %d) = %d, want %d", c.done, c.total, got, c.want)
		}
	}
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		a, ctx := e.app, context.Background()
		mk := func(email string, roles ...string) *store.User {
			u, err := a.CreateUser(ctx, email, "service pass 42", "User "+email, append([]string{store.RoleStudent}, roles...), true)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		teacher, student := mk("t@x.io", store.RoleInstructor), mk("s@x.io")
		c, err := a.Catalog.Create(ctx, teacher, catalog.CourseInput{Title: ptr("Thirds"), DescriptionMD: ptr("Three parts.")})
		if err != nil {
			t.Fatal(err)
		}
		sec, err := a.Catalog.AddSection(ctx, teacher, c.ID, "All")
		if err != nil {
			t.Fatal(err)
		}
		var lectures []int64
		for _, title := range []string{"One", "Two", "Three"} {
			kind := store.LectureArticle
			l, err := a.Catalog.AddLecture(ctx, teacher, sec.ID, catalog.LectureInput{Title: ptr(title), Kind: &kind, BodyMD: ptr("Read me.")})
			if err != nil {
				t.Fatal(err)
			}
			lectures = append(lectures, l.ID)
		}
		if _, err := a.Catalog.Publish(ctx, teacher, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Commerce.EnrollFree(ctx, student, c.ID); err != nil {
			t.Fatal(err)
		}
		for _, l := range lectures[:2] {
			if _, err := a.Learning.ReportProgress(ctx, student, l, learning.ProgressInput{Completed: true}); err != nil {
				t.Fatal(err)
			}
		}
		p, err := a.Learning.Progress(ctx, student, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := a.Learning.Enrollments(ctx, student)
		if err != nil {
			t.Fatal(err)
		}
		if p.Percent != 66 || len(mine) != 1 || mine[0].Percent != 66 {
			t.Errorf("two of three lectures: progress says %d%%, My learning says %+v", p.Percent, mine)
		}
	})
}
