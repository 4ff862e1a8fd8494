package catalog

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// Categories lists every category in display order.
func (s *Service) Categories(ctx context.Context) ([]store.Category, error) {
	return s.DB.Categories(ctx)
}

// CategoryBySlug finds a category for a search filter.
func (s *Service) CategoryBySlug(ctx context.Context, slug string) (*store.Category, error) {
	c, err := s.DB.CategoryBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCategory
	}
	return c, err
}

var (
	errNoCategory = apperr.New(apperr.NotFound, "not_found", "No such category.")
	slugRE        = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// CategoryInput is an admin's new or changed category.
type CategoryInput struct {
	Slug     string
	Name     string
	Position int
}

func (in *CategoryInput) check(creating bool) error {
	var fe apperr.Fields
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 80 {
		fe.Add("name", "is required, at most 80 characters")
	}
	if creating && (!slugRE.MatchString(in.Slug) || len(in.Slug) > 60) {
		fe.Add("slug", "must be lower-case letters, digits and single hyphens")
	}
	return fe.Err()
}

// CreateCategory adds a category (admins), audited in the same transaction.
func (s *Service) CreateCategory(ctx context.Context, u *store.User, in CategoryInput) (*store.Category, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	if err := in.check(true); err != nil {
		return nil, err
	}
	var c *store.Category
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = tx.CreateCategory(ctx, in.Slug, in.Name, in.Position); err != nil {
			return err
		}
		return tx.Audit(ctx, u.ID, "category.create", "category:"+in.Slug, in.Name)
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, &apperr.Error{Kind: apperr.Conflict, Code: "slug_taken", Message: "A category with this slug exists.", Fields: []apperr.FieldError{{Field: "slug", Message: "is taken"}}}
	}
	return c, err
}

// UpdateCategory renames or moves a category (admins); every cached course
// page that shows it is dropped after commit.
func (s *Service) UpdateCategory(ctx context.Context, u *store.User, id int64, in CategoryInput) (*store.Category, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	if err := in.check(false); err != nil {
		return nil, err
	}
	var c *store.Category
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateCategory(ctx, id, in.Name, in.Position); err != nil {
			return err
		}
		tx.AfterCommit(s.InvalidateAll)
		return tx.Audit(ctx, u.ID, "category.update", "category:"+strconv.FormatInt(id, 10), in.Name)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCategory
	}
	if err != nil {
		return nil, err
	}
	if c, err = s.DB.CategoryByID(ctx, id); errors.Is(err, store.ErrNotFound) {
		return nil, errNoCategory
	}
	return c, err
}

// DeleteCategory removes a category (admins); its courses become
// uncategorised.
func (s *Service) DeleteCategory(ctx context.Context, u *store.User, id int64) error {
	if err := access.RequireAdmin(u); err != nil {
		return err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteCategory(ctx, id); err != nil {
			return err
		}
		tx.AfterCommit(s.InvalidateAll)
		return tx.Audit(ctx, u.ID, "category.delete", "category:"+strconv.FormatInt(id, 10), "")
	})
	if errors.Is(err, store.ErrNotFound) {
		return errNoCategory
	}
	return err
}

// AdminCourses lists every course for admins, newest first, filtered by
// status and a title search, one page after the cursor.
func (s *Service) AdminCourses(ctx context.Context, u *store.User, status, q string, after int64, limit int) ([]*store.Course, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	return s.DB.AdminCourses(ctx, status, q, after, limit)
}

// Feature puts a course on the home page or takes it off (admins), audited.
func (s *Service) Feature(ctx context.Context, u *store.User, courseID int64, featured bool) (*store.Course, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetCourseFeatured(ctx, courseID, featured); err != nil {
			return err
		}
		tx.AfterCommit(func() { s.Invalidate(courseID) })
		return tx.Audit(ctx, u.ID, map[bool]string{true: "course.feature", false: "course.unfeature"}[featured],
			"course:"+strconv.FormatInt(courseID, 10), "")
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.DB.CourseByID(ctx, courseID)
}

// View is a course as one caller sees it: whether they may edit it (and so
// see the curriculum's drafts and bodies), whether they are enrolled, and
// whether the answer is the same for every anonymous visitor.
type View struct {
	*Detail
	Editor    bool
	Enrolled  bool
	Cacheable bool
	// Grant is why the caller may open the course's lectures ("" when
	// they may not): enrolled, subscription, owner, admin.
	Grant string
	// InSubscription: the instructor opted the course into the subscription.
	InSubscription bool
}

// View loads a course with its curriculum for u.
func (s *Service) View(ctx context.Context, u *store.User, idOrSlug string) (*View, error) {
	d, err := s.Get(ctx, u, idOrSlug)
	if err != nil {
		return nil, err
	}
	v := &View{Detail: d, Editor: access.CanEdit(u, d.Course), Cacheable: u == nil && access.Public(d.Course.Status)}
	if v.InSubscription, err = s.DB.InSubscription(ctx, d.Course.ID); err != nil {
		return nil, err
	}
	if u != nil {
		if v.Enrolled, err = s.DB.IsEnrolled(ctx, u.ID, d.Course.ID); err != nil {
			return nil, err
		}
		if g, err := s.Access.Course(ctx, u, d.Course); err == nil {
			v.Grant = string(g)
		}
	}
	return v, nil
}
