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
