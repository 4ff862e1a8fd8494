import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { SelectField } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';
import { formatPrice } from '@/lib/format';

import { ORDER_LIMIT, useAdminOrders } from '../api/orders';
import { RefundDialog } from '../components/RefundDialog';
import type { AdminOrder } from '../types';
import { formatDateTime } from '../utils/status';

const STATUSES = [
  { value: 'paid', label: 'Paid' },
  { value: 'pending', label: 'Pending' },
  { value: 'partially_refunded', label: 'Partly refunded' },
  { value: 'refunded', label: 'Refunded' },
  { value: 'failed', label: 'Failed' },
];

const BADGE: Record<string, string> = {
  paid: 'badge badge-ok',
  pending: 'badge badge-accent',
  refunded: 'badge',
  partially_refunded: 'badge badge-warn',
  failed: 'badge badge-danger',
};

/** /admin/orders?status=: the newest orders; refund with a reason. */
export default function AdminOrdersRoute() {
  const [params, setParams] = useSearchParams();
  const status = STATUSES.some((s) => s.value === params.get('status')) ? params.get('status')! : '';
  const orders = useAdminOrders(status);
  const [refunding, setRefunding] = useState<AdminOrder | null>(null);

  let content;
  if (orders.isPending) {
    content = <PageSpinner label="Loading orders…" />;
  } else if (orders.isError && !orders.data) {
    content = (
      <ErrorMessage
        title="We couldn’t load the orders."
        error={orders.error}
        action={
          <Button variant="secondary" onClick={() => void orders.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (orders.data.length === 0) {
    content = (
      <EmptyState
        title={status ? 'No orders with this status' : 'No orders yet'}
        action={
          status && (
            <Button variant="secondary" onClick={() => setParams({}, { replace: true })}>
              Show all orders
            </Button>
          )
        }
      >
        <p>{status ? 'Pick another status to see other orders.' : 'Orders appear here when students check out paid courses.'}</p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <div className="admin-table-wrap" role="region" aria-label="Orders" tabIndex={0}>
          <table className="admin-table" data-testid="admin-orders">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Courses</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.data.map((o) => (
                <tr key={o.id} data-testid="admin-order" data-order-id={o.id}>
                  <th scope="row" className="nowrap">
                    #{o.id}
                    <span className="row-note muted">
                      buyer #{o.user_id} · {o.provider}
                    </span>
                  </th>
                  <td className="nowrap">{formatDateTime(o.created_at)}</td>
                  <td>
                    {o.items.map((it, i) => (
                      <span key={it.course_id}>
                        {i > 0 && ', '}
                        <Link to={`/courses/${it.course_slug || it.course_id}`}>{it.course_title}</Link>
                      </span>
                    ))}
                  </td>
                  <td className="num">{formatPrice(o.total_cents, o.currency)}</td>
                  <td className="num">{o.refunded_cents ? formatPrice(o.refunded_cents, o.currency) : '—'}</td>
                  <td>
                    <span className={BADGE[o.status] ?? 'badge'}>{STATUSES.find((s) => s.value === o.status)?.label ?? o.status}</span>
                  </td>
                  <td className="cell-actions">
                    {o.refundable && o.total_cents > o.refunded_cents && (
                      <Button variant="secondary" className="btn-small" onClick={() => setRefunding(o)} aria-label={`Refund order ${o.id}`}>
                        Refund…
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {orders.data.length >= ORDER_LIMIT && <p className="muted list-footer">Showing the newest {ORDER_LIMIT}. Pick a status to narrow the list.</p>}
      </>
    );
  }

  return (
    <>
      <title>Orders · Admin · Lectern</title>
      <h1>Orders</h1>
      <p className="lead">Newest first. Admins may refund any paid order, at any time; the buyer loses access to what it paid for.</p>
      <div className="admin-filters">
        <SelectField label="Status" name="status" value={status} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </SelectField>
      </div>
      {content}
      {refunding && <RefundDialog order={refunding} onClose={() => setRefunding(null)} />}
    </>
  );
}
