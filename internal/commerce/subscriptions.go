package commerce

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// SubscriptionProvider is a Provider that also sells the plan.
type SubscriptionProvider interface {
	Provider
	// StartSubscription starts the provider's checkout for plan p at the
	// given interval and price, and returns where to send the subscriber.
	StartSubscription(ctx context.Context, u *store.User, p *store.Plan, interval string, amount int64) (url string, err error)
	// Portal returns a page where the subscriber changes card or cancels.
	Portal(ctx context.Context, sub *store.Subscription) (url string, err error)
}

var (
	errNoSubscription  = apperr.New(apperr.NotFound, "not_found", "You have no subscription.")
	errSubscribed      = apperr.New(apperr.Conflict, "already_subscribed", "You already have a subscription.")
	errNoSubscriptions = apperr.New(apperr.Conflict, "subscriptions_unavailable", "The payment provider does not offer subscriptions.")
)

// Plans lists the plans on sale (both prices set).
func (s *Service) Plans(ctx context.Context) ([]*store.Plan, error) {
	all, err := s.DB.Plans(ctx)
	if err != nil {
		return nil, err
	}
	out := []*store.Plan{}
	for _, p := range all {
		if p.MonthlyCents > 0 || p.YearlyCents > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// PlanInput is what an admin sets on a plan.
type PlanInput struct {
	Name         string
	Currency     string
	MonthlyCents int64
	YearlyCents  int64
}

// SetPlan creates or changes a plan's prices (admins). New prices apply to
// new subscriptions; running ones keep the price they started with.
func (s *Service) SetPlan(ctx context.Context, u *store.User, code string, in PlanInput) (*store.Plan, error) {
	if err := access.RequireAdmin(u); err != nil {
		return nil, err
	}
	var fe apperr.Fields
	code = strings.ToLower(strings.TrimSpace(code))
	if code == "" || len(code) > 40 {
		fe.Add("code", "must be 1 to 40 characters")
	}
	if in.Name = strings.TrimSpace(in.Name); in.Name == "" || len(in.Name) > 100 {
		fe.Add("name", "must be 1 to 100 characters")
	}
	if in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency)); len(in.Currency) != 3 {
		fe.Add("currency", "must be a three-letter currency code")
	}
	if in.MonthlyCents < 0 || in.MonthlyCents > 1_000_000_00 {
		fe.Add("monthly_cents", "must be from 0 to 100000000")
	}
	if in.YearlyCents < 0 || in.YearlyCents > 1_000_000_00 {
		fe.Add("yearly_cents", "must be from 0 to 100000000")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var p *store.Plan
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = tx.UpsertPlan(ctx, store.Plan{Code: code, Name: in.Name, Currency: in.Currency, MonthlyCents: in.MonthlyCents, YearlyCents: in.YearlyCents}); err != nil {
			return err
		}
		return tx.Audit(ctx, u.ID, "plan.set", "plan:"+code, fmt.Sprintf("%s %d/month %d/year", in.Currency, in.MonthlyCents, in.YearlyCents))
	})
	return p, err
}

// SetInSubscription opts a course into the subscription or out of it
// (its instructor or an admin).
func (s *Service) SetInSubscription(ctx context.Context, u *store.User, courseID int64, in bool) error {
	c, err := s.course(ctx, courseID)
	if err != nil {
		return err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.SetInSubscription(ctx, courseID, in) })
	if err == nil && s.Invalidate != nil {
		s.Invalidate(courseID)
	}
	return err
}

// InSubscription reports whether a course u may see is part of the
// subscription.
func (s *Service) InSubscription(ctx context.Context, u *store.User, courseID int64) (bool, error) {
	c, err := s.course(ctx, courseID)
	if err != nil {
		return false, err
	}
	if err := s.Access.SeeCourse(ctx, u, c); err != nil {
		return false, err
	}
	return s.DB.InSubscription(ctx, courseID)
}

func (s *Service) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

func intervalPrice(p *store.Plan, interval string) (int64, error) {
	switch interval {
	case "month":
		if p.MonthlyCents > 0 {
			return p.MonthlyCents, nil
		}
	case "year":
		if p.YearlyCents > 0 {
			return p.YearlyCents, nil
		}
	default:
		return 0, apperr.Fields{{Field: "interval", Message: "must be month or year"}}.Err()
	}
	return 0, apperr.Fields{{Field: "interval", Message: "is not offered for this plan"}}.Err()
}

