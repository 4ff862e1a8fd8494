package httpapi

import (
	"net/http"
	"time"

	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/commerce"
)

type planJSON struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Currency     string `json:"currency"`
	MonthlyCents int64  `json:"monthly_cents"`
	YearlyCents  int64  `json:"yearly_cents"`
}

type planList struct {
	Items []planJSON `json:"items"`
}

type planRequest struct {
	Name         string `json:"name"`
	Currency     string `json:"currency"`
	MonthlyCents int64  `json:"monthly_cents"`
	YearlyCents  int64  `json:"yearly_cents"`
}

func toPlanJSON(p *commerce.Plan) planJSON {
	return planJSON{Code: p.Code, Name: p.Name, Currency: p.Currency, MonthlyCents: p.MonthlyCents, YearlyCents: p.YearlyCents}
}

func (s *Server) listPlans(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Commerce.Plans(r.Context())
	if err != nil {
		return err
	}
	out := planList{Items: []planJSON{}}
	for _, p := range list {
		out.Items = append(out.Items, toPlanJSON(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setPlan(w http.ResponseWriter, r *http.Request) error {
	var in planRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Commerce.SetPlan(r.Context(), currentUser(r), r.PathValue("code"), commerce.PlanInput{Name: in.Name, Currency: in.Currency,
		MonthlyCents: in.MonthlyCents, YearlyCents: in.YearlyCents})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPlanJSON(p))
}

type subscribeRequest struct {
	Plan     string `json:"plan"`
	Interval string `json:"interval"` // month or year
}

type urlResponse struct {
	CheckoutURL string `json:"checkout_url,omitempty"`
	URL         string `json:"url,omitempty"`
}

func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) error {
	var in subscribeRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	url, err := s.Commerce.Subscribe(r.Context(), currentUser(r), in.Plan, in.Interval)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, urlResponse{CheckoutURL: url})
}

type subscriptionJSON struct {
	ID                string     `json:"id"`
	Plan              string     `json:"plan"`
	Interval          string     `json:"interval"`
	Status            string     `json:"status"` // incomplete, trialing, active, past_due, canceled (at period end), ended
	Provider          string     `json:"provider"`
	AmountCents       int64      `json:"amount_cents"`
	Currency          string     `json:"currency"`
	PeriodStart       *time.Time `json:"current_period_start"`
	PaidThrough       *time.Time `json:"current_period_end"`
	TrialEnd          *time.Time `json:"trial_end"`
	CancelAtPeriodEnd bool       `json:"cancel_at_period_end"`
	AccessUntil       *time.Time `json:"access_until"`
	FailNext          bool       `json:"fail_next_renewal,omitempty"` // the test provider only
	CreatedAt         time.Time  `json:"created_at"`
}

func toSubscriptionJSON(sub *commerce.Subscription) subscriptionJSON {
	return subscriptionJSON{ID: id(sub.ID), Plan: sub.PlanCode, Interval: sub.Interval, Status: sub.Status, Provider: sub.Provider,
		AmountCents: sub.AmountCents, Currency: sub.Currency, PeriodStart: sub.PeriodStart, PaidThrough: sub.PaidThrough, TrialEnd: sub.TrialEnd,
		CancelAtPeriodEnd: sub.CancelAtPeriodEnd, AccessUntil: sub.AccessUntil, FailNext: sub.FailNext, CreatedAt: sub.CreatedAt.UTC()}
}

func (s *Server) mySubscription(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.Commerce.MySubscription(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSubscriptionJSON(sub))
}

func (s *Server) subscriptionPortal(w http.ResponseWriter, r *http.Request) error {
	url, err := s.Commerce.Portal(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, urlResponse{URL: url})
}

func (s *Server) testSubscription(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "id", "subscription")
	if err != nil {
		return err
	}
	sub, err := s.Commerce.LocalSubscription(r.Context(), currentUser(r), sid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSubscriptionJSON(sub))
}

type testSubscriptionRequest struct {
	Action string `json:"action"` // pay, fail_next, cancel, resume
}

func (s *Server) actTestSubscription(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "id", "subscription")
	if err != nil {
		return err
	}
	var in testSubscriptionRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sub, err := s.Commerce.ActLocalSubscription(r.Context(), currentUser(r), sid, commerce.LocalSubscriptionAction(in.Action))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSubscriptionJSON(sub))
}

type inSubscriptionJSON struct {
	InSubscription bool `json:"in_subscription"`
}

func (s *Server) courseInSubscription(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	in, err := s.Commerce.InSubscription(r.Context(), currentUser(r), cid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inSubscriptionJSON{InSubscription: in})
}

func (s *Server) setCourseInSubscription(w http.ResponseWriter, r *http.Request) error {
	cid, err := s.courseID(r)
	if err != nil {
		return err
	}
	var in inSubscriptionJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Commerce.SetInSubscription(r.Context(), currentUser(r), cid, in.InSubscription); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

type testClockRequest struct {
	Seconds int64 `json:"seconds"`
}

type testClockJSON struct {
	Now time.Time `json:"now"`
}

func (s *Server) advanceTestClock(w http.ResponseWriter, r *http.Request) error {
	var in testClockRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Seconds <= 0 {
		return apperr.Fields{{Field: "seconds", Message: "must be a positive number of seconds"}}.Err()
	}
	now, err := s.Commerce.AdvanceTestClock(r.Context(), currentUser(r), time.Duration(in.Seconds)*time.Second)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, testClockJSON{Now: now.UTC()})
}
