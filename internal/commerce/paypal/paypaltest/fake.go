// Package paypaltest is a local fake of the parts of PayPal's REST API that
// Lectern uses, for tests: OAuth2 tokens, Orders v2 (create, get, capture),
// refunds, and webhook signature verification, answering with PayPal's
// JSON shapes and error names. It keeps state, so a test can create an
// order, approve it as the buyer would (in code or through the approval
// page at the order's payer-action link), capture and refund it, and send
// webhooks signed the way the fake's verification endpoint accepts.
package paypaltest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/lectern/lectern/internal/commerce/paypal"
)

// Credentials the fake accepts.
const (
	ClientID  = "fake-client-id"
	Secret    = "fake-secret"
	WebhookID = "WH1FAKE"
)

// Server is a running fake.
type Server struct {
	*httptest.Server
	// WebhookID is the id verification accepts.
	WebhookID string

	mu       sync.Mutex
	key      []byte // signs webhook transmissions
	tokens   map[string]bool
	orders   map[string]*order
	captures map[string]*capture // by capture id
	replies  map[string][]byte   // PayPal-Request-Id → the first answer
	fail     map[string]Failure  // operation → the next call's failure
	calls    map[string]int      // operation → calls
	seq      int
}

type order struct {
	paypal.Order
	create    paypal.CreateOrder
	returnURL string
	cancelURL string
	captureID string
}

type capture struct {
	paypal.Capture
	orderID  string
	refunded int64 // minor units
	refunds  []paypal.Refund
}

// Failure is an error the fake answers with once, on the next call of an
// operation: "token", "create", "get", "capture", "refund" or "verify".
type Failure struct {
	Status  int
	Name    string
	Message string
	Issue   string
}

