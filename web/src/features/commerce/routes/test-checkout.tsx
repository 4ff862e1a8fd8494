import { Link, useNavigate, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { RequireAuth } from '@/lib/auth';

import { useOrder, useTestPayment } from '../api/orders';
import { OrderStatusBadge } from '../components/OrderStatus';
import { OrderSummary } from '../components/OrderSummary';
import { formatAmount } from '../utils/money';

import '../components/commerce.css';

/** /checkout/test/:orderId — the built-in test provider's payment page. */
function TestCheckout({ orderId }: { orderId: string }) {
  const order = useOrder(orderId);
  const pay = useTestPayment();
  const navigate = useNavigate();

  if (order.isPending) return <PageSpinner label="Loading your order…" />;
  if (order.isError) {
    return order.error instanceof ApiError && order.error.status === 404 ? (
      <EmptyState level={1} title="Order not found" action={<Link to="/cart" className="btn btn-primary">Go to your cart</Link>}>
        <p>This payment page belongs to an order that isn’t yours, or no longer exists. Start again from your cart.</p>
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
  const act = (action: 'pay' | 'cancel') =>
    pay.mutate({ id: o.id, action }, { onSuccess: (done) => navigate(`/orders/${encodeURIComponent(done.id)}`, { replace: true }) });
  // A conflict means the order was settled elsewhere (another tab): show where it stands.
  const settled = pay.error instanceof ApiError && pay.error.status === 409;

  return (
    <div className="test-checkout page-narrow" data-testid="test-checkout">
      <title>Test payment · Lectern</title>
      <div className="test-banner" role="note" data-testid="test-banner">
        <strong>TEST PAYMENT</strong>
        <span>No money moves; this is Lectern’s built-in test provider.</span>
      </div>
      <h1>Pay for your order</h1>
      <section className="card stack" aria-label="Order">
        <p className="order-meta">
          Order #{o.id} <OrderStatusBadge status={o.status} />
        </p>
        <OrderSummary order={o} linkCourses={false} />
        {o.status === 'pending' ? (
          <>
            {pay.isError && (
              <ErrorMessage
                error={pay.error}
                action={
                  settled ? (
                    <Link to={`/orders/${encodeURIComponent(o.id)}`} className="btn btn-secondary">
                      See the order
                    </Link>
                  ) : undefined
                }
              />
            )}
            <div className="form-actions">
              <Button onClick={() => act('pay')} loading={pay.isPending && pay.variables?.action === 'pay'} disabled={pay.isPending} data-testid="test-pay">
                Pay {formatAmount(o.total_cents, o.currency)}
              </Button>
              <Button variant="secondary" onClick={() => act('cancel')} loading={pay.isPending && pay.variables?.action === 'cancel'} disabled={pay.isPending} data-testid="test-cancel">
                Cancel
              </Button>
            </div>
            <p className="field-hint">Pay completes the order as a real payment would; Cancel ends it unpaid.</p>
          </>
        ) : (
          <p>
            This order is no longer waiting for payment.{' '}
            <Link to={`/orders/${encodeURIComponent(o.id)}`}>See the order</Link>.
          </p>
        )}
      </section>
    </div>
  );
}

export default function TestCheckoutRoute() {
  const { orderId = '' } = useParams();
  return (
    <RequireAuth pending={<PageSpinner />}>
      <TestCheckout orderId={orderId} />
    </RequireAuth>
  );
}
