// Package paypal is a small client for the parts of PayPal's REST API that
// Lectern uses: an OAuth2 client-credentials token, Orders v2 (create, get,
// capture), refunds of captures, and webhook signature verification. PayPal
// keeps no maintained Go SDK, and these five calls are plain JSON over HTTPS,
// so the standard library is enough.
package paypal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// SandboxBase is PayPal's sandbox API; LiveBase is the live one.
const (
	SandboxBase = "https://api-m.sandbox.paypal.com"
	LiveBase    = "https://api-m.paypal.com"
)

// Client calls PayPal's REST API with one app's credentials. It is safe for
// concurrent use; the access token is shared and renewed before it expires.
type Client struct {
	base, clientID, secret string
	http                   *http.Client
	now                    func() time.Time

	mu      sync.Mutex
	token   string
	expires time.Time
}

// New makes a client for base (SandboxBase, LiveBase, or a fake in tests).
// httpClient may be nil (a client with a 30 s timeout is used).
func New(base, clientID, secret string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: strings.TrimRight(base, "/"), clientID: clientID, secret: secret, http: httpClient, now: time.Now}
}

// Error is an error answer from PayPal: its HTTP status, its name (for
// example UNPROCESSABLE_ENTITY), and the issues it lists (for example
// ORDER_NOT_APPROVED or INSTRUMENT_DECLINED).
type Error struct {
	Status  int
	Name    string        `json:"name"`
	Message string        `json:"message"`
	DebugID string        `json:"debug_id"`
	Details []ErrorDetail `json:"details"`
	// OAuth errors use another shape.
	OAuthError       string `json:"error"`
	OAuthDescription string `json:"error_description"`
}

// ErrorDetail is one issue of an Error.
type ErrorDetail struct {
	Field       string `json:"field"`
	Issue       string `json:"issue"`
	Description string `json:"description"`
}

func (e *Error) Error() string {
	name, msg := e.Name, e.Message
	if name == "" {
		name, msg = e.OAuthError, e.OAuthDescription
	}
	var issues []string
	for _, d := range e.Details {
		issues = append(issues, d.Issue)
	}
	return fmt.Sprintf("paypal: %d %s: %s %v (debug_id %s)", e.Status, name, msg, issues, e.DebugID)
}

// HasIssue reports whether PayPal named issue among the error's details.
func (e *Error) HasIssue(issue string) bool {
	for _, d := range e.Details {
		if d.Issue == issue {
			return true
		}
	}
	return false
}

// IssueOf returns the PayPal error in err having issue, if any.
func IssueOf(err error, issue string) bool {
	var pe *Error
	return errors.As(err, &pe) && pe.HasIssue(issue)
}

// Money is an amount as PayPal writes it: a decimal string.
type Money struct {
	CurrencyCode string `json:"currency_code"`
	Value        string `json:"value"`
}

// Link is one HATEOAS link of a resource.
type Link struct {
	Href   string `json:"href"`
	Rel    string `json:"rel"`
	Method string `json:"method,omitempty"`
}

// Order is an Orders v2 order, with the fields Lectern reads.
type Order struct {
	ID            string         `json:"id"`
	Status        string         `json:"status"` // CREATED, APPROVED, COMPLETED, VOIDED, PAYER_ACTION_REQUIRED
	Intent        string         `json:"intent,omitempty"`
	PurchaseUnits []PurchaseUnit `json:"purchase_units,omitempty"`
	Links         []Link         `json:"links,omitempty"`
}

// PurchaseUnit is one purchase unit of an order.
type PurchaseUnit struct {
	ReferenceID string    `json:"reference_id,omitempty"`
	CustomID    string    `json:"custom_id,omitempty"`
	InvoiceID   string    `json:"invoice_id,omitempty"`
	Description string    `json:"description,omitempty"`
	Amount      *Amount   `json:"amount,omitempty"`
	Items       []Item    `json:"items,omitempty"`
	Payments    *Payments `json:"payments,omitempty"`
}

