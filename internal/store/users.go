package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Role names. Every user is a student; instructor and admin are added.
const (
	RoleStudent    = "student"
	RoleInstructor = "instructor"
	RoleAdmin      = "admin"
)

// ValidRoles lists every role a user may hold.
var ValidRoles = []string{RoleStudent, RoleInstructor, RoleAdmin}

// User is an account. PasswordHash never leaves the server: it has no JSON
// encoding on purpose, and the HTTP layer has its own view type.
type User struct {
	ID              int64
	Email           string
	Name            string
	Headline        string
	Bio             string
	PasswordHash    string
	Roles           []string
	EmailVerifiedAt *time.Time
	DisabledAt      *time.Time
	TwoFactorAt     *time.Time // when an authenticator app was confirmed; nil when off
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// HasRole reports whether u holds role.
func (u *User) HasRole(role string) bool { return slices.Contains(u.Roles, role) }

// NormalizeRoles sorts, de-duplicates and always includes student.
func NormalizeRoles(roles []string) []string {
	out := append([]string{RoleStudent}, roles...)
	slices.Sort(out)
	return slices.Compact(out)
}

const userColumns = `id, email, name, headline, bio, password_hash, roles, email_verified_at, disabled_at, created_at, updated_at, two_factor_at`

// HasPassword reports whether u can sign in with a password; an account made
// through a sign-in provider has none until its owner sets one.
func (u *User) HasPassword() bool { return u.PasswordHash != "" }

// prefixed qualifies each column of a column list with p (e.g. "u.").
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

func scanUser(row interface{ Scan(...any) error }) (*User, error) { return scanUserWith(row) }

// scanUserWith scans a user row followed by extra columns.
func scanUserWith(row interface{ Scan(...any) error }, extra ...any) (*User, error) {
	var u User
	var roles string
	var verified, disabled, twoFactor sql.NullTime
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.Headline, &u.Bio, &u.PasswordHash, &roles, &verified, &disabled, &u.CreatedAt, &u.UpdatedAt, &twoFactor}, extra...)
	err := row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	u.Roles = strings.Split(roles, ",")
	u.EmailVerifiedAt = nullTime(verified)
	u.DisabledAt = nullTime(disabled)
	u.TwoFactorAt = nullTime(twoFactor)
	u.CreatedAt = u.CreatedAt.UTC()
	u.UpdatedAt = u.UpdatedAt.UTC()
	return &u, nil
}

// NewUser is what registration or `lectern user create` provides.
type NewUser struct {
	Email         string // already normalised to lower case
	Name          string
	PasswordHash  string
	Roles         []string
	EmailVerified bool
}

// CreateUser inserts a user; ErrConflict when the email is taken.
func (db *DB) CreateUser(ctx context.Context, nu NewUser) (*User, error) {
	var u *User
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.CreateUser(ctx, nu)
		return err
	})
	return u, err
}

