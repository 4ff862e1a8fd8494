package httpapi

import (
	"math"
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/commerce"
)

// earningsJSON is an instructor's share of sales in one currency, net of
// refunds: all time and in the dashboard's recent window.
type earningsJSON struct {
	Currency            string `json:"currency"`
	Sales               int    `json:"sales"`
	EarningsCents       int64  `json:"earnings_cents"`
	RefundedCents       int64  `json:"refunded_cents"` // what refunds cost the instructor
	RecentSales         int    `json:"recent_sales"`
	RecentEarningsCents int64  `json:"recent_earnings_cents"`
	RecentRefundedCents int64  `json:"recent_refunded_cents"`
}

type dashboardReviewJSON struct {
	ID          string    `json:"id"`
	Course      courseRef `json:"course"`
	StudentName string    `json:"student_name"`
	Rating      int       `json:"rating"`
	Comment     string    `json:"comment"`
	CreatedAt   time.Time `json:"created_at"`
}

type dashboardCourseJSON struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Slug        string         `json:"slug"`
	Status      string         `json:"status"`
	Students    int            `json:"students"`
	RatingAvg   float64        `json:"rating_avg"`
	RatingCount int            `json:"rating_count"`
	Earnings    []earningsJSON `json:"earnings"`
}

// instructorDashboardJSON is an instructor's figures at a glance; "recent"
// means since Since (the last window_days days).
type instructorDashboardJSON struct {
	Since               time.Time             `json:"since"`
	WindowDays          int                   `json:"window_days"`
	Students            int                   `json:"students"`
	NewStudents         int                   `json:"new_students"`
	Earnings            []earningsJSON        `json:"earnings"`
	Balances            []balanceJSON         `json:"balances"`
	RatingAvg           float64               `json:"rating_avg"`
	RatingCount         int                   `json:"rating_count"`
	RecentReviews       []dashboardReviewJSON `json:"recent_reviews"`
	UnansweredQuestions int                   `json:"unanswered_questions"`
	Courses             []dashboardCourseJSON `json:"courses"`
}

func toEarningsJSON(list []commerce.Earnings) []earningsJSON {
	out := make([]earningsJSON, 0, len(list))
	for _, e := range list {
		out = append(out, earningsJSON{Currency: e.Currency, Sales: e.Sales, EarningsCents: e.EarningsCents, RefundedCents: e.RefundedCents,
			RecentSales: e.RecentSales, RecentEarningsCents: e.RecentEarningsCents, RecentRefundedCents: e.RecentRefundedCents})
	}
	return out
}

// roundRating gives an average rating to two decimals.
func roundRating(avg float64) float64 { return math.Round(avg*100) / 100 }

func (s *Server) instructorDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Commerce.InstructorDashboard(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := instructorDashboardJSON{Since: d.Since.UTC(), WindowDays: int(commerce.DashboardWindow.Hours() / 24), Students: d.Students,
		NewStudents: d.NewStudents, Earnings: toEarningsJSON(d.Earnings), Balances: toBalancesJSON(d.Balances), RatingAvg: roundRating(d.RatingAvg),
		RatingCount: d.RatingCount, RecentReviews: []dashboardReviewJSON{}, UnansweredQuestions: d.UnansweredQuestions,
		Courses: []dashboardCourseJSON{}}
	for _, rv := range d.Reviews {
		out.RecentReviews = append(out.RecentReviews, dashboardReviewJSON{ID: id(rv.ID), Course: courseRef{ID: id(rv.CourseID), Title: rv.CourseTitle, Slug: rv.CourseSlug},
			StudentName: rv.StudentName, Rating: rv.Rating, Comment: rv.Comment, CreatedAt: rv.CreatedAt})
	}
	for _, c := range d.Courses {
		out.Courses = append(out.Courses, dashboardCourseJSON{ID: id(c.ID), Title: c.Title, Slug: c.Slug, Status: c.Status, Students: c.Students,
			RatingAvg: roundRating(c.RatingAvg), RatingCount: c.RatingCount, Earnings: toEarningsJSON(c.Earnings)})
	}
	return writeJSON(w, http.StatusOK, out)
}