// Amount is a purchase unit's total with its breakdown.
type Amount struct {
	Money
	Breakdown *Breakdown `json:"breakdown,omitempty"`
}

// Breakdown adds up a purchase unit's items.
type Breakdown struct {
	ItemTotal *Money `json:"item_total,omitempty"`
}

// Item is one line of a purchase unit.
type Item struct {
	Name       string `json:"name"`
	Quantity   string `json:"quantity"`
	UnitAmount Money  `json:"unit_amount"`
	SKU        string `json:"sku,omitempty"`
	Category   string `json:"category,omitempty"` // DIGITAL_GOODS
}

// Payments lists what happened to a purchase unit's money.
type Payments struct {
	Captures []Capture `json:"captures,omitempty"`
	Refunds  []Refund  `json:"refunds,omitempty"`
}

// Capture is a captured payment.
type Capture struct {
	ID                string             `json:"id"`
	Status            string             `json:"status"` // COMPLETED, PENDING, DECLINED, REFUNDED, PARTIALLY_REFUNDED, FAILED
	Amount            Money              `json:"amount"`
	CustomID          string             `json:"custom_id,omitempty"`
	InvoiceID         string             `json:"invoice_id,omitempty"`
	FinalCapture      bool               `json:"final_capture,omitempty"`
	SupplementaryData *SupplementaryData `json:"supplementary_data,omitempty"`
	Links             []Link             `json:"links,omitempty"`
	CreateTime        string             `json:"create_time,omitempty"`
}

// SupplementaryData names the order a capture belongs to (in webhooks).
type SupplementaryData struct {
	RelatedIDs struct {
		OrderID string `json:"order_id,omitempty"`
	} `json:"related_ids"`
}

// Refund is a refund of a capture.
type Refund struct {
	ID                     string                  `json:"id"`
	Status                 string                  `json:"status"` // COMPLETED, PENDING, CANCELLED, FAILED
	Amount                 Money                   `json:"amount"`
	CustomID               string                  `json:"custom_id,omitempty"`
	InvoiceID              string                  `json:"invoice_id,omitempty"`
	NoteToPayer            string                  `json:"note_to_payer,omitempty"`
	SellerPayableBreakdown *SellerPayableBreakdown `json:"seller_payable_breakdown,omitempty"`
	Links                  []Link                  `json:"links,omitempty"`
	CreateTime             string                  `json:"create_time,omitempty"`
}

// SellerPayableBreakdown carries the capture's refunded total so far.
type SellerPayableBreakdown struct {
	GrossAmount         *Money `json:"gross_amount,omitempty"`
	TotalRefundedAmount *Money `json:"total_refunded_amount,omitempty"`
}

