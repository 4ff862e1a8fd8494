package app_test

import (
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
)

// skip marks a caller a row does not check (the call would change what
// later rows rely on, or says nothing about access).
const skip = -1

// routeCase is one route called by each kind of caller, with the status
// each must get. Paths name fixtures: {draft} is a draft course of
// {owner}, {draftSection} and {draftLecture} are in it (the lecture is a
// free preview, which must not matter for a draft); {pub} is a published
// free course with the lecture {pubLecture} (not a preview); {review} is a
// visible review of {pub}; {missing} is an id that does not exist.
type routeCase struct {
	method, path string
	body         any
	// anonymous, a student not enrolled anywhere, another instructor, the
	// course's owner, an admin.
	anon, student, other, owner, admin int
}

// accessTable holds every route of the route table. A route added without
// a row here fails TestRouteAccess.
var accessTable = []routeCase{
	{"POST", "/auth/register", map[string]any{}, 422, skip, skip, skip, skip},
	{"POST", "/auth/login", map[string]any{}, 401, skip, skip, skip, skip},
	{"POST", "/auth/refresh", map[string]any{}, 401, skip, skip, skip, skip},
	{"POST", "/auth/logout", map[string]any{}, 204, skip, skip, skip, skip},
	{"POST", "/auth/password/forgot", map[string]any{}, 422, skip, skip, skip, skip},
	{"POST", "/auth/password/reset", map[string]any{}, 422, skip, skip, skip, skip},
	{"POST", "/auth/email/verify", map[string]any{}, 422, skip, skip, skip, skip},
	{"GET", "/me", nil, 401, 200, 200, 200, 200},
	{"PATCH", "/me", map[string]any{}, 401, 200, 200, 200, 200},
	{"POST", "/me/instructor", nil, 401, skip, 200, 200, 200},
	{"POST", "/me/email/verification", nil, 401, skip, skip, skip, skip},
	{"GET", "/admin/users", nil, 401, 403, 403, 403, 200},
	{"PATCH", "/admin/users/{missing}", map[string]any{"disabled": false}, 401, 403, 403, 403, 404},
	{"GET", "/categories", nil, 200, 200, 200, 200, 200},
	{"POST", "/admin/categories", map[string]any{}, 401, 403, 403, 403, 422},
	{"PATCH", "/admin/categories/{missing}", map[string]any{"name": "X"}, 401, 403, 403, 403, 404},
	{"DELETE", "/admin/categories/{missing}", nil, 401, 403, 403, 403, 404},
	{"GET", "/courses", nil, 200, 200, 200, 200, 200},
	{"GET", "/search/suggest", nil, 200, 200, 200, 200, 200},
	{"GET", "/courses/{draft}", nil, 404, 404, 404, 200, 200},
	{"GET", "/instructors/{missing}", nil, 404, 404, 404, 404, 404},
	{"POST", "/courses", map[string]any{}, 401, 403, 422, 422, 422},
	{"PATCH", "/courses/{draft}", map[string]any{"subtitle": "S"}, 401, 404, 404, 200, 200},
	{"DELETE", "/courses/{draft}", nil, 401, 404, 404, skip, skip},
	{"PUT", "/courses/{draft}/thumbnail", nil, 401, 404, 404, skip, skip},
	{"POST", "/courses/{draft}/publish", nil, 401, 404, 404, skip, skip},
	{"GET", "/courses/{draft}/publish-checklist", nil, 401, 404, 404, 200, 200},
	{"POST", "/courses/{draft}/unpublish", nil, 401, 404, 404, 200, 200},
	{"GET", "/instructor/courses", nil, 401, 403, 200, 200, 200},
	{"GET", "/instructor/dashboard", nil, 401, 403, 200, 200, 200},
	{"POST", "/courses/{draft}/sections", map[string]any{"title": "S"}, 401, 404, 404, 201, 201},
	{"PATCH", "/sections/{draftSection}", map[string]any{"title": "S"}, 401, 404, 404, 200, 200},
	{"DELETE", "/sections/{draftSection}", nil, 401, 404, 404, skip, skip},
	{"POST", "/sections/{draftSection}/lectures", map[string]any{"title": "L", "kind": "article"}, 401, 404, 404, 201, 201},
	{"PATCH", "/lectures/{draftLecture}", map[string]any{"title": "L"}, 401, 404, 404, 200, 200},
	{"DELETE", "/lectures/{draftLecture}", nil, 401, 404, 404, skip, skip},
	{"PUT", "/courses/{draft}/curriculum", map[string]any{"sections": []any{}}, 401, 404, 404, skip, skip},
	{"POST", "/uploads", nil, 401, 403, skip, skip, skip},
	{"HEAD", "/uploads/{missing}", nil, 401, 404, 404, 404, 404},
	{"PATCH", "/uploads/{missing}", nil, 401, 404, 404, 404, 404},
	{"DELETE", "/uploads/{missing}", nil, 401, 404, 404, 404, 404},
	{"GET", "/lectures/{draftLecture}/video", nil, 401, 404, 404, 404, 404},
	{"GET", "/lectures/{draftLecture}/content", nil, 404, 404, 404, 200, 200},
	{"GET", "/lectures/{pubLecture}/content", nil, 401, 403, 403, 200, 200},
	{"GET", "/lectures/{draftLecture}/captions", nil, 401, 404, 404, 200, 200},
	{"PUT", "/lectures/{draftLecture}/captions/en", nil, 401, 404, 404, 409, 409},
	{"DELETE", "/lectures/{draftLecture}/captions/en", nil, 401, 404, 404, 404, 404},
	{"GET", "/lectures/{draftLecture}/playback", nil, 404, 404, 404, 409, 409},
	{"GET", "/lectures/{pubLecture}/playback", nil, 401, 403, 403, 409, 409},
	{"POST", "/media/keys/{missing}", map[string]any{}, 404, 404, 404, 404, 404},
	{"GET", "/instructor/events", nil, 401, 403, skip, skip, skip},
	{"POST", "/courses/{draft}/enroll", nil, 401, 404, 404, 409, 409},
	{"GET", "/me/enrollments", nil, 401, 200, 200, 200, 200},
	{"PUT", "/lectures/{draftLecture}/progress", map[string]any{"position_s": 1}, 401, 404, 404, 200, 200},
	{"PUT", "/lectures/{pubLecture}/progress", map[string]any{"position_s": 1}, 401, 403, 403, 200, 200},
	{"GET", "/courses/{draft}/progress", nil, 401, 404, 404, 200, 200},
	{"PUT", "/lectures/{draftLecture}/completion", map[string]any{"completed": true}, 401, 404, 404, 403, 403},
	{"PUT", "/lectures/{pubLecture}/completion", map[string]any{"completed": true}, 401, 403, 403, 403, 403},
	{"GET", "/lectures/{draftLecture}/quiz", nil, 401, 404, 404, 409, 409},
	{"GET", "/lectures/{pubLecture}/quiz", nil, 401, 403, 403, 409, 409},
	{"POST", "/lectures/{pubLecture}/quiz/attempts", map[string]any{"answers": map[string]any{}}, 401, 403, 403, 409, 409},
	{"GET", "/lectures/{draftLecture}/quiz/edit", nil, 401, 404, 404, 409, 409},
	{"PUT", "/lectures/{draftLecture}/quiz", map[string]any{}, 401, 404, 404, 409, 409},
	{"GET", "/me/certificates", nil, 401, 200, 200, 200, 200},
	{"GET", "/certificates/{missing}", nil, 404, 404, 404, 404, 404},
	{"GET", "/certificates/{missing}/pdf", nil, 404, 404, 404, 404, 404},
	{"GET", "/lectures/{pubLecture}/questions", nil, 401, 403, 403, 200, 200},
	{"POST", "/lectures/{draftLecture}/questions", map[string]any{"title": "Why?"}, 401, 404, 404, 201, 201},
	{"GET", "/courses/{pub}/questions", nil, 401, 403, 403, 200, 200},
	{"POST", "/questions/{missing}/answers", map[string]any{"body": "Because."}, 401, 404, 404, 404, 404},
	{"POST", "/answers/{missing}/accept", nil, 401, 404, 404, 404, 404},
	{"POST", "/questions/{missing}/vote", nil, 401, 404, 404, 404, 404},
	{"POST", "/answers/{missing}/vote", nil, 401, 404, 404, 404, 404},
	{"POST", "/questions/{missing}/report", map[string]any{"reason": "spam"}, 401, 404, 404, 404, 404},
	{"POST", "/answers/{missing}/report", map[string]any{"reason": "spam"}, 401, 404, 404, 404, 404},
	{"GET", "/instructor/questions", nil, 401, 403, 200, 200, 200},
	{"GET", "/admin/questions", nil, 401, 403, 403, 403, 200},
	{"PATCH", "/admin/questions/{missing}", map[string]any{"status": "hidden"}, 401, 403, 403, 403, 404},
	{"GET", "/me/notifications", nil, 401, 200, 200, 200, 200},
	{"POST", "/me/notifications/read", nil, 401, 200, 200, 200, 200},
	{"GET", "/me/notification-settings", nil, 401, 200, 200, 200, 200},
	{"PUT", "/me/notification-settings", map[string]any{"email": map[string]any{}}, 401, 200, 200, 200, 200},
	{"GET", "/lectures/{pubLecture}/notes", nil, 401, 403, 403, 200, 200},
	{"POST", "/lectures/{draftLecture}/notes", map[string]any{"at_s": 1, "body": "Remember."}, 401, 404, 404, 201, 201},
	{"PATCH", "/notes/{missing}", map[string]any{"body": "x"}, 401, 404, 404, 404, 404},
	{"DELETE", "/notes/{missing}", nil, 401, 404, 404, 404, 404},
	{"GET", "/courses/{pub}/notes", nil, 401, 403, 403, 200, 200},
	{"GET", "/courses/{draft}/notes.md", nil, 401, 404, 404, 200, 200},
	{"POST", "/courses/{draft}/announcements", map[string]any{}, 401, 404, 404, 422, 422},
	{"POST", "/courses/{pub}/announcements", map[string]any{}, 401, 403, 403, 422, 422},
	{"GET", "/courses/{draft}/announcements", nil, 401, 404, 404, 200, 200},
	{"GET", "/courses/{pub}/announcements", nil, 401, 403, 403, 200, 200},
	{"GET", "/courses/{draft}/reviews", nil, 404, 404, 404, 200, 200},
	{"GET", "/courses/{draft}/reviews/me", nil, 401, 404, 404, 404, 404},
	{"PUT", "/courses/{draft}/reviews/me", map[string]any{"rating": 5}, 401, 404, 404, 403, 403},
	{"PUT", "/courses/{pub}/reviews/me", map[string]any{"rating": 5}, 401, 403, 403, 403, 403},
	{"DELETE", "/courses/{draft}/reviews/me", nil, 401, 404, 404, 404, 404},
	{"POST", "/reviews/{review}/report", map[string]any{"reason": "spam"}, 401, 201, 201, skip, skip},
	{"PUT", "/reviews/{review}/reply", map[string]any{"body": "Thanks"}, 401, 403, 403, 200, 403},
	{"GET", "/admin/reviews", nil, 401, 403, 403, 403, 200},
	{"PATCH", "/admin/reviews/{missing}", map[string]any{"status": "hidden"}, 401, 403, 403, 403, 404},
	{"DELETE", "/reviews/{missing}", nil, 401, 403, 403, 403, 404},
	{"GET", "/admin/audit-log", nil, 401, 403, 403, 403, 200},
	{"GET", "/admin/status", nil, 401, 403, 403, 403, 200},
	{"GET", "/admin/courses", nil, 401, 403, 403, 403, 200},
	{"PATCH", "/admin/courses/{draft}", map[string]any{"featured": false}, 401, 403, 403, 403, 200},
	{"GET", "/cart/items", nil, 401, 200, 200, 200, 200},
	{"POST", "/cart/items", map[string]any{"course_id": "{draft}"}, 401, 404, 404, 409, 409},
	{"DELETE", "/cart/items", map[string]any{"course_id": "{draft}"}, 401, 200, 200, 200, 200},
	{"DELETE", "/cart/items/{draft}", nil, 401, 200, 200, 200, 200},
	{"POST", "/cart/merge", map[string]any{"course_ids": []string{"{draft}"}}, 401, 200, 200, 200, 200}, // what may not be bought is left out
	{"GET", "/me/wishlist", nil, 401, 200, 200, 200, 200},
	{"PUT", "/me/wishlist/{draft}", nil, 401, 404, 404, 409, 409},
	{"DELETE", "/me/wishlist/{draft}", nil, 401, 200, 200, 200, 200},
	{"POST", "/me/wishlist/{draft}/cart", nil, 401, 404, 404, 409, 409},
	{"POST", "/checkout", map[string]any{"course_ids": []string{"{draft}"}}, 401, 422, 422, 422, 422}, // per course: "no such course" unless it is yours
	{"GET", "/orders", nil, 401, 200, 200, 200, 200},
	{"GET", "/orders/{missing}", nil, 401, 404, 404, 404, 404},
	{"GET", "/orders/{missing}/receipt", nil, 401, 404, 404, 404, 404},
	{"POST", "/orders/{missing}/test-payment", map[string]any{"action": "pay"}, 401, 404, 404, 404, 404},
	{"POST", "/orders/{missing}/refund", map[string]any{}, 401, 404, 404, 404, 404},
	{"POST", "/orders/{missing}/paypal-capture", nil, 401, 404, 404, 404, 404},
	{"GET", "/courses/{draft}/coupons", nil, 401, 404, 404, 200, 200},
	{"POST", "/courses/{draft}/coupons", map[string]any{"code": "SAVE10", "percent_off": 10}, 401, 404, 404, 201, skip},
	{"POST", "/admin/coupons", map[string]any{}, 401, 403, 403, 403, 422},
	{"POST", "/coupons/{missing}/disable", nil, 401, 404, 404, 404, 404},
	{"GET", "/admin/overview", nil, 401, 403, 403, 403, 200},
	{"POST", "/admin/videos/orphans/clean", nil, 401, 403, 403, 403, 200},
	{"GET", "/instructor/revenue", nil, 401, 403, 200, 200, 200},
	{"GET", "/instructor/payouts", nil, 401, 403, 200, 200, 200},
	{"GET", "/instructor/statement.csv", nil, 401, 403, 200, 200, 200},
	{"GET", "/admin/payouts", nil, 401, 403, 403, 403, 200},
	{"POST", "/admin/payouts", map[string]any{}, 401, 403, 403, 403, 422},
	{"GET", "/instructor/courses/{draft}/analytics", nil, 401, 404, 404, 200, 200},
	{"GET", "/instructor/courses/{pub}/analytics", nil, 401, 403, 403, 200, 200},
	{"GET", "/instructor/lectures/{draftLecture}/dropoff", nil, 401, 404, 404, 409, 409},
	{"GET", "/instructor/lectures/{pubLecture}/dropoff", nil, 401, 403, 403, 409, 409},
	{"GET", "/admin/orders", nil, 401, 403, 403, 403, 200},
	{"GET", "/admin/orders/{missing}", nil, 401, 403, 403, 403, 404},
	{"GET", "/admin/users/{missing}", nil, 401, 403, 403, 403, 404},
	{"POST", "/admin/orders/{missing}/refunds", map[string]any{"amount_cents": 100, "reason": "x"}, 401, 403, 403, 403, 404},
	{"GET", "/admin/enrollments", nil, 401, 403, 403, 403, 200},
	{"POST", "/webhooks/stripe", nil, 404, skip, skip, skip, skip},
	{"POST", "/webhooks/paypal", nil, 404, skip, skip, skip, skip}, // PayPal is not configured here
	{"GET", "/plans", nil, 200, 200, 200, 200, 200},
	{"PUT", "/admin/plans/all-access", map[string]any{}, 401, 403, 403, 403, 422},
	{"POST", "/subscriptions/checkout", map[string]any{}, 401, 422, 422, 422, 422},
	{"GET", "/me/subscription", nil, 401, 404, 404, 404, 404},
	{"GET", "/me/subscription/courses", nil, 401, 200, 200, 200, 200},
	{"GET", "/me/subscription/payments", nil, 401, 200, 200, 200, 200},
	{"GET", "/admin/users/{missing}/subscription-payments", nil, 401, 403, 403, 403, 404},
	{"POST", "/admin/subscription-payments/{missing}/refunds", map[string]any{"reason": "x"}, 401, 403, 403, 403, 404},
	{"POST", "/me/subscription/portal", nil, 401, 404, 404, 404, 404},
	{"GET", "/subscriptions/{missing}/test", nil, 401, 404, 404, 404, 404},
	{"POST", "/subscriptions/{missing}/test", map[string]any{"action": "pay"}, 401, 404, 404, 404, 404},
	{"GET", "/courses/{draft}/subscription", nil, 404, 404, 404, 200, 200},
	{"PUT", "/courses/{draft}/subscription", map[string]any{"in_subscription": false}, 401, 404, 404, 200, 200},
	{"POST", "/admin/test-clock", map[string]any{"seconds": 1}, 401, 403, 403, 403, 404}, // the test clock is off here

	// Accounts: sessions, two-factor, sign-in providers.
	{"GET", "/me/sessions", nil, 401, 200, 200, 200, 200},
	{"DELETE", "/me/sessions/{missing}", nil, 401, 404, 404, 404, 404},
	{"DELETE", "/me/sessions", nil, 401, 200, 200, 200, 200},
	{"POST", "/me/2fa/totp/confirm", map[string]any{"code": "123456"}, 401, 409, 409, 409, 409},
	{"POST", "/me/2fa/totp", nil, 401, 200, 200, 200, 200},
	{"DELETE", "/me/2fa", map[string]any{}, 401, 422, 422, 422, 422},
	{"POST", "/auth/2fa", map[string]any{}, 422, skip, skip, skip, skip},
	{"GET", "/auth/providers", nil, 200, 200, 200, 200, 200},
	{"GET", "/auth/oidc/{missing}/start", nil, 404, 404, 404, 404, 404},
	{"GET", "/auth/oidc/{missing}/callback", nil, skip, skip, skip, skip, skip}, // a redirect; see oidc_test.go
	{"POST", "/auth/oidc/exchange", map[string]any{}, 422, skip, skip, skip, skip},
	{"POST", "/auth/oidc/link", map[string]any{}, 422, skip, skip, skip, skip},
	{"GET", "/me/identities", nil, 401, 200, 200, 200, 200},
	{"POST", "/me/identities/{missing}", nil, 401, 404, 404, 404, 404},
	{"DELETE", "/me/identities/{missing}", nil, 401, 404, 404, 404, 404},
}