// Subscribe starts a subscription checkout for u and returns where to go.
// With the built-in provider a subscription row is made now (incomplete
// until the test page's Pay); with Stripe, rows come from its webhooks.
func (s *Service) Subscribe(ctx context.Context, u *store.User, planCode, interval string) (string, error) {
	if u == nil {
		return "", access.ErrLogin
	}
	p, err := s.DB.PlanByCode(ctx, planCode)
	if errors.Is(err, store.ErrNotFound) {
		return "", apperr.Fields{{Field: "plan", Message: "is not a plan"}}.Err()
	}
	if err != nil {
		return "", err
	}
	amount, err := intervalPrice(p, interval)
	if err != nil {
		return "", err
	}
	if ok, err := s.DB.HasSubscriptionAccess(ctx, u.ID, s.now()); err != nil || ok {
		if err == nil {
			err = errSubscribed
		}
		return "", err
	}
	sp, ok := s.Provider.(SubscriptionProvider)
	if !ok {
		return "", errNoSubscriptions
	}
	if _, local := sp.(Local); local {
		ref := make([]byte, 8)
		_, _ = rand.Read(ref)
		var sub *store.Subscription
		err = s.DB.InTx(ctx, func(tx *store.Tx) error {
			sub, err = tx.CreateSubscription(ctx, store.Subscription{UserID: u.ID, PlanID: p.ID, Interval: interval, Provider: "local",
				ProviderRef: "local_sub_" + hex.EncodeToString(ref), Status: store.SubIncomplete, AmountCents: amount, Currency: p.Currency})
			return err
		})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s/subscribe/test/%d", s.publicURL(), sub.ID), nil
	}
	url, err := sp.StartSubscription(ctx, u, p, interval, amount)
	if err != nil {
		return "", &apperr.Error{Kind: apperr.Unavailable, Code: "payment_unavailable", Message: "The payment provider did not answer; try again in a moment.", Cause: err, RetryAfter: 5 * time.Second}
	}
	return url, nil
}

func (s *Service) publicURL() string {
	if l, ok := s.Providers["local"].(Local); ok {
		return l.PublicURL
	}
	return ""
}

// MySubscription is u's newest subscription, its status as of now.
func (s *Service) MySubscription(ctx context.Context, u *store.User) (*store.Subscription, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	sub, err := s.DB.UserSubscription(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoSubscription
	}
	if err != nil {
		return nil, err
	}
	s.derive(sub, s.now())
	return sub, nil
}

// Portal returns where u manages their subscription: Stripe's customer
// portal, or the built-in provider's test page.
func (s *Service) Portal(ctx context.Context, u *store.User) (string, error) {
	sub, err := s.MySubscription(ctx, u)
	if err != nil {
		return "", err
	}
	if sub.Provider == "local" {
		return fmt.Sprintf("%s/subscribe/test/%d", s.publicURL(), sub.ID), nil
	}
	sp, ok := s.Providers[sub.Provider].(SubscriptionProvider)
	if !ok {
		return "", errNoSubscriptions
	}
	url, err := sp.Portal(ctx, sub)
	if err != nil {
		return "", &apperr.Error{Kind: apperr.Unavailable, Code: "payment_unavailable", Message: "The payment provider did not answer; try again in a moment.", Cause: err, RetryAfter: 5 * time.Second}
	}
	return url, nil
}

// derive sets a subscription's status and how long it gives access, from
// facts that only grow (so events may be applied in any order):
//
//   - ended (deleted at the provider, or the built-in provider ended it): no access;
//   - a failed payment newer than the last success: past_due, access for
//     the grace period after the failure;
//   - canceled at period end: access until the paid period ends;
//   - otherwise trialing or active until the trial or paid period ends,
//     plus the grace period (a renewal is usually paid a little after the
//     period rolls over).
//
// Once access has run out the status reads ended.
func (s *Service) derive(sub *store.Subscription, now time.Time) {
	var until *time.Time
	later := func(t *time.Time) {
		if t != nil && (until == nil || t.After(*until)) {
			v := *t
			until = &v
		}
	}
	switch {
	case sub.EndedAt != nil:
		sub.Status, sub.AccessUntil = store.SubEnded, nil
		return
	case sub.LastFailedAt != nil && (sub.LastPaidAt == nil || sub.LastFailedAt.After(*sub.LastPaidAt)):
		t := sub.LastFailedAt.Add(s.Grace)
		later(&t)
		sub.Status = store.SubPastDue
	case sub.CancelAtPeriodEnd:
		later(sub.PaidThrough)
		later(sub.TrialEnd)
		sub.Status = store.SubCanceling
	default:
		later(sub.PaidThrough)
		later(sub.TrialEnd)
		if until != nil {
			t := until.Add(s.Grace)
			until = &t
		}
		sub.Status = store.SubActive
		if sub.TrialEnd != nil && now.Before(*sub.TrialEnd) && (sub.PaidThrough == nil || !sub.PaidThrough.After(*sub.TrialEnd)) {
			sub.Status = store.SubTrialing
		}
	}
	if until == nil {
		sub.Status, sub.AccessUntil = store.SubIncomplete, nil
		return
	}
	sub.AccessUntil = until
	if !now.Before(*until) {
		sub.Status = store.SubEnded
	}
}

