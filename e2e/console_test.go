package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/commerce"
	"github.com/lectern/lectern/internal/store"
)

// An instructor's publish checklist follows their edits without a click on
// Publish; their coupons are listed with redemptions and one is disabled
// after a confirmation.
func TestEditorChecklistAndCoupons(t *testing.T) {
	s := startSite(t)
	bg := context.Background()
	teacher, err := s.App.CreateUser(bg, "teach@e2e.io", "teacher pass 42", "Tess Teacher", []string{store.RoleStudent, store.RoleInstructor}, true)
	if err != nil {
		t.Fatal(err)
	}
	course, err := s.App.Catalog.Create(bg, teacher, catalog.CourseInput{Title: ptr("Checklist Course"), PriceCents: ptr(int64(1500))})
	if err != nil {
		t.Fatal(err)
	}
	sec, _ := s.App.Catalog.AddSection(bg, teacher, course.ID, "Start")
	if _, err := s.App.Catalog.AddLecture(bg, teacher, sec.ID, catalog.LectureInput{Title: ptr("Notes"), Kind: ptr("article"), BodyMD: ptr("Words.")}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []commerce.CouponInput{{Code: "SPRING", PercentOff: ptr(20), MaxRedemptions: ptr(50)}, {Code: "FRIENDS", PercentOff: ptr(50)}} {
		if _, err := s.App.Commerce.CreateCoupon(bg, teacher, &course.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	ctx := browser(t)
	uiLogin(t, ctx, s.URL, "teach@e2e.io", "teacher pass 42")

	checklist := func() string {
		return get(t, ctx, "read the checklist", chromedp.Evaluate[string](
			`(document.querySelector('[data-testid="publish-checklist"]') || {}).textContent || ''`))
	}
	run(t, ctx, "open the editor",
		chromedp.Navigate(s.URL+"/instructor/courses/"+strconv.FormatInt(course.ID, 10)+"/edit"),
		chromedp.WaitVisible(css(`[data-testid="publish-checklist"]`)),
	)
	if got := checklist(); !strings.Contains(got, "Description") {
		t.Fatalf("checklist of a course without a description: %q", got)
	}
	run(t, ctx, "write a description and save",
		chromedp.SendKeys(css(`textarea[name="description_md"]`), "You will learn to ship."),
		chromedp.Click(css(`[data-testid="save-details"]`)),
		chromedp.WaitVisible(css(`[data-testid="publish-ready"]`)),
	)
	if got := checklist(); got != "" {
		t.Errorf("checklist after the description was saved: %q", got)
	}
	if c, _ := s.App.DB.CourseByID(bg, course.ID); c.Status != store.CourseDraft {
		t.Errorf("the checklist published the course: %s", c.Status)
	}
	artefact(t, ctx, "editor-checklist-ready")

	run(t, ctx, "see the coupons",
		chromedp.WaitVisible(css(`[data-testid="coupon-row"][data-code="SPRING"]`)),
	)
	rows := get(t, ctx, "read the coupons", chromedp.Text(css(`[data-testid="course-coupons"]`)))
	if !strings.Contains(rows, "0 of 50") || !strings.Contains(rows, "FRIENDS") {
		t.Errorf("coupon list: %q", rows)
	}
	run(t, ctx, "disable a coupon after confirming",
		chromedp.Click(css(`[data-testid="coupon-row"][data-code="SPRING"] [data-testid="disable-coupon"]`)),
		chromedp.WaitVisible(css(`dialog[data-testid="confirm-dialog"][open]`)),
	)
	artefact(t, ctx, "editor-coupon-confirm")
	if c, _ := s.App.Commerce.Coupons(bg, teacher, course.ID); c[len(c)-1].DisabledAt != nil {
		t.Error("the coupon was disabled before the confirmation")
	}
	run(t, ctx, "confirm",
		chromedp.Click(css(`[data-testid="confirm-yes"]`)),
		chromedp.WaitVisible(css(`[data-testid="coupon-row"][data-code="SPRING"][data-state="disabled"]`)),
	)
	list, _ := s.App.Commerce.Coupons(bg, teacher, course.ID)
	for _, c := range list {
		if (c.Code == "SPRING") != (c.DisabledAt != nil) {
			t.Errorf("coupon %s disabled at %v", c.Code, c.DisabledAt)
		}
	}
}
