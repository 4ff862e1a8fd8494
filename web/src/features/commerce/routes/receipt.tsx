import { Link, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { ApiError } from '@/lib/api-client';
import { RequireAuth } from '@/lib/auth';

import { useReceipt } from '../api/receipt';
import { OrderSummary } from '../components/OrderSummary';
import { formatAmount } from '../utils/money';

import '../components/commerce.css';

/** /orders/:id/receipt — a printable receipt: what was paid, by whom, when, and every refund. */
function ReceiptPage({ orderId }: { orderId: string }) {
  const receipt = useReceipt(orderId);
  if (receipt.isPending) return <PageSpinner label="Loading your receipt…" />;
  if (receipt.isError) {
    const status = receipt.error instanceof ApiError ? receipt.error.status : 0;
    if (status === 404 || status === 409) {
      return (
        <EmptyState
          level={1}
          title={status === 404 ? 'Receipt not found' : 'No receipt yet'}
          action={
            <Link to="/orders" className="btn btn-primary">
              See your orders
            </Link>
          }
        >
          <p>{status === 404 ? 'There’s no order with this number in your account.' : 'This order has not been paid, so there is no receipt for it.'}</p>
        </EmptyState>
      );
    }
    return <ErrorMessage title="We couldn’t load this receipt." error={receipt.error} action={<Button variant="secondary" onClick={() => void receipt.refetch()}>Try again</Button>} />;
  }
  const r = receipt.data;
  const o = r.order;
  const money = (cents: number) => formatAmount(cents, o.currency);
  return (
    <article className="receipt page-narrow card stack" data-testid="receipt" aria-labelledby="receipt-heading">
      <title>{`Receipt for order #${o.id} · Lectern`}</title>
      <div className="section-head">
        <h1 id="receipt-heading">Receipt</h1>
        <Button variant="secondary" className="no-print" onClick={() => window.print()}>
          Print
        </Button>
      </div>
      <dl className="receipt-facts">
        <dt>Seller</dt>
        <dd>{r.seller}</dd>
        <dt>Order</dt>
        <dd>#{o.id}</dd>
        <dt>Paid</dt>
        <dd>{new Date(r.issued_at).toLocaleString()}</dd>
        <dt>Billed to</dt>
        <dd>
          {r.buyer.name} ({r.buyer.email})
        </dd>
        <dt>Paid with</dt>
        <dd>{o.provider === 'local' ? 'Test payment (no money moved)' : o.provider === 'stripe' ? 'Card (Stripe)' : o.provider}</dd>
      </dl>
      <OrderSummary order={o} linkCourses={false} />
      {r.refunds.length > 0 && (
        <section aria-labelledby="refunds-heading">
          <h2 id="refunds-heading">Refunds</h2>
          <ul className="order-lines" data-testid="receipt-refunds">
            {r.refunds.map((f, i) => (
              <li key={i} className="order-line">
                <span>
                  {new Date(f.created_at).toLocaleDateString()}
                  {f.reason && <span className="muted"> — {f.reason}</span>}
                </span>
                <span className="order-line-price">−{money(f.amount_cents)}</span>
              </li>
            ))}
          </ul>
          <p className="order-line">
            <strong>Net paid</strong>
            <strong className="order-line-price">{money(o.total_cents - o.refunded_cents)}</strong>
          </p>
        </section>
      )}
      <p className="muted no-print">
        <Link to={`/orders/${encodeURIComponent(o.id)}`}>Back to the order</Link>
      </p>
    </article>
  );
}

export default function ReceiptRoute() {
  const { id = '' } = useParams();
  return (
    <RequireAuth pending={<PageSpinner />}>
      <ReceiptPage orderId={id} />
    </RequireAuth>
  );
}
