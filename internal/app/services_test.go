package app_test

import (
	"context"
	"testing"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/learning"
	"github.com/lectern/lectern/internal/store"
	"github.com/lectern/lectern/internal/testdb"
)

func ptr[T any](v T) *T { return &v }

// code is an error's problem code, or "" for nil.
func code(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return "not a problem: " + err.Error()
}

// TestServices exercises the domain rules by calling the services
// directly, without HTTP: publishing, checkout and payment, refunds and
// what they revoke, reviews and progress, each through the access policy.
func TestServices(t *testing.T) {
	t.Parallel()
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
		teacher, student, stranger, root := mk("t@x.io", store.RoleInstructor), mk("s@x.io"), mk("x@x.io"), mk("r@x.io", store.RoleAdmin)

		// Publishing: rules come back as field errors and change nothing.
		c, err := a.Catalog.Create(ctx, teacher, catalog.CourseInput{Title: ptr("Service Course"), DescriptionMD: ptr("Learn."), PriceCents: ptr(int64(2500))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog.Create(ctx, student, catalog.CourseInput{Title: ptr("Nope")}); code(err) != "instructor_required" {
			t.Errorf("a student creates a course: %v", err)
		}
		if _, err := a.Catalog.Publish(ctx, teacher, c.ID); code(err) != "not_publishable" {
			t.Fatalf("publishing an empty course: %v", err)
		}
		if got, _ := a.DB.CourseByID(ctx, c.ID); got.Status != store.CourseDraft {
			t.Errorf("a refused publish changed the status to %s", got.Status)
		}
		if _, err := a.Catalog.Publish(ctx, stranger, c.ID); code(err) != "not_found" {
			t.Errorf("a stranger publishes someone's draft: %v", err)
		}
		sec, err := a.Catalog.AddSection(ctx, teacher, c.ID, "Basics")
		if err != nil {
			t.Fatal(err)
		}
		lec, err := a.Catalog.AddLecture(ctx, teacher, sec.ID, catalog.LectureInput{Title: ptr("Read me"), Kind: ptr("article"), BodyMD: ptr("Words.")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Learning.ReportProgress(ctx, student, lec.ID, learning.ProgressInput{Completed: true}); code(err) != "not_found" {
			t.Errorf("progress in a draft: %v, want not_found", err)
		}
		if _, err := a.Catalog.Publish(ctx, teacher, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog.Publish(ctx, stranger, c.ID); code(err) != "forbidden" {
			t.Errorf("a stranger publishes a public course: %v", err)
		}
		course, _ := a.DB.CourseByID(ctx, c.ID)

		// Not enrolled: no content, no review, no progress.
		if _, err := a.Learning.Content(ctx, student, lec.ID); code(err) != "not_enrolled" {
			t.Errorf("content before buying: %v", err)
		}
		if _, _, err := a.Learning.Review(ctx, student, c.ID, 5, "Great"); code(err) != "not_enrolled" {
			t.Errorf("review before buying: %v", err)
		}
		if _, _, err := a.Learning.Review(ctx, teacher, c.ID, 5, "Mine"); code(err) != "own_course" {
			t.Errorf("the instructor reviews their course: %v", err)
		}

		// Checkout and pay on the built-in provider.
		if err := a.Commerce.AddToCart(ctx, student, c.ID); err != nil {
			t.Fatal(err)
		}
		o, err := a.Commerce.Checkout(ctx, student, []int64{c.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != store.OrderPending || o.TotalCents != 2500 {
			t.Fatalf("order = %+v", o)
		}
		if _, err := a.Commerce.PayLocal(ctx, stranger, o.ID, true); code(err) != "not_found" {
			t.Errorf("someone else pays the order: %v", err)
		}
		if o, err = a.Commerce.PayLocal(ctx, student, o.ID, true); err != nil || o.Status != store.OrderPaid {
			t.Fatalf("paying: %v %+v", err, o)
		}
		if g, err := a.Commerce.Access.Course(ctx, student, course); err != nil || g != access.GrantEnrolled {
			t.Errorf("after paying: %v %v", g, err)
		}
		if p, err := a.Learning.ReportProgress(ctx, student, lec.ID, learning.ProgressInput{Completed: true}); err != nil || p.CompletedAt == nil {
			t.Errorf("marking the article done: %v %+v", err, p)
		}
		if _, created, err := a.Learning.Review(ctx, student, c.ID, 4, "Good"); err != nil || !created {
			t.Errorf("review after buying: %v", err)
		}
		if ok, deadline := a.Commerce.Refundability(student, o); !ok || deadline == nil {
			t.Errorf("the buyer may not refund a fresh order (%v, %v)", ok, deadline)
		}
		if ok, _ := a.Commerce.Refundability(stranger, o); ok {
			t.Error("a stranger may refund the order")
		}

		// Refund: the enrollment is revoked and the policy says why.
		if _, err := a.Commerce.Refund(ctx, stranger, o.ID, "mine now"); code(err) != "not_found" {
			t.Errorf("a stranger refunds: %v", err)
		}
		if o, err = a.Commerce.Refund(ctx, student, o.ID, "changed my mind"); err != nil || o.Status != store.OrderRefunded {
			t.Fatalf("refund: %v %+v", err, o)
		}
		if _, err := a.Commerce.Access.Course(ctx, student, course); err != access.ErrRefunded {
			t.Errorf("after the refund: %v, want ErrRefunded", err)
		}
		if _, err := a.Learning.Content(ctx, student, lec.ID); code(err) != "not_enrolled" {
			t.Errorf("content after the refund: %v", err)
		}
		if _, err := a.Commerce.Refund(ctx, root, o.ID, "again"); code(err) != "not_refundable" {
			t.Errorf("refunding twice: %v", err)
		}
		if got, _ := a.DB.CourseByID(ctx, c.ID); got.EnrollmentCount != 0 && got.EnrollmentCount != 1 {
			t.Errorf("enrollment count %d", got.EnrollmentCount)
		}

		// Unpublishing hides the course from everyone but owner and admins.
		if _, err := a.Catalog.Unpublish(ctx, teacher, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog.Get(ctx, student, c.Slug); code(err) != "not_found" {
			t.Errorf("an unpublished course for a student: %v", err)
		}
		if _, err := a.Catalog.Get(ctx, root, c.Slug); err != nil {
			t.Errorf("an unpublished course for an admin: %v", err)
		}
	})
}
