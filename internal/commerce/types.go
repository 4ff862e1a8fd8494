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