// laterOf keeps the later of a stored time and a new one.
func laterOf(old *time.Time, t time.Time) *time.Time {
	t = t.UTC()
	if old != nil && !t.After(*old) {
		return old
	}
	return &t
}

// save derives a subscription's state and writes it.
func (s *Service) save(ctx context.Context, tx *store.Tx, sub *store.Subscription) error {
	before := sub.Status
	s.derive(sub, s.now())
	if err := tx.SaveSubscription(ctx, sub); err != nil {
		return err
	}
	if before != sub.Status {
		s.Log.InfoContext(ctx, "subscription changed", "subscription", sub.ID, "from", before, "to", sub.Status, "provider", sub.Provider)
	}
	return nil
}

// recordPayment applies a paid invoice covering [start, end) to sub.
func (s *Service) recordPayment(ctx context.Context, tx *store.Tx, sub *store.Subscription, ref, paidBy string, amount int64, currency string, start, end, at time.Time) error {
	fresh, err := tx.RecordSubscriptionPayment(ctx, store.SubscriptionPayment{SubscriptionID: sub.ID, ProviderRef: ref, PaymentRef: paidBy, Status: "paid",
		AmountCents: amount, Currency: strings.ToUpper(currency), PeriodStart: &start, PeriodEnd: &end, OccurredAt: at})
	if err != nil || !fresh {
		return err
	}
	sub.PaidThrough = laterOf(sub.PaidThrough, end)
	sub.LastPaidAt = laterOf(sub.LastPaidAt, at)
	if sub.PeriodStart == nil || start.After(*sub.PeriodStart) {
		st := start.UTC()
		sub.PeriodStart = &st
	}
	if s.Metrics != nil {
		s.Metrics.Revenue.WithLabelValues(strings.ToUpper(currency)).Add(float64(amount))
	}
	return nil
}

// recordFailure applies a failed invoice to sub.
func (s *Service) recordFailure(ctx context.Context, tx *store.Tx, sub *store.Subscription, ref string, amount int64, currency string, at time.Time) error {
	fresh, err := tx.RecordSubscriptionPayment(ctx, store.SubscriptionPayment{SubscriptionID: sub.ID, ProviderRef: ref, Status: "failed",
		AmountCents: amount, Currency: strings.ToUpper(currency), OccurredAt: at})
	if err != nil || !fresh {
		return err
	}
	sub.LastFailedAt = laterOf(sub.LastFailedAt, at)
	return nil
}

func addInterval(t time.Time, interval string) time.Time {
	if interval == "year" {
		return t.AddDate(1, 0, 0)
	}
	return t.AddDate(0, 1, 0)
}

// LocalSubscriptionAction is what the built-in provider's test page does.
type LocalSubscriptionAction string

// The test page's buttons.
const (
	LocalPay      LocalSubscriptionAction = "pay"       // pay the first or an overdue period
	LocalFailNext LocalSubscriptionAction = "fail_next" // the next renewals fail until paid
	LocalCancel   LocalSubscriptionAction = "cancel"    // cancel at period end
	LocalResume   LocalSubscriptionAction = "resume"    // undo a cancel before the period ends
)

// LocalSubscription shows the built-in provider's test page (the buyer).
func (s *Service) LocalSubscription(ctx context.Context, u *store.User, id int64) (*store.Subscription, error) {
	sub, err := s.DB.SubscriptionByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (sub.Provider != "local" || !access.Owns(u, sub.UserID))) {
		return nil, errNoSubscription
	}
	if err != nil {
		return nil, err
	}
	s.derive(sub, s.now())
	return sub, nil
}

