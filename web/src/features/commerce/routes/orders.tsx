import { useRef, useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { RequireAuth } from '@/lib/auth';

import { useOrders } from '../api/orders';
import { OrderStatusBadge } from '../components/OrderStatus';
import { RefundDialog } from '../components/RefundDialog';
import type { Order } from '../types';
import { formatAmount } from '../utils/money';

import '../components/commerce.css';

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '';
}

function OrdersPage() {
  const orders = useOrders();
  const [refunding, setRefunding] = useState<Order | null>(null);
  const [notice, setNotice] = useState('');
  const opener = useRef<HTMLButtonElement | null>(null);

  let content;
  if (orders.isPending) {
    content = <PageSpinner label="Loading your orders…" />;
  } else if (orders.isError) {
    content = (
      <ErrorMessage
        title="We couldn’t load your orders."
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
        title="You haven’t ordered anything yet"
        action={
          <Link to="/courses" className="btn btn-primary">
            Browse courses
          </Link>
        }
      >
        <p>Courses you buy show up here with their receipts, and you can ask for a refund within the refund window.</p>
      </EmptyState>
    );
  } else {
    content = (
      <ul className="orders" data-testid="orders">
        {orders.data.map((o) => (
          <li key={o.id} className="card order-card" data-testid="order" data-order-id={o.id} data-status={o.status}>
            <div className="order-card-head">
              <h2 className="order-card-title">
                <Link to={`/orders/${encodeURIComponent(o.id)}`}>Order #{o.id}</Link>
              </h2>
              <OrderStatusBadge status={o.status} />
              <span className="muted order-card-date">{formatDate(o.created_at)}</span>
              <strong className="order-card-total">{formatAmount(o.total_cents, o.currency)}</strong>
            </div>
            <ul className="order-card-items">
              {o.items.map((it) => (
                <li key={it.course_id}>
                  {o.status === 'paid' ? (
                    <Link to={`/learn/${encodeURIComponent(it.course_slug)}`}>{it.course_title}</Link>
                  ) : (
                    <Link to={`/courses/${encodeURIComponent(it.course_slug)}`}>{it.course_title}</Link>
                  )}
                </li>
              ))}
            </ul>
            <div className="order-card-foot">
              {o.status === 'pending' && o.provider === 'local' && (
                <Link to={`/checkout/test/${encodeURIComponent(o.id)}`} className="btn btn-secondary btn-small">
                  Complete payment
                </Link>
              )}
              {o.refunded_cents > 0 && (
                <span className="muted">
                  Refunded {formatAmount(o.refunded_cents, o.currency)}
                  {o.refunded_at ? ` on ${formatDate(o.refunded_at)}` : ''}
                </span>
              )}
              {o.refundable ? (
                <>
                  {o.refund_deadline && <span className="muted">Refundable until {formatDate(o.refund_deadline)}</span>}
                  <Button
                    variant="secondary"
                    className="btn-small"
                    data-testid="refund-order"
                    onClick={(e) => {
                      opener.current = e.currentTarget;
                      setNotice('');
                      setRefunding(o);
                    }}
                  >
                    Request refund<span className="sr-only"> for order #{o.id}</span>
                  </Button>
                </>
              ) : (
                o.status === 'paid' &&
                o.refund_deadline && <span className="muted">The refund window ended {formatDate(o.refund_deadline)}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    );
  }

  const closeDialog = () => {
    setRefunding(null);
    opener.current?.focus();
  };

  return (
    <div className="orders-page">
      <title>Your orders · Lectern</title>
      <h1>Your orders</h1>
      {notice && <SuccessMessage>{notice}</SuccessMessage>}
      {content}
      {refunding && (
        <RefundDialog
          order={refunding}
          onClose={closeDialog}
          onRefunded={(o) => {
            setRefunding(null);
            setNotice(`Order #${o.id} was refunded: ${formatAmount(o.refunded_cents, o.currency)}. Access to its courses has ended.`);
          }}
        />
      )}
    </div>
  );
}

export default function OrdersRoute() {
  return (
    <RequireAuth pending={<PageSpinner />}>
      <OrdersPage />
    </RequireAuth>
  );
}
