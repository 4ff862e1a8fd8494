package app

import (
	"context"
	"errors"
	"strings"

	"github.com/lectern/lectern/internal/auth"

	"github.com/lectern/lectern/internal/store"
)

// DemoAccount is a seeded account whose password is printed at start-up.
type DemoAccount struct {
	Email, Password, Name string
	Roles                 []string
}

// DemoAccounts are created by `lectern demo`. Their passwords are public, so
// demo mode is for trying Lectern out, not for a server others can reach.
var DemoAccounts = []DemoAccount{
	{"admin@demo.lectern.dev", "demo-admin-pass", "Ada Admin", []string{store.RoleAdmin}},
	{"instructor@demo.lectern.dev", "demo-teach-pass", "Ian Instructor", []string{store.RoleInstructor}},
	{"student@demo.lectern.dev", "demo-learn-pass", "Sam Student", nil},
}

// SeedDemo creates the demo accounts and courses that do not exist yet;
// running it twice changes nothing.
func (a *App) SeedDemo(ctx context.Context) error {
	for _, d := range DemoAccounts {
		if _, err := a.CreateUser(ctx, d.Email, d.Password, d.Name, d.Roles, true); err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	instructor, err := a.DB.UserByEmail(ctx, DemoAccounts[1].Email)
	if err != nil {
		return err
	}
	return a.seedDemoCourses(ctx, instructor)
}

// CreateUser makes an account directly (for `lectern user create` and the
// demo), with a verified email and the given roles.
func (a *App) CreateUser(ctx context.Context, email, password, name string, roles []string, verified bool) (*store.User, error) {
	email, name = auth.NormalizeEmail(email), strings.TrimSpace(name)
	if err := auth.ValidateAccount(email, password, name); err != nil {
		return nil, err
	}
	hash, err := a.Auth.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	return a.DB.CreateUser(ctx, store.NewUser{Email: email, Name: name, PasswordHash: hash, Roles: roles, EmailVerified: verified})
}
