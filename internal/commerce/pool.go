package commerce

import (
	"context"
	"math/big"
	"sort"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/store"
)

// Part is one claimant's weight in a split and the minor units it got.
type Part struct {
	ID     int64
	Weight int64
	Amount int64
}

// Split divides total minor units among parts in proportion to their
// weights by the largest remainder method: each part gets the floor of its
// exact share, and the units left over go one each to the parts with the
// largest remainders (ties: the earlier part in the list). The amounts sum
// exactly to total; with no weight at all nothing is split.
func Split(total int64, parts []Part) []Part {
	out := append([]Part(nil), parts...)
	var sum big.Int
	for _, p := range out {
		sum.Add(&sum, big.NewInt(max(p.Weight, 0)))
	}
	if sum.Sign() == 0 || total <= 0 {
		return out
	}
	rems := make([]*big.Int, len(out))
	given := int64(0)
	for i, p := range out {
		var q, r big.Int
		q.QuoRem(new(big.Int).Mul(big.NewInt(total), big.NewInt(max(p.Weight, 0))), &sum, &r)
		out[i].Amount = q.Int64()
		rems[i] = &r
		given += out[i].Amount
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(rems[order[b]]) > 0 })
	for k := 0; given < total; k++ {
		out[order[k%len(order)]].Amount++
		given++
	}
	return out
}

func monthKey(t time.Time) string { return t.UTC().Format("2006-01") }

// CloseMonths closes every month before the current one (by the
// subscription clock) that has subscription revenue and is not closed yet:
// the platform's share is taken from the month's revenue net of refunds,
// and the rest is split among instructors by the seconds subscribers
// watched of their opted-in courses that month. Closing is idempotent.
func (s *Service) CloseMonths(ctx context.Context) error {
	first, err := s.DB.FirstSubscriptionPayment(ctx)
	if err != nil || first == nil {
		return err
	}
	now := s.now().UTC()
	current := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(current); m = m.AddDate(0, 1, 0) {
		if err := s.closeMonth(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) closeMonth(ctx context.Context, start time.Time) error {
	month := monthKey(start)
	watched, err := s.DB.WatchSeconds(ctx, month)
	if err != nil {
		return err
	}
	var parts []Part
	var totalSeconds float64
	for _, w := range watched {
		// Weights in milliseconds: exact integer arithmetic from here on.
		parts = append(parts, Part{ID: w.InstructorID, Weight: int64(w.Seconds*1000 + 0.5)})
		totalSeconds += w.Seconds
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		// The revenue is read in the closing transaction with the month's
		// payments locked: a refund of one of them is recorded either
		// wholly before (and lowers the revenue) or wholly after (and
		// finds the month closed), never half-way.
		revenue, err := tx.LockMonthRevenue(ctx, start, start.AddDate(0, 1, 0))
		if err != nil {
			return err
		}
		currencies := make([]string, 0, len(revenue))
		for cur := range revenue {
			currencies = append(currencies, cur)
		}
		sort.Strings(currencies)
		for _, cur := range currencies {
			rev := max(revenue[cur], 0)
			pool := rev * s.InstructorSharePct / 100
			split := Split(pool, parts)
			given := int64(0)
			var shares []store.PoolShare
			for i, p := range split {
				given += p.Amount
				shares = append(shares, store.PoolShare{InstructorID: p.ID, Seconds: watched[i].Seconds, AmountCents: p.Amount})
			}
			// Nobody watched: there is nothing to share by, the platform keeps it.
			m := store.PoolMonth{Month: month, Currency: cur, RevenueCents: rev, PlatformCents: rev - given, PoolCents: given, Seconds: totalSeconds}
			closed, err := tx.ClosePoolMonth(ctx, m, shares)
			if err != nil {
				return err
			}
			if closed {
				s.Log.InfoContext(ctx, "subscription month closed", "month", month, "currency", cur, "revenue", rev, "pool", given, "instructors", len(shares))
			}
		}
		return nil
	})
}

// SubscriptionShare is one month of an instructor's subscription revenue.
type SubscriptionShare struct {
	Month       string
	Currency    string
	Seconds     float64
	AmountCents int64
	Closed      bool // false: the current month, seconds so far, no amount yet
}

// SubscriptionShares lists the instructor's shares of closed months and,
// first, the current month's seconds so far.
func (s *Service) SubscriptionShares(ctx context.Context, u *store.User) ([]SubscriptionShare, error) {
	if err := access.RequireInstructor(u); err != nil {
		return nil, err
	}
	month := monthKey(s.now())
	secs, err := s.DB.InstructorWatchSeconds(ctx, u.ID, month)
	if err != nil {
		return nil, err
	}
	out := []SubscriptionShare{{Month: month, Seconds: secs}}
	list, err := s.DB.InstructorPoolShares(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		out = append(out, SubscriptionShare{Month: p.Month, Currency: p.Currency, Seconds: p.Seconds, AmountCents: p.AmountCents, Closed: true})
	}
	return out, nil
}