// CreateUser inserts a user inside tx.
func (tx *Tx) CreateUser(ctx context.Context, nu NewUser) (*User, error) {
	t := now()
	var verified *time.Time
	if nu.EmailVerified {
		verified = &t
	}
	row := tx.tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, roles, email_verified_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING `+userColumns,
		nu.Email, nu.Name, nu.PasswordHash, strings.Join(NormalizeRoles(nu.Roles), ","), verified, t)
	u, err := scanUser(row)
	if isUniqueViolation(err) {
		return nil, ErrConflict
	}
	return u, err
}

// UserByID returns the user with id, disabled or not.
func (db *DB) UserByID(ctx context.Context, id int64) (*User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// UserByEmail looks a user up by normalised email.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
}

// ProfileUpdate holds the fields a user may change about themselves; nil
// means unchanged.
type ProfileUpdate struct {
	Name         *string
	Headline     *string
	Bio          *string
	PasswordHash *string
}

// UpdateProfile applies p to user id and returns the new row.
func (db *DB) UpdateProfile(ctx context.Context, id int64, p ProfileUpdate) (*User, error) {
	var u *User
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.UpdateProfile(ctx, id, p)
		return err
	})
	return u, err
}

// UpdateProfile applies p to user id inside tx.
func (tx *Tx) UpdateProfile(ctx context.Context, id int64, p ProfileUpdate) (*User, error) {
	return scanUser(tx.tx.QueryRowContext(ctx, `UPDATE users SET
		name = COALESCE($2, name), headline = COALESCE($3, headline), bio = COALESCE($4, bio),
		password_hash = COALESCE($5, password_hash), updated_at = $6
		WHERE id = $1 RETURNING `+userColumns, id, p.Name, p.Headline, p.Bio, p.PasswordHash, now()))
}

// AddRole grants role to user id (idempotent).
func (db *DB) AddRole(ctx context.Context, id int64, role string) (*User, error) {
	var u *User
	err := db.InTx(ctx, func(tx *Tx) error {
		cur, err := scanUser(tx.tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
		if err != nil {
			return err
		}
		u, err = tx.SetRoles(ctx, id, append(cur.Roles, role))
		return err
	})
	return u, err
}

// SetRoles replaces the roles of user id inside tx.
func (tx *Tx) SetRoles(ctx context.Context, id int64, roles []string) (*User, error) {
	return scanUser(tx.tx.QueryRowContext(ctx, `UPDATE users SET roles = $2, updated_at = $3 WHERE id = $1 RETURNING `+userColumns,
		id, strings.Join(NormalizeRoles(roles), ","), now()))
}

// SetDisabled disables or re-enables user id inside tx. Disabling also
// ends every session, so no access or refresh token outlives it.
func (tx *Tx) SetDisabled(ctx context.Context, id int64, disabled bool) (*User, error) {
	t := now()
	var at *time.Time
	if disabled {
		at = &t
		if _, err := tx.EndSessions(ctx, id, ""); err != nil {
			return nil, err
		}
	}
	return scanUser(tx.tx.QueryRowContext(ctx, `UPDATE users SET disabled_at = $2, updated_at = $3
		WHERE id = $1 RETURNING `+userColumns, id, at, t))
}

// UserByIDForUpdate reads user id inside tx.
func (tx *Tx) UserByID(ctx context.Context, id int64) (*User, error) {
	return scanUser(tx.tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// MarkEmailVerified records that user id proved they own their address.
func (tx *Tx) MarkEmailVerified(ctx context.Context, id int64) error {
	t := now()
	_, err := tx.tx.ExecContext(ctx, `UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2 WHERE id = $1`, id, t)
	return err
}

// SetPasswordHash replaces the password of user id inside tx and ends every
// session but keep (empty: all of them), signing out the other devices.
func (tx *Tx) SetPasswordHash(ctx context.Context, id int64, hash, keep string) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, id, hash, now()); err != nil {
		return err
	}
	_, err := tx.EndSessions(ctx, id, keep)
	return err
}

// UserPage is one page of a keyset-paginated user list.
type UserPage struct {
	Items []*User
	Next  *UserCursor
}

// UserCursor is the position after the last user of a page; lists are newest
// first with id as a tie-breaker.
type UserCursor struct {
	CreatedAt time.Time
	ID        int64
}

// ListUsers lists users newest first, optionally filtered by a substring of
// name or email.
func (db *DB) ListUsers(ctx context.Context, q string, after *UserCursor, limit int) (*UserPage, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if q = strings.TrimSpace(strings.ToLower(q)); q != "" {
		p := arg("%" + escapeLike(q) + "%")
		where = append(where, "(email LIKE "+p+" ESCAPE '\\' OR lower(name) LIKE "+p+" ESCAPE '\\')")
	}
	if after != nil {
		c, i := arg(after.CreatedAt), arg(after.ID)
		where = append(where, "(created_at < "+c+" OR (created_at = "+c+" AND id < "+i+"))")
	}
	lim := arg(limit + 1)
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+strings.Join(where, " AND ")+
		` ORDER BY created_at DESC, id DESC LIMIT `+lim, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	page := &UserPage{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = &UserCursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
	return page, nil
}

// CountUsers returns how many accounts exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
