// Shapes of the admin endpoints (DESIGN.md §3, "Reviews and moderation" and "Admin").

import type { Course } from '@/types/api';

export type ModerationStatus = 'flagged' | 'hidden' | 'visible';

/** A review as moderators see it: with how often it was reported and why it was flagged. */
export interface ModeratedReview {
  id: string;
  course_id: string;
  user: { id: string; name: string };
  rating: number;
  comment: string;
  status: ModerationStatus;
  instructor_reply: string;
  replied_at: string | null;
  created_at: string;
  updated_at: string;
  /** Omitted by the server when 0. */
  report_count?: number;
  /** Omitted when empty, e.g. "contains a banned word". */
  flag_reason?: string;
}

export interface AuditEntry {
  id: string;
  actor: { id: string; name: string };
  action: string;
  /** "course:12", "review:7", "user:3", "order:9" */
  subject: string;
  /** The user's name, the course's title, the review's course; "" when none. */
  subject_name?: string;
  detail: string;
  at: string;
}

/** River's job states → how many jobs are in each. */
export type JobCounts = Partial<Record<'available' | 'running' | 'retryable' | 'completed' | 'discarded' | 'cancelled' | 'scheduled' | 'pending', number>> &
  Record<string, number>;

export interface SystemStatus {
  /** "ok", or "unavailable: …" */
  database: string;
  storage: string;
  jobs: JobCounts;
  videos: Partial<Record<'uploading' | 'queued' | 'processing' | 'failed', number>> & Record<string, number>;
  ffmpeg: { found: boolean; version: string; error?: string };
  /** Free space where this node writes (uploads, transcode scratch, local media), by what it holds. */
  disk?: DiskSpace[];
  /** Conditions to act on, e.g. low disk space (new uploads are refused). */
  warnings?: string[];
  version: string;
  checked_at: string;
  /** Videos that belong to no lecture, older than a day (left out of `videos`). */
  orphan_videos?: number;
}

export interface DiskSpace {
  name: string;
  free_bytes: number;
  total_bytes: number;
  low: boolean;
}

/** An admin's course row; `featured` is what this console last set (the list does not say yet). */
export type AdminCourse = Course & { featured?: boolean };

export type OrderStatus = 'pending' | 'paid' | 'failed' | 'refunded' | 'partially_refunded';

export interface AdminOrder {
  id: string;
  status: OrderStatus | string;
  subtotal_cents?: number;
  discount_cents?: number;
  total_cents: number;
  refunded_cents: number;
  currency: string;
  provider: string;
  provider_ref?: string;
  items: { course_id: string; course_title: string; course_slug?: string; price_cents: number }[];
  created_at: string;
  paid_at: string | null;
  refunded_at?: string | null;
  refundable: boolean;
  user_id: string;
  /** Who bought (admin lists). */
  buyer?: { id: string; name: string; email: string };
  /** The latest refund's reason (admin lists). */
  refund_reason?: string;
}

/** GET /admin/orders/{id}: an order with its payment, refunds and what became of each course. */
export interface AdminOrderDetail extends Omit<AdminOrder, 'items'> {
  items: { course_id: string; course_title: string; course_slug?: string; price_cents: number; refunded_cents: number; revoked: boolean }[];
  payments: { provider: string; reference: string; amount_cents: number; currency: string; paid_at: string | null }[];
  refunds: { id: string; amount_cents: number; reason: string; provider_ref: string; by: { id: string; name: string } | null; created_at: string }[];
}

/** POST /admin/orders/{id}/refunds: chosen courses (each in full) or an amount. */
export interface PartialRefundInput {
  course_ids?: string[];
  amount_cents?: number;
  reason: string;
  key: string;
}

/** GET /admin/payouts: one instructor's money in one currency (minor units). */
export interface InstructorBalance {
  instructor: { id: string; name: string; email: string };
  currency: string;
  available_cents: number;
  pending_cents: number;
  paid_out_cents: number;
}

/** POST /admin/payouts. */
export interface PayoutInput {
  instructor_id: string;
  amount_cents: number;
  currency: string;
  method: string;
  reference: string;
  note: string;
}

/** Sales in one currency over a period (minor units). */
export interface SalesFigure {
  currency: string;
  orders: number;
  total_cents: number;
}

/** GET /admin/overview: the dashboard's figures. */
export interface AdminOverview {
  sales_today: SalesFigure[];
  sales_30d: SalesFigure[];
  new_users_today: number;
  new_users_30d: number;
  users: number;
  /** Flagged reviews waiting for an admin. */
  pending_moderation: number;
  /** Visible reviews someone reported. */
  reported_reviews: number;
  flagged_posts: number;
  reported_posts: number;
  published_courses: number;
  draft_courses: number;
  jobs: JobCounts;
  disk: DiskSpace[];
  warnings: string[];
  orphan_videos: number;
  today: string;
  since_30d: string;
}

/** GET /admin/users/{id}: one user's page. */
export interface AdminUserDetail {
  user: import('@/types/api').User;
  orders: AdminOrder[];
  enrollments: { course: Course; source: string; created_at: string }[];
  teaches: Course[];
  audit: AuditEntry[];
}

/** One refund of a subscription payment. */
export interface SubscriptionRefund {
  id: string;
  amount_cents: number;
  status: 'pending' | 'done';
  reason: string;
  /** Done after the payment's month closed: no closed pool figure changed (the platform bore it). */
  after_close: boolean;
  ended_access: boolean;
  created_at: string;
}

/** One subscription payment (an invoice paid or failed) with its refunds. */
export interface SubscriptionPayment {
  id: string;
  provider?: string;
  invoice: string;
  status: 'paid' | 'failed';
  amount_cents: number;
  refunded_cents: number;
  currency: string;
  period_start: string | null;
  period_end: string | null;
  occurred_at: string;
  refunds: SubscriptionRefund[];
}

/** GET /admin/users/{id}/subscription-payments */
export interface SubscriptionPayments {
  subscription: { id: string; plan: string; interval: string; status: string; provider: string; access_until: string | null } | null;
  items: SubscriptionPayment[];
}

/** POST /admin/subscription-payments/{id}/refunds */
export interface SubscriptionRefundInput {
  amount_cents?: number;
  reason: string;
  key: string;
  end_access?: boolean;
}
