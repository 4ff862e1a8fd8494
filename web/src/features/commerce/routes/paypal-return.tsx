import { useEffect, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner, Spinner } from '@/components/Spinner';
import { RequireAuth } from '@/lib/auth';

import { useCapturePayPal } from '../api/orders';

import '../components/commerce.css';

/**
 * /checkout/paypal/return?order=… — where PayPal sends the buyer after approving:
 * Lectern captures the payment, then the order page says what next.
 */
function PayPalReturn({ orderId }: { orderId: string }) {
  const capture = useCapturePayPal();
  const navigate = useNavigate();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // once, even when React runs effects twice
    started.current = true;
    capture.mutate(orderId, { onSuccess: (o) => navigate(`/orders/${encodeURIComponent(o.id)}`, { replace: true }) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orderId]);

  const orderLink = `/orders/${encodeURIComponent(orderId)}`;
  return (
    <div className="page-narrow stack" data-testid="paypal-return">
      <title>Confirming your PayPal payment · Lectern</title>
      <h1>Confirming your PayPal payment</h1>
      {capture.isError ? (
        <ErrorMessage
          title="We couldn’t complete the payment."
          error={capture.error}
          action={
            <>
              <Button variant="secondary" onClick={() => capture.mutate(orderId, { onSuccess: () => navigate(orderLink, { replace: true }) })}>
                Try again
              </Button>{' '}
              <Link to={orderLink}>See the order</Link> · <Link to="/cart">Back to your cart</Link>
            </>
          }
        />
      ) : (
        <Spinner label="PayPal approved the payment; Lectern is collecting it. This takes a few seconds." />
      )}
    </div>
  );
}

export default function PayPalReturnRoute() {
  const [params] = useSearchParams();
  const orderId = params.get('order') ?? '';
  return (
    <RequireAuth pending={<PageSpinner />}>
      {orderId ? (
        <PayPalReturn orderId={orderId} />
      ) : (
        <EmptyState level={1} title="No order to confirm" action={<Link to="/orders" className="btn btn-primary">See your orders</Link>}>
          <p>This page confirms a PayPal payment, but the link names no order. Your orders list shows where each payment stands.</p>
        </EmptyState>
      )}
    </RequireAuth>
  );
}