// LinkHref returns the href of the link with rel, or "".
func LinkHref(links []Link, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// CaptureID returns the id of the capture a refund belongs to, from its
// "up" link (…/v2/payments/captures/{id}).
func (r *Refund) CaptureID() string {
	href := LinkHref(r.Links, "up")
	if i := strings.LastIndex(href, "/captures/"); i >= 0 {
		return strings.Trim(href[i+len("/captures/"):], "/")
	}
	return ""
}

// ApproveURL is where the buyer approves an order on PayPal: the
// "payer-action" link (orders created with payment_source.paypal) or the
// older "approve" link.
func (o *Order) ApproveURL() string {
	if h := LinkHref(o.Links, "payer-action"); h != "" {
		return h
	}
	return LinkHref(o.Links, "approve")
}

// FirstCapture returns the order's first capture, or nil.
func (o *Order) FirstCapture() *Capture {
	for _, pu := range o.PurchaseUnits {
		if pu.Payments != nil && len(pu.Payments.Captures) > 0 {
			return &pu.Payments.Captures[0]
		}
	}
	return nil
}

// CreateOrder is the request body of POST /v2/checkout/orders.
type CreateOrder struct {
	Intent        string         `json:"intent"` // CAPTURE
	PurchaseUnits []PurchaseUnit `json:"purchase_units"`
	PaymentSource *PaymentSource `json:"payment_source,omitempty"`
}

// PaymentSource says the buyer pays with PayPal and how the approval page
// behaves.
type PaymentSource struct {
	PayPal *PayPalSource `json:"paypal"`
}

// PayPalSource is payment_source.paypal.
type PayPalSource struct {
	ExperienceContext ExperienceContext `json:"experience_context"`
}

// ExperienceContext tunes the approval page and where it sends the buyer.
type ExperienceContext struct {
	BrandName          string `json:"brand_name,omitempty"`
	ShippingPreference string `json:"shipping_preference,omitempty"` // NO_SHIPPING for digital goods
	UserAction         string `json:"user_action,omitempty"`         // PAY_NOW
	ReturnURL          string `json:"return_url"`
	CancelURL          string `json:"cancel_url"`
}

// CreateOrder creates an order. requestID makes a retried call return the
// first call's order instead of making another.
func (c *Client) CreateOrder(ctx context.Context, in CreateOrder, requestID string) (*Order, error) {
	var out Order
	return &out, c.call(ctx, http.MethodPost, "/v2/checkout/orders", in, requestID, &out)
}

// GetOrder reads an order.
func (c *Client) GetOrder(ctx context.Context, id string) (*Order, error) {
	var out Order
	return &out, c.call(ctx, http.MethodGet, "/v2/checkout/orders/"+url.PathEscape(id), nil, "", &out)
}

// CaptureOrder captures the payment of an order the buyer approved.
// PayPal answers 422 with the issue ORDER_ALREADY_CAPTURED for a second
// capture, and ORDER_NOT_APPROVED before approval.
func (c *Client) CaptureOrder(ctx context.Context, id, requestID string) (*Order, error) {
	var out Order
	return &out, c.call(ctx, http.MethodPost, "/v2/checkout/orders/"+url.PathEscape(id)+"/capture", struct{}{}, requestID, &out)
}

// RefundRequest is the body of a refund; an empty one refunds what is left
// of the capture.
type RefundRequest struct {
	Amount      *Money `json:"amount,omitempty"`
	InvoiceID   string `json:"invoice_id,omitempty"`
	NoteToPayer string `json:"note_to_payer,omitempty"`
}

// RefundCapture refunds a captured payment.
func (c *Client) RefundCapture(ctx context.Context, captureID string, in RefundRequest, requestID string) (*Refund, error) {
	var out Refund
	return &out, c.call(ctx, http.MethodPost, "/v2/payments/captures/"+url.PathEscape(captureID)+"/refund", in, requestID, &out)
}

// Event is a webhook notification.
type Event struct {
	ID           string          `json:"id"`
	EventType    string          `json:"event_type"`
	ResourceType string          `json:"resource_type"`
	CreateTime   string          `json:"create_time"`
	Summary      string          `json:"summary,omitempty"`
	Resource     json.RawMessage `json:"resource"`
}

// The headers PayPal signs a webhook notification with.
const (
	HeaderAuthAlgo         = "Paypal-Auth-Algo"
	HeaderCertURL          = "Paypal-Cert-Url"
	HeaderTransmissionID   = "Paypal-Transmission-Id"
	HeaderTransmissionSig  = "Paypal-Transmission-Sig"
	HeaderTransmissionTime = "Paypal-Transmission-Time"
)

// VerifyRequest is the body of POST /v1/notifications/verify-webhook-signature.
type VerifyRequest struct {
	AuthAlgo         string          `json:"auth_algo"`
	CertURL          string          `json:"cert_url"`
	TransmissionID   string          `json:"transmission_id"`
	TransmissionSig  string          `json:"transmission_sig"`
	TransmissionTime string          `json:"transmission_time"`
	WebhookID        string          `json:"webhook_id"`
	WebhookEvent     json.RawMessage `json:"webhook_event"`
}

// ErrUnsigned: the notification lacks PayPal's signature headers.
var ErrUnsigned = errors.New("paypal: webhook without signature headers")

// VerifyWebhook asks PayPal whether a notification (its headers and raw
// body) was signed by PayPal for the webhook webhookID. It returns false,
// nil for a signature PayPal does not recognise, and an error when PayPal
// could not be asked.
func (c *Client) VerifyWebhook(ctx context.Context, webhookID string, h http.Header, body []byte) (bool, error) {
	in := VerifyRequest{AuthAlgo: h.Get(HeaderAuthAlgo), CertURL: h.Get(HeaderCertURL), TransmissionID: h.Get(HeaderTransmissionID),
		TransmissionSig: h.Get(HeaderTransmissionSig), TransmissionTime: h.Get(HeaderTransmissionTime), WebhookID: webhookID, WebhookEvent: body}
	if in.AuthAlgo == "" || in.CertURL == "" || in.TransmissionID == "" || in.TransmissionSig == "" || in.TransmissionTime == "" {
		return false, ErrUnsigned
	}
	if !json.Valid(body) {
		return false, nil
	}
	var out struct {
		VerificationStatus string `json:"verification_status"`
	}
	if err := c.call(ctx, http.MethodPost, "/v1/notifications/verify-webhook-signature", in, "", &out); err != nil {
		var pe *Error
		if errors.As(err, &pe) && pe.Status == http.StatusBadRequest {
			return false, nil // PayPal refuses malformed signature fields
		}
		return false, err
	}
	return out.VerificationStatus == "SUCCESS", nil
}

// accessToken returns a cached token, or fetches one with the app's
// credentials. It is renewed a minute before PayPal says it expires.
func (c *Client) accessToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && c.now().Before(c.expires) {
		return c.token, nil
	}
	rq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/v1/oauth2/token", strings.NewReader("grant_type=client_credentials"))
	if err != nil {
		return "", err
	}
	rq.SetBasicAuth(c.clientID, c.secret)
	rq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rq.Header.Set("Accept", "application/json")
	var out struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := c.do(rq, &out); err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", errors.New("paypal: token answer without access_token")
	}
	c.token = out.AccessToken
	c.expires = c.now().Add(time.Duration(out.ExpiresIn)*time.Second - time.Minute)
	return c.token, nil
}

