package commerce

import (
	"context"
	"sort"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/store"
)

// DashboardWindow is the "recent" period of the instructor dashboard.
const DashboardWindow = 30 * 24 * time.Hour

// dashboardReviews is how many recent reviews the dashboard shows.
const dashboardReviews = 5

// Earnings is an instructor's share of sales in one currency, net of
// refunds (the revenue report's rule), all time and in the last
// DashboardWindow.
type Earnings struct {
	Currency string
	// Sales counts paid order items; refunded ones stay counted, as in
	// the revenue report.
	Sales, RecentSales int
	// EarningsCents is the instructor's share less the share of refunds.
	EarningsCents, RecentEarningsCents int64
	// RefundedCents is what refunds cost the instructor.
	RefundedCents, RecentRefundedCents int64
}

// DashboardCourse is one line of the dashboard's course table.
type DashboardCourse struct {
	ID          int64
	Title, Slug string
	Status      string
	Students    int
	RatingAvg   float64 // over visible reviews; 0 without any
	RatingCount int
	Earnings    []Earnings // one per currency it sold in, by currency
}

// DashboardReview is one of the newest visible reviews of the
// instructor's courses.
type DashboardReview struct {
	ID          int64
	CourseID    int64
	CourseTitle string
	CourseSlug  string
	StudentName string
	Rating      int
	Comment     string
	CreatedAt   time.Time
}

// Dashboard is an instructor's figures at a glance.
type Dashboard struct {
	// Since starts the recent window (now less DashboardWindow, by the
	// commerce clock).
	Since time.Time
	// Students counts distinct students with a current enrollment in any
	// of the instructor's courses; NewStudents those whose first such
	// enrollment is in the window.
	Students, NewStudents int
	// Earnings per currency, sorted by currency.
	Earnings []Earnings
	// Balances is what the payouts page shows: available and pending per
	// currency (subscription shares included).
	Balances []Balance
	// RatingAvg is weighted over every visible review of the instructor's
	// published courses; RatingCount counts those reviews.
	RatingAvg   float64
	RatingCount int
	Reviews     []DashboardReview
	// UnansweredQuestions is how many questions wait in the Q&A inbox.
	UnansweredQuestions int
	Courses             []DashboardCourse
}

// InstructorDashboard gathers the caller's own figures: students, earnings,
// balances, rating, newest reviews, open questions and a line per course.
// Instructors and admins see their own; nobody sees another's.
func (s *Service) InstructorDashboard(ctx context.Context, u *store.User) (*Dashboard, error) {
	if err := access.RequireInstructor(u); err != nil {
		return nil, err
	}
	now := s.now()
	d := &Dashboard{Since: now.Add(-DashboardWindow), Earnings: []Earnings{}, Reviews: []DashboardReview{}, Courses: []DashboardCourse{}}
	counts, err := s.DB.InstructorCounts(ctx, u.ID, d.Since)
	if err != nil {
		return nil, err
	}
	d.Students, d.NewStudents, d.UnansweredQuestions = counts.Students, counts.NewStudents, counts.UnansweredQuestions

	stats, err := s.DB.InstructorCourseStats(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	sales, err := s.DB.InstructorSales(ctx, u.ID, d.Since)
	if err != nil {
		return nil, err
	}
	byCourse := map[int64][]Earnings{}
	totals := map[string]*Earnings{}
	for _, line := range sales {
		e := Earnings{Currency: line.Currency, Sales: line.Sales, RecentSales: line.RecentSales,
			EarningsCents: line.EarningsCents - line.RefundedShare, RefundedCents: line.RefundedShare,
			RecentEarningsCents: line.RecentEarningsCents - line.RecentRefundedShare, RecentRefundedCents: line.RecentRefundedShare}
		byCourse[line.CourseID] = append(byCourse[line.CourseID], e)
		t := totals[e.Currency]
		if t == nil {
			t = &Earnings{Currency: e.Currency}
			totals[e.Currency] = t
		}
		t.Sales += e.Sales
		t.RecentSales += e.RecentSales
		t.EarningsCents += e.EarningsCents
		t.RecentEarningsCents += e.RecentEarningsCents
		t.RefundedCents += e.RefundedCents
		t.RecentRefundedCents += e.RecentRefundedCents
	}
	for _, t := range totals {
		d.Earnings = append(d.Earnings, *t)
	}
	sort.Slice(d.Earnings, func(i, j int) bool { return d.Earnings[i].Currency < d.Earnings[j].Currency })

	var ratingSum int64
	for _, c := range stats {
		line := DashboardCourse{ID: c.CourseID, Title: c.Title, Slug: c.Slug, Status: c.Status, Students: c.Students,
			RatingCount: c.RatingCount, Earnings: byCourse[c.CourseID]}
		if line.Earnings == nil {
			line.Earnings = []Earnings{}
		}
		if c.RatingCount > 0 {
			line.RatingAvg = float64(c.RatingSum) / float64(c.RatingCount)
		}
		if c.Status == store.CoursePublished {
			ratingSum += c.RatingSum
			d.RatingCount += c.RatingCount
		}
		d.Courses = append(d.Courses, line)
	}
	if d.RatingCount > 0 {
		d.RatingAvg = float64(ratingSum) / float64(d.RatingCount)
	}

	reviews, err := s.DB.RecentInstructorReviews(ctx, u.ID, dashboardReviews)
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		d.Reviews = append(d.Reviews, DashboardReview{ID: r.ID, CourseID: r.CourseID, CourseTitle: r.CourseTitle, CourseSlug: r.CourseSlug,
			StudentName: r.UserName, Rating: r.Rating, Comment: r.Comment, CreatedAt: r.CreatedAt})
	}

	bal, err := s.DB.PayoutBalances(ctx, now.Add(-s.RefundWindow), u.ID)
	if err != nil {
		return nil, err
	}
	d.Balances = toBalances(bal)
	return d, nil
}
