import { Link, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { RequireAuth } from '@/lib/auth';
import { formatPrice } from '@/lib/format';

import { useTestSubscription, useTestSubscriptionAction } from '../api/subscriptions';
import type { TestAction } from '../types';

/** /subscribe/test/:id — the built-in test provider's subscription page: first payment, and what a card portal does. */
function TestSubscription({ id }: { id: string }) {
  const sub = useTestSubscription(id);
  const act = useTestSubscriptionAction(id);

  if (sub.isPending) return <PageSpinner label="Loading your subscription…" />;
  if (sub.isError) {
    return (
      <EmptyState level={1} title="Subscription not found" action={<Link to="/plans" className="btn btn-primary">See plans</Link>}>
        <p>This page belongs to a subscription that isn’t yours, or no longer exists.</p>
      </EmptyState>
    );
  }
  const s = sub.data;
  const button = (action: TestAction, label: string, variant: 'primary' | 'secondary' = 'secondary') => (
    <Button variant={variant} onClick={() => act.mutate(action)} loading={act.isPending && act.variables === action} disabled={act.isPending} data-testid={`test-sub-${action}`}>
      {label}
    </Button>
  );

  return (
    <div className="test-checkout page-narrow" data-testid="test-subscription" data-status={s.status}>
      <title>Test subscription · Lectern</title>
      <div className="test-banner" role="note" data-testid="test-banner">
        <strong>TEST PAYMENT</strong>
        <span>No money moves; this is Lectern’s built-in test provider.</span>
      </div>
      <h1>Your subscription</h1>
      <section className="card stack">
        <p>
          {formatPrice(s.amount_cents, s.currency)} a {s.interval} · <strong data-testid="test-sub-status">{s.status.replace('_', ' ')}</strong>
        </p>
        {act.isError && <ErrorMessage error={act.error} />}
        <div className="form-actions">
          {(s.status === 'incomplete' || s.status === 'past_due') && button('pay', `Pay ${formatPrice(s.amount_cents, s.currency)}`, 'primary')}
          {(s.status === 'active' || s.status === 'trialing') && !s.fail_next_renewal && button('fail_next', 'Make the next renewal fail')}
          {(s.status === 'active' || s.status === 'trialing' || s.status === 'past_due') && button('cancel', 'Cancel at period end')}
          {s.status === 'canceled' && button('resume', 'Resume')}
        </div>
        <p className="field-hint">Renewals happen when the period ends; an admin can move the test clock forward to see them.</p>
        <Link to="/plans">Back to your subscription</Link>
      </section>
    </div>
  );
}

export default function TestSubscriptionRoute() {
  const { id = '' } = useParams();
  return (
    <RequireAuth pending={<PageSpinner />}>
      <TestSubscription id={id} />
    </RequireAuth>
  );
}