// forgetToken drops a token PayPal refused, so the next call fetches one.
func (c *Client) forgetToken(tok string) {
	c.mu.Lock()
	if c.token == tok {
		c.token = ""
	}
	c.mu.Unlock()
}

// call sends a JSON request with a bearer token; a 401 (token revoked
// early) is retried once with a new token.
func (c *Client) call(ctx context.Context, method, path string, in any, requestID string, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		tok, err := c.accessToken(ctx)
		if err != nil {
			return err
		}
		rq, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		rq.Header.Set("Authorization", "Bearer "+tok)
		rq.Header.Set("Accept", "application/json")
		if in != nil {
			rq.Header.Set("Content-Type", "application/json")
		}
		rq.Header.Set("Prefer", "return=representation")
		if requestID != "" {
			rq.Header.Set("PayPal-Request-Id", requestID)
		}
		err = c.do(rq, out)
		var pe *Error
		if attempt == 0 && errors.As(err, &pe) && pe.Status == http.StatusUnauthorized {
			c.forgetToken(tok)
			continue
		}
		return err
	}
}

// do sends rq and decodes a 2xx answer into out, anything else into an
// *Error.
func (c *Client) do(rq *http.Request, out any) error {
	res, err := c.http.Do(rq)
	if err != nil {
		return fmt.Errorf("paypal: %s %s: %w", rq.Method, rq.URL.Path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("paypal: %s %s: %w", rq.Method, rq.URL.Path, err)
	}
	if res.StatusCode/100 != 2 {
		pe := &Error{Status: res.StatusCode}
		_ = json.Unmarshal(raw, pe)
		pe.Status = res.StatusCode
		if pe.Name == "" && pe.OAuthError == "" {
			pe.Name = http.StatusText(res.StatusCode)
		}
		return pe
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("paypal: %s %s: decoding the answer: %w", rq.Method, rq.URL.Path, err)
	}
	return nil
}