// TestRouteAccess calls every route of the route table as each kind of
// caller and checks the status: drafts are not found for anyone but their
// owner and admins, role routes refuse the wrong role, and a route added to
// the table without a row here fails.
func TestRouteAccess(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		owner := e.instructor("owner@x.io", "Owner")
		other := e.instructor("other@x.io", "Other")
		student := e.register("student@x.io", "student pass 42", "Student")
		reviewer := e.register("reviewer@x.io", "student pass 42", "Reviewer")
		root := e.admin()

		draft := e.course(owner, map[string]any{"title": "Secret Draft", "description_md": "Hidden."}).str("id")
		sec := e.do(req{Method: "POST", Path: "/api/v1/courses/" + draft + "/sections", Token: owner.Access, Body: map[string]string{"title": "S"}}).expect(t, 201).str("id")
		lec := e.do(req{Method: "POST", Path: "/api/v1/sections/" + sec + "/lectures", Token: owner.Access,
			Body: map[string]any{"title": "Preview", "kind": "article", "body_md": "Draft text.", "is_preview": true}}).expect(t, 201).str("id")
		pub := e.publishedCourse(owner, map[string]any{"title": "Open Course"})
		pubLecture := e.do(req{Method: "GET", Path: "/api/v1/courses/" + pub, Token: owner.Access}).expect(t, 200).JSON["sections"].([]any)[0].(map[string]any)["lectures"].([]any)[0].(map[string]any)["id"].(string)
		e.do(req{Method: "POST", Path: "/api/v1/courses/" + pub + "/enroll", Token: reviewer.Access}).expect(t, 201)
		review := e.do(req{Method: "PUT", Path: "/api/v1/courses/" + pub + "/reviews/me", Token: reviewer.Access, Body: map[string]any{"rating": 4, "comment": "Good"}}).expect(t, 201).str("id")

		expand := func(s string) string {
			return strings.NewReplacer("{draft}", draft, "{draftSection}", sec, "{draftLecture}", lec, "{pub}", pub,
				"{pubLecture}", pubLecture, "{review}", review, "{missing}", "999999").Replace(s)
		}
		covered := map[string]bool{}
		for _, rc := range accessTable {
			covered[rc.method+" "+pattern(rc.path)] = true
			callers := []struct {
				name  string
				token string
				want  int
			}{{"anonymous", "", rc.anon}, {"student", student.Access, rc.student}, {"other instructor", other.Access, rc.other},
				{"owner", owner.Access, rc.owner}, {"admin", root.Access, rc.admin}}
			for _, c := range callers {
				if c.want == skip {
					continue
				}
				var body any
				if m, ok := rc.body.(map[string]any); ok {
					b := map[string]any{}
					for k, v := range m {
						if s, ok := v.(string); ok {
							v = expand(s)
						}
						if l, ok := v.([]string); ok {
							var out []string
							for _, s := range l {
								out = append(out, expand(s))
							}
							v = out
						}
						b[k] = v
					}
					body = b
				}
				got := e.do(req{Method: rc.method, Path: "/api/v1" + expand(rc.path), Token: c.token, Body: body})
				if got.Status != c.want {
					t.Errorf("%s %s as %s: status %d, want %d; body %s", rc.method, rc.path, c.name, got.Status, c.want, got.Body)
				}
			}
		}
		for _, rt := range e.app.Handler.Routes() {
			if !covered[rt.Method+" "+rt.Path] {
				t.Errorf("route %s %s (%s) has no row in accessTable", rt.Method, rt.Path, rt.Audience)
			}
		}
	})
}

// pattern turns a row's path back into the route table's pattern.
func pattern(p string) string {
	r := strings.NewReplacer("{draft}", "{id}", "{draftSection}", "{id}", "{draftLecture}", "{id}", "{pub}", "{id}",
		"{pubLecture}", "{id}", "{review}", "{id}", "{missing}", "{id}")
	out := r.Replace(p)
	if strings.HasPrefix(out, "/auth/oidc/{id}/") || out == "/me/identities/{id}" {
		return strings.Replace(out, "{id}", "{provider}", 1)
	}
	if strings.HasPrefix(out, "/cart/items/") {
		return "/cart/items/{course}"
	}
	if strings.HasPrefix(out, "/admin/plans/") {
		return "/admin/plans/{code}"
	}
	if strings.Contains(out, "/captions/") {
		return strings.Replace(out, "/captions/en", "/captions/{lang}", 1)
	}
	return out
}
