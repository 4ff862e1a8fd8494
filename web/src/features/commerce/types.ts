// The commerce shapes the API sends (orders, coupons, revenue), named as it names them.

export type OrderStatus = 'pending' | 'paid' | 'failed' | 'refunded' | 'partially_refunded';

export interface OrderItem {
  course_id: string;
  course_title: string;
  course_slug: string;
  /** The course's price when the order was made. */
  list_price_cents: number;
  /** What the buyer pays for it, after the coupon. */
  price_cents: number;
}

export interface Order {
  id: string;
  status: OrderStatus;
  subtotal_cents: number;
  discount_cents: number;
  total_cents: number;
  refunded_cents: number;
  currency: string;
  provider: 'local' | 'stripe' | string;
  provider_ref: string;
  /** Only while pending: where the buyer pays. */
  checkout_url?: string;
  items: OrderItem[];
  created_at: string;
  paid_at: string | null;
  refunded_at: string | null;
  /** The caller may refund it now (buyer within the window, or an admin). */
  refundable: boolean;
  refund_deadline: string | null;
  user_id: string;
}

export interface Coupon {
  id: string;
  code: string;
  course_id: string | null;
  percent_off: number | null;
  amount_off_cents: number | null;
  currency: string;
  max_redemptions: number | null;
  redemptions: number;
  expires_at: string | null;
  created_at: string;
}

export interface CouponInput {
  code: string;
  percent_off?: number;
  amount_off_cents?: number;
  currency?: string;
  max_redemptions?: number;
  /** RFC 3339. */
  expires_at?: string;
}

export interface RevenueFigures {
  currency: string;
  sales: number;
  gross_cents: number;
  /** The instructor's share, net of refunds. */
  earnings_cents: number;
  refunded_cents: number;
}

export interface RevenueDay extends RevenueFigures {
  /** YYYY-MM-DD (UTC). */
  date: string;
}

export interface RevenueCourse extends RevenueFigures {
  course_id: string;
  title: string;
}

/** GET /instructor/revenue. */
export interface Revenue {
  from: string;
  to: string;
  totals: RevenueFigures[];
  by_day: RevenueDay[];
  by_course: RevenueCourse[];
  /** Subscription revenue shared by watch time, per month (the open month first). */
  subscription: SubscriptionShare[];
}

export interface SubscriptionShare {
  /** YYYY-MM (UTC). */
  month: string;
  currency: string;
  seconds_watched: number;
  minutes_watched: number;
  amount_cents: number;
  /** false: the month is still running; its share is computed when it closes. */
  closed: boolean;
}

/** An instructor's money in one currency (minor units). */
export interface PayoutBalance {
  currency: string;
  /** May be paid out now. */
  available_cents: number;
  /** Sales still inside their refund window. */
  pending_cents: number;
  paid_out_cents: number;
}

export interface Payout {
  id: string;
  instructor_id: string;
  amount_cents: number;
  currency: string;
  method: string;
  reference: string;
  note: string;
  created_at: string;
}

/** GET /instructor/payouts. */
export interface MyPayouts {
  balances: PayoutBalance[];
  payouts: Payout[];
  refund_window_days: number;
  statement_url: string;
}

export interface Refund {
  amount_cents: number;
  reason: string;
  created_at: string;
}

/** GET /orders/{id}/receipt: a paid order, its buyer and every refund. */
export interface Receipt {
  order: Order;
  buyer: { id: string; name: string; email: string };
  refunds: Refund[];
  seller: string;
  issued_at: string;
}
