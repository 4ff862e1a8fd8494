import { useMutation, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Course } from '@/types/api';

import type { Coupon, CouponInput } from '../types';

/** POST /courses/{id}/coupons (the course's instructor). */
export function createCoupon(courseId: string, input: CouponInput): Promise<Coupon> {
  return api.post<Coupon>(`/courses/${encodeURIComponent(courseId)}/coupons`, input);
}

export function useCreateCoupon() {
  return useMutation({ mutationFn: ({ courseId, input }: { courseId: string; input: CouponInput }) => createCoupon(courseId, input) });
}

/** GET /instructor/courses: the courses a coupon may be for. Same key as the dashboard's list. */
export function useInstructorCourses() {
  return useQuery({
    queryKey: ['instructor', 'courses'],
    queryFn: ({ signal }) => api.get<{ items: Course[] }>('/instructor/courses', { signal }),
    select: (d) => d.items,
  });
}