// New starts a fake; it stops when the test ends.
func New(t interface{ Cleanup(func()) }) *Server {
	s := &Server{WebhookID: WebhookID, key: randomBytes(32), tokens: map[string]bool{}, orders: map[string]*order{},
		captures: map[string]*capture{}, replies: map[string][]byte{}, fail: map[string]Failure{}, calls: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth2/token", s.token)
	mux.HandleFunc("POST /v2/checkout/orders", s.authed("create", s.createOrder))
	mux.HandleFunc("GET /v2/checkout/orders/{id}", s.authed("get", s.getOrder))
	mux.HandleFunc("POST /v2/checkout/orders/{id}/capture", s.authed("capture", s.captureOrder))
	mux.HandleFunc("POST /v2/payments/captures/{id}/refund", s.authed("refund", s.refund))
	mux.HandleFunc("POST /v1/notifications/verify-webhook-signature", s.authed("verify", s.verify))
	mux.HandleFunc("GET /checkoutnow", s.approvalPage)
	mux.HandleFunc("POST /checkoutnow", s.approvalAction)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// Client returns a client of the fake with its credentials.
func (s *Server) Client() *paypal.Client { return paypal.New(s.URL, ClientID, Secret, nil) }

// FailNext makes the next call of op answer with f.
func (s *Server) FailNext(op string, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[op] = f
}

// Calls says how many times op was called ("token", "create", …).
func (s *Server) Calls(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

// Approve does what the buyer does on PayPal's approval page.
func (s *Server) Approve(orderID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[orderID]
	if !ok {
		return fmt.Errorf("paypaltest: no order %s", orderID)
	}
	if o.Status != "CREATED" && o.Status != "PAYER_ACTION_REQUIRED" && o.Status != "APPROVED" {
		return fmt.Errorf("paypaltest: order %s is %s", orderID, o.Status)
	}
	o.Status = "APPROVED"
	return nil
}

// Order returns a copy of an order as PayPal would show it.
func (s *Server) Order(orderID string) (paypal.Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[orderID]
	if !ok {
		return paypal.Order{}, false
	}
	return s.view(o), true
}

// ReturnURL is where PayPal sends the buyer back after approving orderID.
func (s *Server) ReturnURL(orderID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.orders[orderID]; ok {
		return withQuery(o.returnURL, url.Values{"token": {orderID}, "PayerID": {"FAKEPAYER1"}})
	}
	return ""
}

// CaptureID returns the capture of a captured order.
func (s *Server) CaptureID(orderID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.orders[orderID]; ok {
		return o.captureID
	}
	return ""
}

func (s *Server) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%d%s", prefix, s.seq, strings.ToUpper(hex.EncodeToString(randomBytes(6))))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func withQuery(raw string, v url.Values) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k, vs := range v {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// writeJSON answers like PayPal: JSON with a Paypal-Debug-Id header.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Paypal-Debug-Id", hex.EncodeToString(randomBytes(7)))
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// problem answers with PayPal's error shape.
func problem(w http.ResponseWriter, status int, name, message, issue, description string) {
	body := map[string]any{"name": name, "message": message, "debug_id": hex.EncodeToString(randomBytes(7))}
	if issue != "" {
		body["details"] = []map[string]string{{"issue": issue, "description": description}}
	}
	writeJSON(w, status, body)
}

func (s *Server) injected(w http.ResponseWriter, op string) bool {
	s.calls[op]++
	f, ok := s.fail[op]
	if !ok {
		return false
	}
	delete(s.fail, op)
	if f.Status == 0 {
		f.Status = http.StatusInternalServerError
	}
	if f.Name == "" {
		f.Name = "INTERNAL_SERVER_ERROR"
	}
	if f.Message == "" {
		f.Message = "An internal server error occurred."
	}
	problem(w, f.Status, f.Name, f.Message, f.Issue, f.Message)
	return true
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.injected(w, "token") {
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok || id != ClientID || secret != Secret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client Authentication failed"})
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"})
		return
	}
	tok := "A21AA" + base64.RawURLEncoding.EncodeToString(randomBytes(24))
	s.tokens[tok] = true
	writeJSON(w, http.StatusOK, map[string]any{"scope": "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/applications/webhooks",
		"access_token": tok, "token_type": "Bearer", "app_id": "APP-80W284485P519543T", "expires_in": 32400, "nonce": time.Now().UTC().Format(time.RFC3339) + "fake"})
}

// authed checks the bearer token, answers a repeated PayPal-Request-Id with
// the first answer, and counts and fails calls as told.
func (s *Server) authed(op string, h func(w http.ResponseWriter, r *http.Request) (int, any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !s.tokens[tok] {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "Token signature verification failed"})
			return
		}
		if s.injected(w, op) {
			return
		}
		key := ""
		if rid := r.Header.Get("PayPal-Request-Id"); rid != "" {
			key = op + " " + r.PathValue("id") + " " + rid
			if prev, ok := s.replies[key]; ok {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(prev)
				return
			}
		}
		status, body := h(w, r)
		if body == nil {
			return // h answered itself (an error)
		}
		raw, _ := json.Marshal(body)
		if key != "" {
			s.replies[key] = raw
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(raw)
	}
}

func (s *Server) link(path, rel, method string) paypal.Link {
	return paypal.Link{Href: s.URL + path, Rel: rel, Method: method}
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) (int, any) {
	var in paypal.CreateOrder
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		problem(w, 400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", "MALFORMED_REQUEST_JSON", err.Error())
		return 0, nil
	}
	if in.Intent != "CAPTURE" && in.Intent != "AUTHORIZE" {
		problem(w, 400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", "INVALID_PARAMETER_VALUE", "intent")
		return 0, nil
	}
	if len(in.PurchaseUnits) != 1 || in.PurchaseUnits[0].Amount == nil {
		problem(w, 400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", "MISSING_REQUIRED_PARAMETER", "purchase_units[0].amount")
		return 0, nil
	}
	pu := in.PurchaseUnits[0]
	total, err := paypal.ParseAmount(pu.Amount.Money)
	if err != nil || total <= 0 {
		problem(w, 422, "UNPROCESSABLE_ENTITY", "The requested action could not be performed, semantically incorrect, or failed business validation.", "DECIMAL_PRECISION", "amount.value")
		return 0, nil
	}
	if len(pu.Items) > 0 {
		var sum int64
		for _, it := range pu.Items {
			v, _ := paypal.ParseAmount(it.UnitAmount)
			sum += v
		}
		if pu.Amount.Breakdown == nil || pu.Amount.Breakdown.ItemTotal == nil {
			problem(w, 422, "UNPROCESSABLE_ENTITY", "The requested action could not be performed, semantically incorrect, or failed business validation.", "ITEM_TOTAL_REQUIRED", "item_total")
			return 0, nil
		}
		if it, _ := paypal.ParseAmount(*pu.Amount.Breakdown.ItemTotal); it != sum || it != total {
			problem(w, 422, "UNPROCESSABLE_ENTITY", "The requested action could not be performed, semantically incorrect, or failed business validation.", "ITEM_TOTAL_MISMATCH", "item_total")
			return 0, nil
		}
	}
	id := s.nextID("5O")
	o := &order{create: in, Order: paypal.Order{ID: id, Intent: in.Intent, Status: "CREATED", PurchaseUnits: []paypal.PurchaseUnit{pu}}}
	o.PurchaseUnits[0].ReferenceID = "default"
	approve := s.link("/checkoutnow?token="+id, "approve", "GET")
	if in.PaymentSource != nil && in.PaymentSource.PayPal != nil {
		o.Status = "PAYER_ACTION_REQUIRED"
		approve.Rel = "payer-action"
		o.returnURL = in.PaymentSource.PayPal.ExperienceContext.ReturnURL
		o.cancelURL = in.PaymentSource.PayPal.ExperienceContext.CancelURL
	}
	o.Links = []paypal.Link{s.link("/v2/checkout/orders/"+id, "self", "GET"), approve,
		s.link("/v2/checkout/orders/"+id, "update", "PATCH"), s.link("/v2/checkout/orders/"+id+"/capture", "capture", "POST")}
	s.orders[id] = o
	return http.StatusCreated, s.view(o)
}

// view is the order with its captures as they are now.
func (s *Server) view(o *order) paypal.Order {
	out := o.Order
	out.PurchaseUnits = append([]paypal.PurchaseUnit(nil), o.PurchaseUnits...)
	if c, ok := s.captures[o.captureID]; ok {
		out.PurchaseUnits[0].Payments = &paypal.Payments{Captures: []paypal.Capture{c.Capture}, Refunds: c.refunds}
	}
	return out
}

func (s *Server) lookup(w http.ResponseWriter, id string) *order {
	o, ok := s.orders[id]
	if !ok {
		problem(w, 404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.", "INVALID_RESOURCE_ID", "Specified resource ID does not exist. Please check the resource ID and try again.")
	}
	return o
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) (int, any) {
	o := s.lookup(w, r.PathValue("id"))
	if o == nil {
		return 0, nil
	}
	return http.StatusOK, s.view(o)
}

func (s *Server) captureOrder(w http.ResponseWriter, r *http.Request) (int, any) {
	o := s.lookup(w, r.PathValue("id"))
	if o == nil {
		return 0, nil
	}
	const unprocessable = "The requested action could not be performed, semantically incorrect, or failed business validation."
	switch o.Status {
	case "COMPLETED":
		problem(w, 422, "UNPROCESSABLE_ENTITY", unprocessable, "ORDER_ALREADY_CAPTURED", "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.")
		return 0, nil
	case "APPROVED":
	default:
		problem(w, 422, "UNPROCESSABLE_ENTITY", unprocessable, "ORDER_NOT_APPROVED", "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.")
		return 0, nil
	}
	pu := o.PurchaseUnits[0]
	c := &capture{orderID: o.ID, Capture: paypal.Capture{ID: s.nextID("3C"), Status: "COMPLETED", Amount: pu.Amount.Money, CustomID: pu.CustomID,
		InvoiceID: pu.InvoiceID, FinalCapture: true, CreateTime: time.Now().UTC().Format(time.RFC3339)}}
	c.Links = []paypal.Link{s.link("/v2/payments/captures/"+c.ID, "self", "GET"), s.link("/v2/payments/captures/"+c.ID+"/refund", "refund", "POST"),
		s.link("/v2/checkout/orders/"+o.ID, "up", "GET")}
	s.captures[c.ID] = c
	o.captureID = c.ID
	o.Status = "COMPLETED"
	return http.StatusCreated, s.view(o)
}

func (s *Server) refund(w http.ResponseWriter, r *http.Request) (int, any) {
	c, ok := s.captures[r.PathValue("id")]
	if !ok {
		problem(w, 404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.", "INVALID_RESOURCE_ID", "Specified resource ID does not exist.")
		return 0, nil
	}
	var in paypal.RefundRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		problem(w, 400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", "MALFORMED_REQUEST_JSON", err.Error())
		return 0, nil
	}
	total, _ := paypal.ParseAmount(c.Amount)
	left := total - c.refunded
	const unprocessable = "The requested action could not be performed, semantically incorrect, or failed business validation."
	if left <= 0 {
		problem(w, 422, "UNPROCESSABLE_ENTITY", unprocessable, "CAPTURE_FULLY_REFUNDED", "The capture has already been fully refunded")
		return 0, nil
	}
	amount := left
	if in.Amount != nil {
		v, err := paypal.ParseAmount(*in.Amount)
		if err != nil || !strings.EqualFold(in.Amount.CurrencyCode, c.Amount.CurrencyCode) {
			problem(w, 422, "UNPROCESSABLE_ENTITY", unprocessable, "CURRENCY_MISMATCH", "Refund must be in the same currency as the capture.")
			return 0, nil
		}
		if v > left {
			problem(w, 422, "UNPROCESSABLE_ENTITY", unprocessable, "REFUND_AMOUNT_EXCEEDED", "The refund amount must be less than or equal to the capture amount that has not yet been refunded.")
			return 0, nil
		}
		amount = v
	}
	c.refunded += amount
	money, _ := paypal.FormatAmount(amount, c.Amount.CurrencyCode)
	refunded, _ := paypal.FormatAmount(c.refunded, c.Amount.CurrencyCode)
	rf := paypal.Refund{ID: s.nextID("1R"), Status: "COMPLETED", Amount: money, CustomID: c.CustomID, InvoiceID: c.InvoiceID, NoteToPayer: in.NoteToPayer,
		SellerPayableBreakdown: &paypal.SellerPayableBreakdown{GrossAmount: &money, TotalRefundedAmount: &refunded}, CreateTime: time.Now().UTC().Format(time.RFC3339)}
	rf.Links = []paypal.Link{s.link("/v2/payments/refunds/"+rf.ID, "self", "GET"), s.link("/v2/payments/captures/"+c.ID, "up", "GET")}
	c.refunds = append(c.refunds, rf)
	if c.refunded == total {
		c.Status = "REFUNDED"
	} else {
		c.Status = "PARTIALLY_REFUNDED"
	}
	return http.StatusCreated, rf
}

// LastRefund returns the newest refund of a capture.
func (s *Server) LastRefund(captureID string) (paypal.Refund, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.captures[captureID]
	if !ok || len(c.refunds) == 0 {
		return paypal.Refund{}, false
	}
	return c.refunds[len(c.refunds)-1], true
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) (int, any) {
	var in paypal.VerifyRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.TransmissionID == "" || in.TransmissionSig == "" || in.WebhookID == "" || len(in.WebhookEvent) == 0 {
		problem(w, 400, "VALIDATION_ERROR", "Invalid request - see details", "MISSING_REQUIRED_PARAMETER", "verify-webhook-signature")
		return 0, nil
	}
	status := "FAILURE"
	want := s.signature(in.TransmissionID, in.TransmissionTime, in.WebhookID, in.WebhookEvent)
	if in.WebhookID == s.WebhookID && in.AuthAlgo == "SHA256withRSA" && hmac.Equal([]byte(in.TransmissionSig), []byte(want)) {
		status = "SUCCESS"
	}
	return http.StatusOK, map[string]string{"verification_status": status}
}

// signature stands in for PayPal's RSA signature over
// transmission_id|transmission_time|webhook_id|crc32(body): an HMAC with the
// fake's key over the same string.
func (s *Server) signature(id, at, webhookID string, body []byte) string {
	var compact bytes.Buffer
	if err := json.Compact(&compact, body); err != nil {
		return ""
	}
	msg := fmt.Sprintf("%s|%s|%s|%d", id, at, webhookID, crc32.ChecksumIEEE(compact.Bytes()))
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Sign returns the headers PayPal would send a notification with.
func (s *Server) Sign(body []byte) http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := strings.ToLower(hex.EncodeToString(randomBytes(16)))
	at := time.Now().UTC().Format(time.RFC3339)
	h := http.Header{}
	h.Set(paypal.HeaderAuthAlgo, "SHA256withRSA")
	h.Set(paypal.HeaderCertURL, s.URL+"/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270")
	h.Set(paypal.HeaderTransmissionID, id)
	h.Set(paypal.HeaderTransmissionTime, at)
	h.Set(paypal.HeaderTransmissionSig, s.signature(id, at, s.WebhookID, body))
	return h
}

// Event builds a notification of type typ about resource, with a fresh id
// (send the same bytes again for a duplicate).
func (s *Server) Event(typ, resourceType string, resource any) []byte {
	s.mu.Lock()
	id := "WH-" + s.nextID("") + "-" + strings.ToUpper(hex.EncodeToString(randomBytes(4)))
	s.mu.Unlock()
	raw, _ := json.Marshal(resource)
	b, _ := json.Marshal(paypal.Event{ID: id, EventType: typ, ResourceType: resourceType, CreateTime: time.Now().UTC().Format(time.RFC3339),
		Summary: typ, Resource: raw})
	return b
}

// OrderApproved is a CHECKOUT.ORDER.APPROVED notification for orderID.
func (s *Server) OrderApproved(orderID string) []byte {
	o, _ := s.Order(orderID)
	return s.Event("CHECKOUT.ORDER.APPROVED", "checkout-order", o)
}

// CaptureCompleted is a PAYMENT.CAPTURE.COMPLETED notification for the
// capture of a captured order.
func (s *Server) CaptureCompleted(orderID string) []byte {
	s.mu.Lock()
	o := s.orders[orderID]
	var c paypal.Capture
	if o != nil && s.captures[o.captureID] != nil {
		c = s.captures[o.captureID].Capture
	}
	s.mu.Unlock()
	c.SupplementaryData = &paypal.SupplementaryData{}
	c.SupplementaryData.RelatedIDs.OrderID = orderID
	return s.Event("PAYMENT.CAPTURE.COMPLETED", "capture", c)
}

// CaptureRefunded is a PAYMENT.CAPTURE.REFUNDED notification for the newest
// refund of a capture.
func (s *Server) CaptureRefunded(captureID string) []byte {
	rf, _ := s.LastRefund(captureID)
	return s.Event("PAYMENT.CAPTURE.REFUNDED", "refund", rf)
}

// Send posts a notification to url, signed when signed is true, and
// returns the answer's status.
func (s *Server) Send(target string, body []byte, signed bool) (int, error) {
	rq, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	rq.Header.Set("Content-Type", "application/json")
	if signed {
		for k, v := range s.Sign(body) {
			rq.Header[k] = v
		}
	} else {
		// Headers that look right but are not PayPal's signature.
		rq.Header.Set(paypal.HeaderAuthAlgo, "SHA256withRSA")
		rq.Header.Set(paypal.HeaderCertURL, s.URL+"/v1/notifications/certs/CERT-forged")
		rq.Header.Set(paypal.HeaderTransmissionID, "forged-"+hex.EncodeToString(randomBytes(8)))
		rq.Header.Set(paypal.HeaderTransmissionTime, time.Now().UTC().Format(time.RFC3339))
		rq.Header.Set(paypal.HeaderTransmissionSig, base64.StdEncoding.EncodeToString(randomBytes(32)))
	}
	res, err := http.DefaultClient.Do(rq)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

var page = template.Must(template.New("approve").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PayPal (test double)</title></head>
<body><main><h1>Pay with PayPal (test double)</h1>
<p>Order {{.ID}}: {{.Amount.Value}} {{.Amount.CurrencyCode}}</p>
<form method="post" action="/checkoutnow?token={{.ID}}"><button name="action" value="approve">Approve payment</button>
<button name="action" value="cancel">Cancel and return</button></form></main></body></html>`))

// approvalPage stands in for PayPal's page where the buyer approves.
func (s *Server) approvalPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.Order(r.URL.Query().Get("token"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, map[string]any{"ID": o.ID, "Amount": o.PurchaseUnits[0].Amount.Money})
}

func (s *Server) approvalAction(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("token")
	if r.FormValue("action") == "cancel" {
		s.mu.Lock()
		o, ok := s.orders[id]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, withQuery(o.cancelURL, url.Values{"token": {id}}), http.StatusSeeOther)
		return
	}
	if err := s.Approve(id); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	http.Redirect(w, r, s.ReturnURL(id), http.StatusSeeOther)
}
