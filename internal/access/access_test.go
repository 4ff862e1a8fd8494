package access

import (
	"testing"

	"github.com/lectern/lectern/internal/apperr"
)

// outcome is a decision as the client sees it: a grant, or a status and code.
type outcome struct {
	grant  Grant
	status apperr.Kind
	code   string
}

func ok(g Grant) outcome { return outcome{grant: g} }

var (
	notFound    = outcome{status: apperr.NotFound, code: "not_found"}
	login       = outcome{status: apperr.Unauthorized, code: "login_required"}
	notEnrolled = outcome{status: apperr.Forbidden, code: "not_enrolled"}
)

// caller is a kind of caller in the table.
type caller int

const (
	anon caller = iota
	student
	owner
	admin
	subscriber // a student whose subscription covers the course
)

func (c caller) String() string {
	return [...]string{"anonymous", "student", "owner", "admin", "subscriber"}[c]
}

func factsOf(c caller, status string, e Enrollment) Facts {
	f := Facts{Status: status, Enrollment: e}
	switch c {
	case anon:
		f.Anonymous, f.Enrollment = true, NotEnrolled
	case owner:
		f.Owner = true
	case admin:
		f.Admin = true
	case subscriber:
		f.Subscribed = true
	}
	return f
}

// TestDecide is the access policy as one table: caller × course status ×
// enrollment × lecture kind × preview → outcome.
func TestDecide(t *testing.T) {
	const (
		pub, unl, draft, arch = "published", "unlisted", "draft", "archived"
		course                = "" // a course-level decision (no lecture)
		video, article, quiz  = "video", "article", "quiz"
	)
	cases := []struct {
		who     caller
		status  string
		enr     Enrollment
		kind    string
		preview bool
		want    outcome
	}{
		// Published course, course-level content.
		{anon, pub, NotEnrolled, course, false, login},
		{student, pub, NotEnrolled, course, false, notEnrolled},
		{student, pub, Enrolled, course, false, ok(GrantEnrolled)},
		{student, pub, Revoked, course, false, notEnrolled},
		{student, pub, Refunded, course, false, notEnrolled},
		{owner, pub, NotEnrolled, course, false, ok(GrantOwner)},
		{admin, pub, NotEnrolled, course, false, ok(GrantAdmin)},
		{subscriber, pub, NotEnrolled, course, false, ok(GrantSubscription)},
		{subscriber, pub, Refunded, course, false, ok(GrantSubscription)},
		// Lectures of a published course.
		{anon, pub, NotEnrolled, video, false, login},
		{anon, pub, NotEnrolled, video, true, ok(GrantPreview)},
		{anon, pub, NotEnrolled, article, true, ok(GrantPreview)},
		{anon, pub, NotEnrolled, quiz, true, login}, // a quiz is never a preview
		{student, pub, NotEnrolled, video, false, notEnrolled},
		{student, pub, NotEnrolled, video, true, ok(GrantPreview)},
		{student, pub, NotEnrolled, quiz, true, notEnrolled},
		{student, pub, Enrolled, video, false, ok(GrantEnrolled)},
		{student, pub, Enrolled, quiz, false, ok(GrantEnrolled)},
		{student, pub, Enrolled, article, true, ok(GrantEnrolled)},
		{student, pub, Revoked, video, false, notEnrolled},
		{student, pub, Refunded, video, false, notEnrolled},
		{student, pub, Refunded, video, true, ok(GrantPreview)},
		{owner, pub, NotEnrolled, quiz, false, ok(GrantOwner)},
		{admin, pub, NotEnrolled, video, false, ok(GrantAdmin)},
		{subscriber, pub, NotEnrolled, video, false, ok(GrantSubscription)},
		// Unlisted: like published for everyone who has the link.
		{anon, unl, NotEnrolled, video, true, ok(GrantPreview)},
		{anon, unl, NotEnrolled, video, false, login},
		{student, unl, NotEnrolled, article, false, notEnrolled},
		{student, unl, Enrolled, video, false, ok(GrantEnrolled)},
		{subscriber, unl, NotEnrolled, video, false, ok(GrantSubscription)},
		// Drafts do not exist for anyone but the owner and admins.
		{anon, draft, NotEnrolled, course, false, notFound},
		{anon, draft, NotEnrolled, video, true, notFound},
		{student, draft, NotEnrolled, course, false, notFound},
		{student, draft, Enrolled, video, false, notFound},
		{student, draft, Enrolled, video, true, notFound},
		{student, draft, Refunded, article, false, notFound},
		{subscriber, draft, NotEnrolled, video, false, notFound},
		{owner, draft, NotEnrolled, video, false, ok(GrantOwner)},
		{admin, draft, NotEnrolled, quiz, false, ok(GrantAdmin)},
		// Archived: out of the catalog, kept for those who bought it.
		{anon, arch, NotEnrolled, video, true, notFound},
		{student, arch, NotEnrolled, video, true, notFound},
		{student, arch, Enrolled, video, false, ok(GrantEnrolled)},
		{student, arch, Refunded, video, false, notFound},
		{subscriber, arch, NotEnrolled, video, false, notFound},
		{owner, arch, NotEnrolled, video, false, ok(GrantOwner)},
		{admin, arch, NotEnrolled, course, false, ok(GrantAdmin)},
	}
	for _, tc := range cases {
		f := factsOf(tc.who, tc.status, tc.enr)
		if tc.kind != course {
			f.Lecture, f.LectureKind, f.Preview = true, tc.kind, tc.preview
		}
		g, err := Decide(f)
		got := outcome{grant: g}
		if err != nil {
			e, isApp := apperr.As(err)
			if !isApp {
				t.Fatalf("%v: not a problem: %v", tc, err)
			}
			got = outcome{status: e.Kind, code: e.Code}
			if g != "" {
				t.Errorf("%v: grant %q with an error", tc, g)
			}
		}
		if got != tc.want {
			t.Errorf("%s, %s course, enrollment %d, lecture %q preview %v: got %+v, want %+v",
				tc.who, tc.status, tc.enr, tc.kind, tc.preview, got, tc.want)
		}
	}
}

