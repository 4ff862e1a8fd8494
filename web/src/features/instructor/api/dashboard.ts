import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseStatus } from '@/types/api';

import { dashboardKey } from './keys';

/** An instructor's share of sales in one currency, net of refunds: all time and in the recent window. */
export interface Earnings {
  currency: string;
  sales: number;
  earnings_cents: number;
  /** What refunds cost the instructor (their share of the money returned). */
  refunded_cents: number;
  recent_sales: number;
  recent_earnings_cents: number;
  recent_refunded_cents: number;
}

export interface DashboardBalance {
  currency: string;
  available_cents: number;
  pending_cents: number;
  paid_out_cents: number;
}

export interface DashboardReview {
  id: string;
  course: { id: string; title: string; slug: string };
  student_name: string;
  rating: number;
  comment: string;
  created_at: string;
}

export interface DashboardCourse {
  id: string;
  title: string;
  slug: string;
  status: CourseStatus;
  students: number;
  rating_avg: number;
  rating_count: number;
  earnings: Earnings[];
}

/** GET /instructor/dashboard: the caller's own figures; "recent" is the last window_days days. */
export interface InstructorDashboard {
  since: string;
  window_days: number;
  students: number;
  new_students: number;
  earnings: Earnings[];
  balances: DashboardBalance[];
  rating_avg: number;
  rating_count: number;
  recent_reviews: DashboardReview[];
  unanswered_questions: number;
  courses: DashboardCourse[];
}

export function useInstructorDashboard() {
  return useQuery({
    queryKey: dashboardKey,
    queryFn: ({ signal }) => api.get<InstructorDashboard>('/instructor/dashboard', { signal }),
  });
}
