package e2e

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lectern/lectern/internal/store"
)

// An admin opens the console on its overview (figures match what was
// seeded), finds an order by the buyer's email, refunds one of its two
// courses, disables the buyer through the confirmation (Cancel changes
// nothing, Confirm disables), gives them a role after a confirmation, and
// sees their own name, linked, in the audit log.
func TestAdminConsole(t *testing.T) {
	s := startSite(t)
	bg := context.Background()
	const pw = "console pass 42"
	admin := s.user(t, "ada@e2e.io", pw, "Ada Admin", store.RoleAdmin)
	teacher := s.user(t, "tess@e2e.io", pw, "Tess Teacher", store.RoleInstructor)
	buyer := s.user(t, "bob.buyer@e2e.io", pw, "Bob Buyer")
	other := s.user(t, "olga@e2e.io", pw, "Olga Other")
	ca, cb := s.articleCourse(t, teacher, "Alpha Algebra", 3000), s.articleCourse(t, teacher, "Beta Biology", 2000)
	order := s.buy(t, buyer, ca, cb)
	otherOrder := s.buy(t, other, cb)

	ctx := browser(t)
	uiLogin(t, ctx, s.URL, "ada@e2e.io", "console pass 42")

	// ---- The overview: today's sales are the two orders, four new users. ----
	run(t, ctx, "open the console",
		chromedp.Navigate(s.URL+"/admin"),
		chromedp.WaitVisible(css(`[data-testid="overview-sales-today-USD"]`)),
	)
	if got := get(t, ctx, "read today's sales", chromedp.Text(css(`[data-testid="overview-sales-today"]`))); !strings.Contains(got, "$70.00") || !strings.Contains(got, "2 orders") {
		t.Errorf("today's sales: %q, want $70.00 from 2 orders", got)
	}
	if got := get(t, ctx, "read new users", chromedp.Text(css(`[data-testid="overview-new-users-today"] dd`))); got != "4" {
		t.Errorf("new users today: %q, want 4", got)
	}
	artefact(t, ctx, "admin-overview")

	// ---- Orders: search by the buyer's email, open the order. ----
	run(t, ctx, "search orders by email",
		chromedp.Navigate(s.URL+"/admin/orders"),
		chromedp.WaitVisible(css(`[data-testid="admin-order"][data-order-id="`+strconv.FormatInt(otherOrder.ID, 10)+`"]`)),
		chromedp.SendKeys(css(`#order-search`), "bob.buyer@"),
		chromedp.Submit(css(`#order-search`)),
		chromedp.WaitNotPresent(css(`[data-testid="admin-order"][data-order-id="`+strconv.FormatInt(otherOrder.ID, 10)+`"]`)),
		chromedp.WaitVisible(css(`[data-testid="admin-order"][data-order-id="`+strconv.FormatInt(order.ID, 10)+`"]`)),
	)
	if rows := get(t, ctx, "read the orders", chromedp.Text(css(`[data-testid="admin-orders"] tbody`))); !strings.Contains(rows, "Bob Buyer") || !strings.Contains(rows, "bob.buyer@e2e.io") {
		t.Errorf("order rows: %q", rows)
	}
	artefact(t, ctx, "admin-orders-search")
	run(t, ctx, "open the order",
		chromedp.Click(css(`[data-testid="admin-order"] [data-testid="order-link"]`)),
		chromedp.WaitVisible(css(`[data-testid="partial-refund"]`)),
	)

	// ---- A partial refund: Alpha Algebra only. ----
	run(t, ctx, "refund one course",
		chromedp.Click(css(`[data-testid="refund-course"][value="`+strconv.FormatInt(ca, 10)+`"]`)),
		chromedp.SendKeys(css(`[data-testid="refund-reason-input"]`), "Alpha was the wrong course"),
		chromedp.Click(css(`[data-testid="refund-part-submit"]`)),
		chromedp.WaitVisible(css(`[data-testid="refund-done"]`)),
		chromedp.WaitVisible(css(`[data-testid="order-refund"]`)),
	)
	got, err := s.App.DB.OrderByID(bg, order.ID)
	if err != nil || got.Status != store.OrderPartiallyRefunded || got.RefundedCents != 3000 {
		t.Fatalf("after the partial refund: %+v, %v", got, err)
	}
	items, _ := s.App.DB.OrderItemRefunds(bg, order.ID)
	if !items[ca].Revoked || items[cb].Revoked {
		t.Errorf("access after refunding Alpha only: %+v", items)
	}
	if access := get(t, ctx, "read access", chromedp.Text(css(`[data-testid="order-item"][data-course-id="`+strconv.FormatInt(ca, 10)+`"] [data-testid="item-access"]`))); access != "Revoked" {
		t.Errorf("Alpha's access shown as %q", access)
	}
	artefact(t, ctx, "admin-order-refunded")

	// ---- Disable the buyer: Cancel leaves them enabled, Confirm disables. ----
	row := `[data-testid="disable-user"]`
	run(t, ctx, "find the buyer",
		chromedp.Navigate(s.URL+"/admin/users?q=bob.buyer"),
		chromedp.WaitVisible(css(row)),
		chromedp.Click(css(row)),
		chromedp.WaitVisible(css(`dialog[data-testid="confirm-user-change"][open]`)),
	)
	artefact(t, ctx, "admin-disable-confirm")
	run(t, ctx, "cancel",
		chromedp.Click(css(`[data-testid="confirm-cancel"]`)),
		chromedp.WaitNotPresent(css(`dialog[data-testid="confirm-user-change"]`)),
	)
	if u, _ := s.App.DB.UserByID(bg, buyer.ID); u.DisabledAt != nil {
		t.Fatal("Cancel disabled the buyer")
	}
	if checked := get(t, ctx, "read the switch", chromedp.Evaluate[bool](`document.querySelector('[data-testid="disable-user"]').checked`)); checked {
		t.Error("the switch shows disabled after Cancel")
	}
	run(t, ctx, "disable after confirming",
		chromedp.Click(css(row)),
		chromedp.WaitVisible(css(`dialog[data-testid="confirm-user-change"][open]`)),
		chromedp.Click(css(`[data-testid="confirm-yes"]`)),
		chromedp.WaitNotPresent(css(`dialog[data-testid="confirm-user-change"]`)),
		chromedp.WaitVisible(css(`[data-testid="disable-user"]:checked`)),
	)
	eventually(t, "the buyer is disabled", func() (bool, string) {
		u, err := s.App.DB.UserByID(bg, buyer.ID)
		return err == nil && u.DisabledAt != nil, "still enabled"
	})

	// ---- A role change asks first too. ----
	run(t, ctx, "make the buyer an instructor",
		chromedp.Click(css(`[data-testid="role-instructor"]`)),
		chromedp.WaitVisible(css(`dialog[data-testid="confirm-user-change"][open]`)),
		chromedp.Click(css(`[data-testid="confirm-yes"]`)),
		chromedp.WaitVisible(css(`[data-testid="role-instructor"]:checked`)),
	)
	eventually(t, "the buyer is an instructor", func() (bool, string) {
		u, err := s.App.DB.UserByID(bg, buyer.ID)
		return err == nil && slices.Contains(u.Roles, store.RoleInstructor), "roles unchanged"
	})

	// ---- The audit log names the admin, with a link to them. ----
	run(t, ctx, "open the audit log",
		chromedp.Navigate(s.URL+"/admin/audit-log"),
		chromedp.WaitVisible(css(`[data-testid="audit-actor"]`)),
	)
	actor := get(t, ctx, "read the actor", chromedp.Text(css(`[data-testid="audit-actor"]`)))
	href := get(t, ctx, "read the actor's link", chromedp.Evaluate[string](`document.querySelector('[data-testid="audit-actor"]').getAttribute('href')`))
	if actor != "Ada Admin" || href != "/admin/users/"+strconv.FormatInt(admin.ID, 10) {
		t.Errorf("audit actor = %q → %q", actor, href)
	}
	log := get(t, ctx, "read the log", chromedp.Text(css(`[data-testid="audit-log"]`)))
	if !strings.Contains(log, "Bob Buyer") || !strings.Contains(log, "order.refund") || !strings.Contains(log, "user.disable") {
		t.Errorf("audit log: %q", log)
	}
	artefact(t, ctx, "admin-audit-log")
}
