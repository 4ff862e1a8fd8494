package commerce

import "github.com/lectern/lectern/internal/store"

// The commerce types the HTTP layer speaks in; it never imports the store.
type (
	Order      = store.Order
	OrderQuery = store.OrderQuery
	Coupon     = store.Coupon
)

// Order statuses.
const (
	OrderPending = store.OrderPending
	OrderPaid    = store.OrderPaid
)

// The admin enrollment list's types.
type (
	AdminEnrollment      = store.AdminEnrollment
	AdminEnrollmentQuery = store.AdminEnrollmentQuery
	EnrollmentCursor     = store.EnrollmentCursor
)

// The subscription types.
type (
	Plan         = store.Plan
	Subscription = store.Subscription
)
