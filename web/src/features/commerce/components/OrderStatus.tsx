import type { OrderStatus } from '../types';

const labels: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
  paid: 'Paid',
  failed: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export function orderStatusLabel(status: string): string {
  return labels[status as OrderStatus] ?? status;
}

export function OrderStatusBadge({ status }: { status: string }) {
  const tone = status === 'paid' ? 'badge badge-ok' : status === 'pending' ? 'badge badge-warn' : 'badge';
  return (
    <span className={tone} data-testid="order-status" data-status={status}>
      {orderStatusLabel(status)}
    </span>
  );
}
