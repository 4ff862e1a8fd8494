package app_test

import (
	"context"
	"testing"

	"github.com/lectern/lectern/internal/admin"
	"github.com/lectern/lectern/internal/auth"
	"github.com/lectern/lectern/internal/testdb"
)

// An admin's page of one user lists their orders, enrollments, courses
// taught and the audit entries about them; the audit log filters by action
// and actor and names who and what.
func TestAdminUserDetailAndAuditFilters(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		e := setup(t, target, "")
		ctx := context.Background()
		teach := e.instructor("teach@x.io", "Tess Teacher")
		root := e.storeUser(e.admin())
		stu := e.storeUser(e.register("s1@x.io", "student pass 42", "Sam One"))
		c := mustID(t, e.publishedCourse(teach, map[string]any{"title": "Detail Course", "price_cents": 1200, "currency": "USD"}))
		e.buy(stu, c)
		if _, err := e.app.Auth.AdminUpdateUser(ctx, root, stu.ID, auth.AdminUserUpdate{Disabled: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.Admin.UserDetail(ctx, stu, stu.ID); code(err) != "forbidden" {
			t.Errorf("a student reads a user's admin page: %v", err)
		}
		d, err := e.app.Admin.UserDetail(ctx, root, stu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.User.DisabledAt == nil || len(d.Orders) != 1 || len(d.Enrollments) != 1 || d.Enrollments[0].Course.ID != c || len(d.Teaches) != 0 ||
			len(d.Audit) != 1 || d.Audit[0].ActorName != root.Name || d.Audit[0].SubjectName != "Sam One" {
			t.Errorf("user detail = %+v", d)
		}
		if td, err := e.app.Admin.UserDetail(ctx, root, e.storeUser(teach).ID); err != nil || len(td.Teaches) != 1 {
			t.Errorf("the teacher's courses = %+v, %v", td, err)
		}
		if _, err := e.app.Admin.UserDetail(ctx, root, 1<<40); code(err) != "not_found" {
			t.Errorf("a missing user: %v", err)
		}
		byRoot, err := e.app.Admin.AuditLog(ctx, root, admin.AuditQuery{ActorID: root.ID, Action: d.Audit[0].Action, Limit: 10})
		if err != nil || len(byRoot) != 1 {
			t.Errorf("audit by action and actor = %+v, %v", byRoot, err)
		}
		if none, err := e.app.Admin.AuditLog(ctx, root, admin.AuditQuery{ActorID: stu.ID, Limit: 10}); err != nil || len(none) != 0 {
			t.Errorf("audit by a student = %+v, %v", none, err)
		}
	})
}
