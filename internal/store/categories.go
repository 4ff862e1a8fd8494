package store

import (
	"context"
	"database/sql"
	"errors"
)

// Category groups courses on the home and search pages.
type Category struct {
	ID       int64
	Slug     string
	Name     string
	Position int
}

// DefaultCategories are seeded on a fresh install; admins may edit them.
var DefaultCategories = []Category{
	{Slug: "development", Name: "Development"},
	{Slug: "business", Name: "Business"},
	{Slug: "design", Name: "Design"},
	{Slug: "data-science", Name: "Data Science"},
	{Slug: "it-and-software", Name: "IT & Software"},
	{Slug: "personal-development", Name: "Personal Development"},
	{Slug: "marketing", Name: "Marketing"},
	{Slug: "photography-and-video", Name: "Photography & Video"},
	{Slug: "music", Name: "Music"},
	{Slug: "health-and-fitness", Name: "Health & Fitness"},
	{Slug: "language-learning", Name: "Language Learning"},
	{Slug: "lifestyle", Name: "Lifestyle"},
}

// SeedCategories inserts the default categories when there are none.
func (db *DB) SeedCategories(ctx context.Context) error {
	return db.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM categories`).Scan(&n); err != nil || n > 0 {
			return err
		}
		for i, c := range DefaultCategories {
			if _, err := tx.CreateCategory(ctx, c.Slug, c.Name, i+1); err != nil {
				return err
			}
		}
		return nil
	})
}

// Categories lists every category in display order.
func (db *DB) Categories(ctx context.Context) ([]Category, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, slug, name, position FROM categories ORDER BY position, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.Slug, &c.Name, &c.Position); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CategoryBySlug finds a category.
func (db *DB) CategoryBySlug(ctx context.Context, slug string) (*Category, error) {
	var c Category
	err := db.read.QueryRowContext(ctx, `SELECT id, slug, name, position FROM categories WHERE slug = $1`, slug).Scan(&c.ID, &c.Slug, &c.Name, &c.Position)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &c, err
}

// CategoryByID finds a category.
func (db *DB) CategoryByID(ctx context.Context, id int64) (*Category, error) {
	var c Category
	err := db.read.QueryRowContext(ctx, `SELECT id, slug, name, position FROM categories WHERE id = $1`, id).Scan(&c.ID, &c.Slug, &c.Name, &c.Position)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &c, err
}

// CreateCategory adds a category; ErrConflict when the slug is taken.
func (tx *Tx) CreateCategory(ctx context.Context, slug, name string, position int) (*Category, error) {
	c := Category{Slug: slug, Name: name, Position: position}
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO categories (slug, name, position, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		slug, name, position, now()).Scan(&c.ID)
	if isUniqueViolation(err) {
		return nil, ErrConflict
	}
	return &c, err
}

// UpdateCategory renames or moves a category.
func (tx *Tx) UpdateCategory(ctx context.Context, id int64, name string, position int) error {
	return oneRow(tx.tx.ExecContext(ctx, `UPDATE categories SET name = $2, position = $3 WHERE id = $1`, id, name, position))
}

// DeleteCategory removes a category; its courses become uncategorised.
func (tx *Tx) DeleteCategory(ctx context.Context, id int64) error {
	return oneRow(tx.tx.ExecContext(ctx, `DELETE FROM categories WHERE id = $1`, id))
}
