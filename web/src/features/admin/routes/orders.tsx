import { Link, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { SelectField } from '@/components/Field';
import { PageSpinner } from '@/components/Spinner';
import { formatPrice } from '@/lib/format';

import { ORDER_LIMIT, useAdminOrders } from '../api/orders';
import { UserSearch } from '../components/UserSearch';
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
  const q = params.get('q') ?? '';
  const orders = useAdminOrders(status, q);
  const setFilter = (key: 'status' | 'q', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

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
        title={q ? `No orders match “${q}”` : status ? 'No orders with this status' : 'No orders yet'}
        action={
          (status || q) && (
            <Button variant="secondary" onClick={() => setParams({}, { replace: true })}>
              Show all orders
            </Button>
          )
        }
      >
        <p>
          {status || q ? 'Search for part of a name, an email, a course title or an order number.' : 'Orders appear here when students check out paid courses.'}
        </p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <div className="admin-table-wrap" role="region" aria-label="Orders" tabIndex={0}>
          <table className="admin-table admin-table-fixed" data-testid="admin-orders">
            <colgroup>
              <col className="w-order" />
              <col className="w-buyer" />
              <col />
              <col className="w-date" />
              <col className="w-money" />
              <col className="w-status" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Buyer</th>
                <th scope="col">Courses</th>
                <th scope="col">Placed</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {orders.data.map((o) => (
                <tr key={o.id} data-testid="admin-order" data-order-id={o.id}>
                  <th scope="row" className="nowrap">
                    <Link to={`/admin/orders/${o.id}`} data-testid="order-link">
                      #{o.id}
                    </Link>
                    <span className="row-note muted">{o.provider}</span>
                  </th>
                  <td className="cell-clip">
                    {o.buyer ? (
                      <>
                        <Link to={`/admin/users/${o.buyer.id}`} className="clip" title={o.buyer.name}>
                          {o.buyer.name || '(no name)'}
                        </Link>
                        <span className="row-note muted clip" title={o.buyer.email}>
                          {o.buyer.email}
                        </span>
                      </>
                    ) : (
                      <Link to={`/admin/users/${o.user_id}`}>User {o.user_id}</Link>
                    )}
                  </td>
                  <td className="cell-clip">
                    {o.items.map((it) => (
                      <Link key={it.course_id} to={`/courses/${it.course_slug || it.course_id}`} className="clip" title={it.course_title}>
                        {it.course_title}
                      </Link>
                    ))}
                  </td>
                  <td className="nowrap">{formatDateTime(o.created_at)}</td>
                  <td className="num">
                    {formatPrice(o.total_cents, o.currency)}
                    {o.refunded_cents > 0 && <span className="row-note muted">−{formatPrice(o.refunded_cents, o.currency)}</span>}
                  </td>
                  <td className="cell-clip">
                    <span className={BADGE[o.status] ?? 'badge'}>{STATUSES.find((s) => s.value === o.status)?.label ?? o.status}</span>
                    {o.refund_reason && (
                      <span className="row-note muted clip" title={o.refund_reason} data-testid="refund-reason">
                        “{o.refund_reason}”
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {orders.data.length >= ORDER_LIMIT && <p className="muted list-footer">Showing the newest {ORDER_LIMIT}. Search or pick a status to narrow the list.</p>}
      </>
    );
  }

  return (
    <>
      <title>Orders · Admin · Lectern</title>
      <h1>Orders</h1>
      <p className="lead">Newest first. Open an order to refund part of it; a whole refund takes away access to everything it paid for.</p>
      <div className="admin-filters">
        <div className="admin-search">
          <UserSearch
            q={q}
            onSearch={(v) => setFilter('q', v)}
            id="order-search"
            label="Search orders by buyer name or email, course title or order number"
            placeholder="Buyer, email, course or order #"
          />
        </div>
        <SelectField label="Status" name="status" value={status} onChange={(e) => setFilter('status', e.target.value)}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </SelectField>
      </div>
      {content}
    </>
  );
}