// ActLocalSubscription carries out a test page action (the subscriber).
func (s *Service) ActLocalSubscription(ctx context.Context, u *store.User, id int64, action LocalSubscriptionAction) (*store.Subscription, error) {
	sub, err := s.LocalSubscription(ctx, u, id)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		sub, err = tx.LockSubscription(ctx, id)
		if err != nil {
			return err
		}
		s.derive(sub, now)
		if sub.Status == store.SubEnded {
			return apperr.New(apperr.Conflict, "subscription_ended", "This subscription has ended; subscribe again.")
		}
		switch action {
		case LocalPay:
			if sub.Status != store.SubIncomplete && sub.Status != store.SubPastDue {
				return apperr.New(apperr.Conflict, "nothing_due", "Nothing is due on this subscription.")
			}
			start := now
			if sub.Status == store.SubPastDue && sub.PaidThrough != nil {
				start = *sub.PaidThrough // the overdue period
			}
			sub.FailNext = false
			if err := s.recordPayment(ctx, tx, sub, fmt.Sprintf("local_inv_%d_%d", sub.ID, start.Unix()), "", sub.AmountCents, sub.Currency,
				start, addInterval(start, sub.Interval), now); err != nil {
				return err
			}
			if err := s.receiptTx(ctx, tx, sub.UserID, "Your subscription payment", fmt.Sprintf("We received %s for your %s subscription.",
				formatMoney(sub.AmountCents, sub.Currency), sub.Interval+"ly")); err != nil {
				return err
			}
		case LocalFailNext:
			sub.FailNext = true
		case LocalCancel, LocalResume:
			if sub.Status == store.SubIncomplete {
				return apperr.New(apperr.Conflict, "nothing_due", "This subscription has not started.")
			}
			sub.CancelAtPeriodEnd = action == LocalCancel
			sub.CancelChangedAt = laterOf(nil, now)
		default:
			return apperr.Fields{{Field: "action", Message: "must be pay, fail_next, cancel or resume"}}.Err()
		}
		return s.save(ctx, tx, sub)
	})
	if err != nil {
		return nil, err
	}
	s.derive(sub, now)
	return sub, nil
}

// RenewLocalSubscriptions is the built-in provider's billing run: every
// subscription whose paid period is over renews (a simulated payment),
// fails (when its test page asked for it; past_due with grace), or ends
// (canceled at period end, or grace run out). A clock moved months ahead
// renews month after month.
func (s *Service) RenewLocalSubscriptions(ctx context.Context) error {
	now := s.now().UTC()
	ids, err := s.DB.DueLocalSubscriptions(ctx, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			sub, err := tx.LockSubscription(ctx, id)
			if err != nil {
				return err
			}
			for range 120 {
				if sub.EndedAt != nil || sub.PaidThrough == nil || sub.PaidThrough.After(now) {
					break
				}
				end := *sub.PaidThrough
				switch {
				case sub.CancelAtPeriodEnd:
					sub.EndedAt = &end
				case sub.FailNext:
					if err := s.recordFailure(ctx, tx, sub, fmt.Sprintf("local_inv_%d_%d", sub.ID, end.Unix()), sub.AmountCents, sub.Currency, end); err != nil {
						return err
					}
					if graceEnd := end.Add(s.Grace); !graceEnd.After(now) {
						sub.EndedAt = &graceEnd
					}
				default:
					if err := s.recordPayment(ctx, tx, sub, fmt.Sprintf("local_inv_%d_%d", sub.ID, end.Unix()), "", sub.AmountCents, sub.Currency,
						end, addInterval(end, sub.Interval), end); err != nil {
						return err
					}
				}
				if sub.FailNext || sub.EndedAt != nil {
					break
				}
			}
			return s.save(ctx, tx, sub)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// AdvanceTestClock moves the test clock forward and runs what is due
// (admins; only when the test clock is on).
func (s *Service) AdvanceTestClock(ctx context.Context, u *store.User, d time.Duration) (time.Time, error) {
	if err := access.RequireAdmin(u); err != nil {
		return time.Time{}, err
	}
	tc, ok := s.Clock.(*TestClock)
	if !ok {
		return time.Time{}, apperr.New(apperr.NotFound, "not_found", "The test clock is off.")
	}
	if d <= 0 || d > 5*366*24*time.Hour {
		return time.Time{}, apperr.Fields{{Field: "seconds", Message: "must be from 1 second to 5 years"}}.Err()
	}
	t := tc.Advance(d)
	if err := s.RenewLocalSubscriptions(ctx); err != nil {
		return t, err
	}
	return t, s.CloseMonths(ctx)
}
