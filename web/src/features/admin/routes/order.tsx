import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { formatPrice } from '@/lib/format';

import { useAdminOrder } from '../api/orders';
import { PartialRefundForm } from '../components/PartialRefundForm';
import { RefundDialog } from '../components/RefundDialog';
import { formatDateTime } from '../utils/status';

const STATUS_LABEL: Record<string, string> = {
  paid: 'Paid',
  pending: 'Pending',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  failed: 'Failed',
};

/** /admin/orders/:id: one order — buyer, courses, payment, refunds — and a partial refund. */
export default function AdminOrderRoute() {
  const { id = '' } = useParams();
  const order = useAdminOrder(id);
  const [refundingAll, setRefundingAll] = useState(false);

  if (order.isPending) return <PageSpinner label="Loading the order…" />;
  if (order.isError) {
    return (
      <ErrorMessage
        title="We couldn’t load this order."
        error={order.error}
        action={
          <Link to="/admin/orders" className="btn btn-secondary">
            Back to the orders
          </Link>
        }
      />
    );
  }
  const o = order.data;
  const left = o.total_cents - o.refunded_cents;
  return (
    <>
      <title>{`Order #${o.id} · Admin · Lectern`}</title>
      <p className="breadcrumbs">
        <Link to="/admin/orders">Orders</Link> / #{o.id}
      </p>
      <div className="page-head">
        <h1>
          Order #{o.id} <span className="badge" data-testid="order-status">{STATUS_LABEL[o.status] ?? o.status}</span>
        </h1>
        <div className="cell-actions">
          {o.status === 'paid' && o.total_cents > 0 && (
            <Button variant="secondary" className="btn-small" onClick={() => setRefundingAll(true)} data-testid="refund-all">
              Refund the whole order…
            </Button>
          )}{' '}
          <Button variant="secondary" className="btn-small" onClick={() => void order.refetch()}>
            Refresh
          </Button>
        </div>
      </div>
      <dl className="detail-list" data-testid="order-summary">
        <dt>Buyer</dt>
        <dd>
          {o.buyer ? (
            <>
              <Link to={`/admin/users/${o.buyer.id}`}>{o.buyer.name || '(no name)'}</Link> · {o.buyer.email}
            </>
          ) : (
            <Link to={`/admin/users/${o.user_id}`}>User {o.user_id}</Link>
          )}
        </dd>
        <dt>Placed</dt>
        <dd>{formatDateTime(o.created_at)}</dd>
        <dt>Total</dt>
        <dd>
          {formatPrice(o.total_cents, o.currency)}
          {(o.discount_cents ?? 0) > 0 && <span className="muted"> (after {formatPrice(o.discount_cents ?? 0, o.currency)} off)</span>}
        </dd>
        <dt>Refunded</dt>
        <dd data-testid="order-refunded">{o.refunded_cents > 0 ? formatPrice(o.refunded_cents, o.currency) : 'Nothing'}</dd>
      </dl>

      <h2>Courses</h2>
      <div className="admin-table-wrap" role="region" aria-label="Courses table" tabIndex={0}>
        <table className="admin-table" data-testid="order-items">
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Refunded
              </th>
              <th scope="col">Buyer’s access</th>
            </tr>
          </thead>
          <tbody>
            {o.items.map((it) => (
              <tr key={it.course_id} data-testid="order-item" data-course-id={it.course_id}>
                <th scope="row">
                  <Link to={`/courses/${it.course_slug || it.course_id}`}>{it.course_title}</Link>
                </th>
                <td className="num">{formatPrice(it.price_cents, o.currency)}</td>
                <td className="num">{it.refunded_cents > 0 ? formatPrice(it.refunded_cents, o.currency) : '—'}</td>
                <td className="nowrap" data-testid="item-access">
                  {it.revoked ? <span className="badge badge-danger">Revoked</span> : o.paid_at ? <span className="badge badge-ok">Kept</span> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Payments</h2>
      {o.payments.length === 0 ? (
        <p className="muted">Not paid.</p>
      ) : (
        <div className="admin-table-wrap" role="region" aria-label="Payments table" tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Paid</th>
                <th scope="col">Provider</th>
                <th scope="col">Reference</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {o.payments.map((p) => (
                <tr key={p.reference || p.provider}>
                  <td className="nowrap">{formatDateTime(p.paid_at)}</td>
                  <td className="nowrap">{p.provider}</td>
                  <td className="cell-clip">
                    <code className="clip" title={p.reference}>
                      {p.reference}
                    </code>
                  </td>
                  <td className="num">{formatPrice(p.amount_cents, p.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Refunds</h2>
      {o.refunds.length === 0 ? (
        <p className="muted">No refunds.</p>
      ) : (
        <div className="admin-table-wrap" role="region" aria-label="Refunds table" tabIndex={0}>
          <table className="admin-table" data-testid="order-refunds">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Reason</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {o.refunds.map((r) => (
                <tr key={r.id} data-testid="order-refund">
                  <td className="nowrap">{formatDateTime(r.created_at)}</td>
                  <td className="num">{formatPrice(r.amount_cents, o.currency)}</td>
                  <td className="detail">{r.reason || <span className="muted">(none)</span>}</td>
                  <td className="nowrap">{r.by ? <Link to={`/admin/users/${r.by.id}`}>{r.by.name || `User ${r.by.id}`}</Link> : 'The provider'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {(o.status === 'paid' || o.status === 'partially_refunded') && left > 0 && <PartialRefundForm order={o} />}
      {refundingAll && <RefundDialog order={o} onClose={() => setRefundingAll(false)} />}
    </>
  );
}
