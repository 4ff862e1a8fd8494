package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/catalog"
	"github.com/lectern/lectern/internal/store"
)

// articleCourse publishes a paid course by owner with one article lecture
// (made through the services: no video to wait for).
func articleCourse(t *testing.T, s *site, owner *store.User, title string, priceCents int64) *store.Course {
	t.Helper()
	ctx := context.Background()
	usd, desc := "USD", "Everything about "+title+"."
	course, err := s.App.Catalog.Create(ctx, owner, catalog.CourseInput{Title: &title, DescriptionMD: &desc, PriceCents: &priceCents, Currency: &usd})
	if err != nil {
		t.Fatal(err)
	}
	sec, err := s.App.Catalog.AddSection(ctx, owner, course.ID, "Basics")
	if err != nil {
		t.Fatal(err)
	}
	kind, name, body := store.LectureArticle, "Read me", "# Welcome\n\nStart here."
	if _, err := s.App.Catalog.AddLecture(ctx, owner, sec.ID, catalog.LectureInput{Title: &name, Kind: &kind, BodyMD: &body}); err != nil {
		t.Fatal(err)
	}
	published, err := s.App.Catalog.Publish(ctx, owner, course.ID)
	if err != nil {
		t.Fatalf("publishing: %v", err)
	}
	return published
}

// A visitor puts two courses in the cart, signs up (the emailed link signs
// them in), finds both in the account's cart, pays with the built-in test
// provider, and the course page then offers "Go to course" instead of the price.
func TestVisitorCartSurvivesSignUp(t *testing.T) {
	s := startSite(t)
	ines, err := s.App.CreateUser(context.Background(), "ines@example.com", "knead, fold, repeat", "Ines Instructor", []string{"instructor"}, true)
	if err != nil {
		t.Fatal(err)
	}
	bread := articleCourse(t, s, ines, "Bread Basics", 1500)
	cakes := articleCourse(t, s, ines, "Cake Chemistry", 2500)
	ctx := browser(t)

	for _, c := range []*store.Course{bread, cakes} {
		run(t, ctx, "a visitor adds "+c.Title+" to the cart",
			chromedp.Navigate(s.URL+"/courses/"+c.Slug),
			chromedp.WaitVisible(css(`[data-testid="course-page"] [data-testid="add-to-cart"]`)),
			chromedp.Click(css(`[data-testid="add-to-cart"]`)),
			chromedp.WaitVisible(css(`[data-testid="go-to-cart"]`)),
		)
	}
	if n := get(t, ctx, "read the cart count", chromedp.Text(css(`[data-testid="cart-count"]`))); !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(n, ",")), "2") {
		t.Errorf("the visitor's header shows a cart count of %q, want 2", n)
	}
	run(t, ctx, "open the visitor cart and go to sign up",
		chromedp.Click(css(`[data-testid="go-to-cart"]`)),
		chromedp.WaitVisible(css(`[data-testid="signup-to-checkout"]`)),
		chromedp.Click(css(`[data-testid="signup-to-checkout"]`)),
		chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="name"]`), "Vera Visitor"),
		chromedp.SendKeys(css(`input[name="email"]`), "vera@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), "crumb and crust"),
		chromedp.Click(css(`main form button[type="submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="signup-check-email"]`)),
	)
	run(t, ctx, "follow the emailed link and continue to the cart",
		chromedp.Navigate(s.URL+"/verify-email?token="+emailToken(t, s, "vera@example.com", "Confirm")),
		chromedp.WaitVisible(css(`[data-testid="user-menu"]`)),
		chromedp.WaitVisible(css(`[data-testid="continue-after-signup"]`)),
		chromedp.Click(css(`[data-testid="continue-after-signup"]`)),
		chromedp.WaitVisible(css(`[data-testid="checkout"]`)),
	)
	get(t, ctx, "the account's cart holds both courses", chromedp.Poll[bool](`document.querySelectorAll('[data-testid="cart-item"]').length === 2`))
	if total := get(t, ctx, "read the total", chromedp.Text(css(`[data-testid="cart-total"]`))); total != "$40.00" {
		t.Errorf("the cart total is %q, want $40.00", total)
	}
	vera, err := s.App.DB.UserByEmail(context.Background(), "vera@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if inCart, err := s.App.DB.Cart(context.Background(), vera.ID); err != nil || len(inCart) != 2 {
		t.Fatalf("the server cart after sign-up: %v, %v", inCart, err)
	}

	run(t, ctx, "check out and pay with the built-in provider",
		chromedp.Click(css(`[data-testid="checkout"]`)),
		chromedp.WaitVisible(css(`[data-testid="test-checkout"] [data-testid="test-pay"]`)),
		chromedp.Click(css(`[data-testid="test-pay"]`)),
		chromedp.WaitVisible(css(`[data-testid="payment-received"]`)),
	)
	if n := get(t, ctx, "the visitor cart is gone", chromedp.Evaluate[string](`localStorage.getItem('lectern.cart') ?? ''`)); n != "" {
		t.Errorf("the browser still keeps a visitor cart: %s", n)
	}

	run(t, ctx, "the course page offers the course, not its price",
		chromedp.Navigate(s.URL+"/courses/"+cakes.Slug),
		chromedp.WaitVisible(css(`[data-testid="course-page"] [data-testid="enrolled"]`)),
	)
	box := get(t, ctx, "read the buy box", chromedp.Text(css(`.enroll-box`)))
	if !strings.Contains(box, "Go to course") || strings.Contains(box, "$25.00") || strings.Contains(box, "Add to cart") {
		t.Errorf("the course page after buying shows %q", box)
	}
	run(t, ctx, "the catalog cards say Enrolled",
		chromedp.Navigate(s.URL+"/courses"),
		chromedp.WaitVisible(css(`[data-testid="card-owned"]`)),
	)
	get(t, ctx, "both cards are owned, no price shown", chromedp.Poll[bool](
		`document.querySelectorAll('[data-testid="card-owned"]').length === 2 && document.querySelectorAll('[data-testid="card-price"]').length === 0`))
}
