import { Link, useNavigate } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { useUser } from '@/lib/auth';
import { formatPrice } from '@/lib/format';

import { useMySubscription, useMySubscriptionPayments, usePlans, usePortal, useSubscribe } from '../api/subscriptions';
import type { Subscription } from '../types';

const statusText: Record<Subscription['status'], string> = {
  incomplete: 'Waiting for the first payment',
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Payment failed — update your card',
  canceled: 'Canceled — ends at the end of the period',
  ended: 'Ended',
};

function day(s: string | null) {
  return s ? new Date(s).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' }) : '';
}

/** /plans and /subscription: the all-access plan, and the caller's subscription. */
export default function PlansRoute() {
  const { user, isPending: userPending } = useUser();
  const plans = usePlans();
  const mine = useMySubscription(!!user);
  const payments = useMySubscriptionPayments(!!user && !!mine.data);
  const navigate = useNavigate();
  const subscribe = useSubscribe(navigate);
  const portal = usePortal(navigate);

  if (plans.isPending || userPending) return <PageSpinner label="Loading plans…" />;
  if (plans.isError) return <ErrorMessage title="We couldn’t load the plans." error={plans.error} />;
  const sub = mine.data;
  const current = sub && sub.status !== 'ended' && sub.status !== 'incomplete';

  return (
    <div className="page-narrow stack" data-testid="plans-page">
      <title>Subscription · Lectern</title>
      <h1>All-access subscription</h1>
      <p>One subscription opens every course its instructor included. Instructors are paid by the minutes you watch.</p>
      {sub && (
        <section className="card stack" aria-label="Your subscription" data-testid="my-subscription" data-status={sub.status}>
          <h2>Your subscription</h2>
          <p data-testid="subscription-status">{statusText[sub.status]}</p>
          {sub.current_period_end && sub.status !== 'ended' && (
            <p className="muted">
              {sub.cancel_at_period_end ? 'Access until ' : 'Renews on '}
              {day(sub.current_period_end)}
            </p>
          )}
          {current && (
            <>
              {portal.isError && <ErrorMessage error={portal.error} />}
              <Button variant="secondary" loading={portal.isPending} onClick={() => portal.mutate()} data-testid="manage-subscription">
                Manage subscription
              </Button>
            </>
          )}
          {payments.data && payments.data.length > 0 && (
            <>
              <h3>Payments</h3>
              <ul className="plain-list" data-testid="subscription-payments">
                {payments.data.map((p) => (
                  <li key={p.id}>
                    {day(p.occurred_at)} · {formatPrice(p.amount_cents, p.currency)}
                    {p.status === 'failed' && <span className="muted"> · failed</span>}
                    {p.refunded_cents > 0 && (
                      <span className="muted" data-testid="subscription-payment-refunded">
                        {' '}
                        · {formatPrice(p.refunded_cents, p.currency)} refunded
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {plans.data.length === 0 ? (
        <p className="muted">No subscription is on sale yet.</p>
      ) : (
        !current &&
        plans.data.map((p) => (
          <section key={p.code} className="card stack" aria-label={p.name} data-testid="plan">
            <h2>{p.name}</h2>
            {subscribe.isError && <ErrorMessage error={subscribe.error} />}
            {user ? (
              <div className="form-actions">
                {p.monthly_cents > 0 && (
                  <Button loading={subscribe.isPending && subscribe.variables?.interval === 'month'} disabled={subscribe.isPending}
                    onClick={() => subscribe.mutate({ plan: p.code, interval: 'month' })} data-testid="subscribe-month">
                    {formatPrice(p.monthly_cents, p.currency)} a month
                  </Button>
                )}
                {p.yearly_cents > 0 && (
                  <Button variant="secondary" loading={subscribe.isPending && subscribe.variables?.interval === 'year'} disabled={subscribe.isPending}
                    onClick={() => subscribe.mutate({ plan: p.code, interval: 'year' })} data-testid="subscribe-year">
                    {formatPrice(p.yearly_cents, p.currency)} a year
                  </Button>
                )}
              </div>
            ) : (
              <Link to="/login?next=/plans" className="btn btn-primary">
                Log in to subscribe
              </Link>
            )}
          </section>
        ))
      )}
    </div>
  );
}
