package store

import (
	"context"
	"time"
)

// Sales is what paid orders brought in, in one currency.
type Sales struct {
	Currency   string
	Orders     int
	TotalCents int64
}

// Overview is the admin dashboard's figures.
type Overview struct {
	SalesToday, Sales30d []Sales
	NewUsersToday        int
	NewUsers30d          int
	Users                int
	PendingModeration    int // flagged reviews waiting for an admin
	ReportedReviews      int // visible reviews someone reported
	FlaggedPosts         int // flagged Q&A questions and answers waiting for an admin
	ReportedPosts        int // visible Q&A posts someone reported
	PublishedCourses     int
	DraftCourses         int
}

// AdminOverview counts sales (orders paid since each time, whatever became
// of them later), sign-ups and the moderation queue.
func (db *DB) AdminOverview(ctx context.Context, today, month time.Time) (*Overview, error) {
	out := &Overview{}
	var err error
	if out.SalesToday, err = db.salesSince(ctx, today); err != nil {
		return nil, err
	}
	if out.Sales30d, err = db.salesSince(ctx, month); err != nil {
		return nil, err
	}
	err = db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM users WHERE created_at >= $1),
		(SELECT COUNT(*) FROM users WHERE created_at >= $2),
		(SELECT COUNT(*) FROM users),
		(SELECT COUNT(*) FROM reviews WHERE status = 'flagged'),
		(SELECT COUNT(*) FROM reviews WHERE status = 'visible' AND report_count > 0),
		(SELECT COUNT(*) FROM qa_posts WHERE status = 'flagged'),
		(SELECT COUNT(*) FROM qa_posts WHERE status = 'visible' AND report_count > 0),
		(SELECT COUNT(*) FROM courses WHERE status = 'published'),
		(SELECT COUNT(*) FROM courses WHERE status = 'draft')`, today.UTC(), month.UTC()).Scan(
		&out.NewUsersToday, &out.NewUsers30d, &out.Users, &out.PendingModeration, &out.ReportedReviews,
		&out.FlaggedPosts, &out.ReportedPosts, &out.PublishedCourses, &out.DraftCourses)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) salesSince(ctx context.Context, since time.Time) ([]Sales, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT currency, COUNT(*), CAST(COALESCE(SUM(total_cents), 0) AS BIGINT) FROM orders
		WHERE paid_at IS NOT NULL AND paid_at >= $1 GROUP BY currency ORDER BY currency`, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Sales{}
	for rows.Next() {
		var s Sales
		if err := rows.Scan(&s.Currency, &s.Orders, &s.TotalCents); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