// TestInvariants walks every combination and checks the rules that must
// hold whatever else changes.
func TestInvariants(t *testing.T) {
	for _, who := range []caller{anon, student, owner, admin, subscriber} {
		for _, status := range []string{"published", "unlisted", "draft", "archived"} {
			for _, enr := range []Enrollment{NotEnrolled, Enrolled, Revoked, Refunded} {
				for _, kind := range []string{"", "video", "article", "quiz"} {
					for _, preview := range []bool{false, true} {
						f := factsOf(who, status, enr)
						if kind != "" {
							f.Lecture, f.LectureKind, f.Preview = true, kind, preview
						}
						g, err := Decide(f)
						e, _ := apperr.As(err)
						if status == "draft" && who != owner && who != admin && (err == nil || e.Kind != apperr.NotFound) {
							t.Errorf("draft visible to %s (enr %d, %q): %v %v", who, enr, kind, g, err)
						}
						if (who == owner || who == admin) && err != nil {
							t.Errorf("%s refused on %s: %v", who, status, err)
						}
						if who == anon && err != nil && e.Kind == apperr.Forbidden {
							t.Errorf("anonymous got 403 instead of 401/404 on %s %q", status, kind)
						}
						if g == GrantPreview && (kind == "quiz" || !Public(status) || !preview) {
							t.Errorf("preview granted wrongly: %s %q preview=%v", status, kind, preview)
						}
						if err == nil && !Visible(f) {
							t.Errorf("granted %s on an invisible course", g)
						}
						if !Editable(f) && (who == owner || who == admin) {
							t.Errorf("%s cannot edit", who)
						}
						if Editable(f) && who != owner && who != admin {
							t.Errorf("%s can edit", who)
						}
					}
				}
			}
		}
	}
}
