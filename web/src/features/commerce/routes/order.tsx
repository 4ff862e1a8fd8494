import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner, Spinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { RequireAuth } from '@/lib/auth';

import { useOrder, useOrderChanged } from '../api/orders';
import { OrderStatusBadge } from '../components/OrderStatus';
import { OrderSummary } from '../components/OrderSummary';
import type { Order } from '../types';

import '../components/commerce.css';

const POLL_MS = 1500;
const GIVE_UP_MS = 60_000;

/** /orders/:id — where a checkout ends: waits for the payment to be confirmed, then says what next. */
function OrderPage({ orderId }: { orderId: string }) {
  const [gaveUp, setGaveUp] = useState(false);
  const order = useOrder(orderId, gaveUp ? false : POLL_MS);
  const changed = useOrderChanged();
  const status = order.data?.status;

  // Stop asking after a minute; the webhook may be held up on the provider's side.
  useEffect(() => {
    if (status !== 'pending' || gaveUp) return;
    const t = setTimeout(() => setGaveUp(true), GIVE_UP_MS);
    return () => clearTimeout(t);
  }, [status, gaveUp]);

  // Once paid, the cart, the course pages and "My learning" are out of date.
  useEffect(() => {
    if (status && status !== 'pending' && order.data) changed(order.data);
    // Once per status change, not per render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);

  if (order.isPending) return <PageSpinner label="Loading your order…" />;
  if (order.isError && !order.data) {
    return order.error instanceof ApiError && order.error.status === 404 ? (
      <EmptyState level={1} title="Order not found" action={<Link to="/orders" className="btn btn-primary">See your orders</Link>}>
        <p>There’s no order with this number in your account. Your orders list has every order you made.</p>
      </EmptyState>
    ) : (
      <ErrorMessage
        title="We couldn’t load this order."
        error={order.error}
        action={
          <Button variant="secondary" onClick={() => void order.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }

  const o = order.data;
  return (
    <div className="order-page page-narrow" data-testid="order-page" data-status={o.status}>
      <title>{`Order #${o.id} · Lectern`}</title>
      <Outcome
        order={o}
        gaveUp={gaveUp}
        retry={() => {
          setGaveUp(false);
          void order.refetch();
        }}
      />
      <section className="card stack" aria-labelledby="order-heading">
        <h2 id="order-heading" className="order-meta">
          Order #{o.id} <OrderStatusBadge status={o.status} />
        </h2>
        <OrderSummary order={o} />
        <p className="muted order-foot">
          Ordered {new Date(o.created_at).toLocaleString()}.{' '}
          {o.paid_at && (
            <>
              <Link to={`/orders/${encodeURIComponent(o.id)}/receipt`} data-testid="receipt-link">
                Receipt
              </Link>
              {' · '}
            </>
          )}
          <Link to="/orders">All your orders</Link>
        </p>
      </section>
    </div>
  );
}

function Outcome({ order: o, gaveUp, retry }: { order: Order; gaveUp: boolean; retry: () => void }) {
  const first = o.items[0];
  switch (o.status) {
    case 'pending':
      return gaveUp ? (
        <div className="alert alert-warn outcome" role="alert">
          <h1>Your payment isn’t confirmed yet</h1>
          <p>
            We haven’t heard back from the payment provider in a minute. If you paid, it will show up here soon: you don’t
            need to pay again. Check back in a few minutes, or look at your orders list.
          </p>
          <div className="form-actions">
            <Button onClick={retry}>Check again</Button>
            {o.checkout_url && o.provider === 'local' ? (
              <Link to={`/checkout/test/${encodeURIComponent(o.id)}`} className="btn btn-secondary">
                Back to the payment page
              </Link>
            ) : (
              <Link to="/orders" className="btn btn-secondary">
                Your orders
              </Link>
            )}
          </div>
        </div>
      ) : (
        <div className="outcome outcome-wait" role="status" data-testid="confirming">
          <h1 className="outcome-wait-title">
            <Spinner label="" /> Confirming your payment…
          </h1>
          <p className="muted">This usually takes a few seconds. You can leave this page: the course is yours once the payment is confirmed.</p>
        </div>
      );
    case 'paid':
      return (
        <div className="outcome outcome-ok" role="status" data-testid="payment-received">
          <h1>Payment received</h1>
          <p>{o.items.length > 1 ? 'Your courses are ready. Enjoy learning!' : 'Your course is ready. Enjoy learning!'}</p>
          <div className="form-actions">
            {first && (
              <Link to={`/learn/${encodeURIComponent(first.course_slug)}`} className="btn btn-primary" data-testid="start-learning">
                Start learning
              </Link>
            )}
            <Link to="/my-courses" className="btn btn-secondary">
              My learning
            </Link>
          </div>
        </div>
      );
    case 'failed':
      return (
        <div className="outcome" role="status" data-testid="payment-cancelled">
          <h1>Payment cancelled</h1>
          <p>Nothing was charged. The courses are still in your cart if you want to try again.</p>
          <Link to="/cart" className="btn btn-primary">
            Back to your cart
          </Link>
        </div>
      );
    case 'refunded':
    case 'partially_refunded':
      return (
        <div className="outcome" role="status" data-testid="order-refunded">
          <h1>{o.status === 'refunded' ? 'This order was refunded' : 'This order was partly refunded'}</h1>
          <p>
            {o.refunded_at ? `Refunded on ${new Date(o.refunded_at).toLocaleDateString()}. ` : ''}
            Access to the refunded courses has ended. You can buy them again from their pages.
          </p>
          <Link to="/courses" className="btn btn-secondary">
            Browse courses
          </Link>
        </div>
      );
    default:
      return <h1>Order #{o.id}</h1>;
  }
}

export default function OrderRoute() {
  const { id = '' } = useParams();
  return (
    <RequireAuth pending={<PageSpinner />}>
      <OrderPage key={id} orderId={id} />
    </RequireAuth>
  );
}
