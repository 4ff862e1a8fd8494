import { Link } from 'react-router';


import type { Order } from '../types';
import { formatAmount } from '../utils/money';

/** The order's courses and what was paid: list price, discount, total (and refunds). */
export function OrderSummary({ order, linkCourses = true }: { order: Order; linkCourses?: boolean }) {
  const money = (cents: number) => formatAmount(cents, order.currency);
  return (
    <div className="order-summary">
      <ul className="order-lines" aria-label="Courses in this order">
        {order.items.map((it) => (
          <li key={it.course_id} className="order-line">
            <span className="order-line-title">
              {linkCourses ? <Link to={`/courses/${encodeURIComponent(it.course_slug)}`}>{it.course_title}</Link> : it.course_title}
            </span>
            <span className="order-line-price">
              {it.price_cents !== it.list_price_cents && (
                <>
                  <s aria-hidden="true" className="muted">
                    {money(it.list_price_cents)}
                  </s>
                  <span className="sr-only">was {money(it.list_price_cents)}, now</span>{' '}
                </>
              )}
              {money(it.price_cents)}
            </span>
          </li>
        ))}
      </ul>
      <dl className="order-totals">
        {order.discount_cents > 0 && (
          <>
            <dt>Subtotal</dt>
            <dd>{money(order.subtotal_cents)}</dd>
            <dt>Coupon</dt>
            <dd>−{money(order.discount_cents)}</dd>
          </>
        )}
        <dt className="order-total-label">Total</dt>
        <dd className="order-total" data-testid="order-total">
          {money(order.total_cents)}
        </dd>
        {order.refunded_cents > 0 && (
          <>
            <dt>Refunded</dt>
            <dd>{money(order.refunded_cents)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
