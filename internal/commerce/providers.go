package commerce

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/lectern/lectern/internal/store"
)

// Provider takes payments. Both providers end in the same fulfilment path
// (Service.Fulfil), so the whole purchase can be tried with no network.
type Provider interface {
	Name() string
	// StartCheckout creates the provider's checkout for a pending order and
	// returns its reference and where to send the buyer.
	StartCheckout(ctx context.Context, o *store.Order, buyerEmail string) (ref, url string, err error)
	// Refund returns an order's payment to the buyer.
	Refund(ctx context.Context, o *store.Order) (ref string, err error)
}

// Local is the built-in test provider: a page served by Lectern with Pay
// and Cancel buttons, clearly marked as a test payment. No money moves.
type Local struct{ PublicURL string }

// Name implements Provider.
func (Local) Name() string { return "local" }

// StartCheckout implements Provider.
func (l Local) StartCheckout(_ context.Context, o *store.Order, _ string) (string, string, error) {
	return fmt.Sprintf("local_%d", o.ID), fmt.Sprintf("%s/checkout/test/%d", l.PublicURL, o.ID), nil
}

// Refund implements Provider.
func (Local) Refund(_ context.Context, o *store.Order) (string, error) {
	return fmt.Sprintf("local_refund_%d", o.ID), nil
}

// Stripe uses Stripe Checkout Sessions in payment mode. Fulfilment comes
// from signed webhooks; an idempotency key per order makes a retried
// checkout or refund request harmless.
type Stripe struct {
	Client    *stripe.Client
	PublicURL string
}

// NewStripe makes a Stripe provider; apiBase (stripe-mock in tests) is
// optional.
func NewStripe(secretKey, apiBase, publicURL string) *Stripe {
	var opts []stripe.ClientOption
	if apiBase != "" {
		backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{URL: stripe.String(strings.TrimRight(apiBase, "/"))})
		opts = append(opts, stripe.WithBackends(&stripe.Backends{API: backend, Connect: backend, Uploads: backend, MeterEvents: backend}))
	}
	return &Stripe{Client: stripe.NewClient(secretKey, opts...), PublicURL: publicURL}
}

// Name implements Provider.
func (*Stripe) Name() string { return "stripe" }

// StartCheckout implements Provider: one line item per course at the
// order's price, the order id as client_reference_id and in metadata.
func (s *Stripe) StartCheckout(ctx context.Context, o *store.Order, buyerEmail string) (string, string, error) {
	id := strconv.FormatInt(o.ID, 10)
	params := &stripe.CheckoutSessionCreateParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModePayment)),
		ClientReferenceID: stripe.String(id),
		Metadata:          map[string]string{"order_id": id},
		PaymentIntentData: &stripe.CheckoutSessionCreatePaymentIntentDataParams{Metadata: map[string]string{"order_id": id}},
		SuccessURL:        stripe.String(fmt.Sprintf("%s/orders/%s?paid=1", s.PublicURL, id)),
		CancelURL:         stripe.String(fmt.Sprintf("%s/cart?cancelled=%s", s.PublicURL, id)),
	}
	if buyerEmail != "" {
		params.CustomerEmail = stripe.String(buyerEmail)
	}
	for _, it := range o.Items {
		params.LineItems = append(params.LineItems, &stripe.CheckoutSessionCreateLineItemParams{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:    stripe.String(strings.ToLower(o.Currency)),
				UnitAmount:  stripe.Int64(it.PriceCents),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String(it.CourseTitle)},
			},
		})
	}
	params.SetIdempotencyKey("lectern-checkout-" + id)
	sess, err := s.Client.V1CheckoutSessions.Create(ctx, params)
	if err != nil {
		return "", "", fmt.Errorf("stripe checkout: %w", err)
	}
	return sess.ID, sess.URL, nil
}

// Refund implements Provider.
func (s *Stripe) Refund(ctx context.Context, o *store.Order) (string, error) {
	if o.PaymentRef == "" {
		return "", fmt.Errorf("order %d has no payment to refund", o.ID)
	}
	params := &stripe.RefundCreateParams{
		PaymentIntent: stripe.String(o.PaymentRef),
		Metadata:      map[string]string{"order_id": strconv.FormatInt(o.ID, 10)},
	}
	params.SetIdempotencyKey(fmt.Sprintf("lectern-refund-%d", o.ID))
	r, err := s.Client.V1Refunds.Create(ctx, params)
	if err != nil {
		return "", fmt.Errorf("stripe refund: %w", err)
	}
	return r.ID, nil
}

// StartSubscription implements SubscriptionProvider; the service makes
// the built-in provider's subscriptions itself.
func (l Local) StartSubscription(context.Context, *store.User, *store.Plan, string, int64) (string, error) {
	return l.PublicURL + "/subscribe/test", nil
}

// Portal implements SubscriptionProvider: the test page.
func (l Local) Portal(_ context.Context, sub *store.Subscription) (string, error) {
	return fmt.Sprintf("%s/subscribe/test/%d", l.PublicURL, sub.ID), nil
}

// StartSubscription implements SubscriptionProvider: Checkout in
// subscription mode at the plan's price, the user and plan in the
// subscription's metadata (every later event about it carries them).
func (s *Stripe) StartSubscription(ctx context.Context, u *store.User, p *store.Plan, interval string, amount int64) (string, error) {
	uid := strconv.FormatInt(u.ID, 10)
	meta := map[string]string{"user_id": uid, "plan": p.Code, "interval": interval}
	params := &stripe.CheckoutSessionCreateParams{
		Mode:             stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		CustomerEmail:    stripe.String(u.Email),
		Metadata:         meta,
		SubscriptionData: &stripe.CheckoutSessionCreateSubscriptionDataParams{Metadata: meta},
		SuccessURL:       stripe.String(s.PublicURL + "/subscription?started=1"),
		CancelURL:        stripe.String(s.PublicURL + "/plans"),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:    stripe.String(strings.ToLower(p.Currency)),
				UnitAmount:  stripe.Int64(amount),
				Recurring:   &stripe.CheckoutSessionCreateLineItemPriceDataRecurringParams{Interval: stripe.String(interval)},
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String(p.Name)},
			},
		}},
	}
	sess, err := s.Client.V1CheckoutSessions.Create(ctx, params)
	if err != nil {
		return "", fmt.Errorf("stripe subscription checkout: %w", err)
	}
	return sess.URL, nil
}

// Portal implements SubscriptionProvider: a Stripe customer portal session.
func (s *Stripe) Portal(ctx context.Context, sub *store.Subscription) (string, error) {
	if sub.CustomerRef == "" {
		return "", fmt.Errorf("subscription %d has no Stripe customer", sub.ID)
	}
	ps, err := s.Client.V1BillingPortalSessions.Create(ctx, &stripe.BillingPortalSessionCreateParams{
		Customer: stripe.String(sub.CustomerRef), ReturnURL: stripe.String(s.PublicURL + "/subscription")})
	if err != nil {
		return "", fmt.Errorf("stripe portal: %w", err)
	}
	return ps.URL, nil
}
