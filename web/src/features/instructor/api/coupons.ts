import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** A coupon of one course, as GET /courses/{id}/coupons sends it. */
export interface CourseCoupon {
  id: string;
  code: string;
  percent_off: number | null;
  amount_off_cents: number | null;
  currency: string;
  max_redemptions: number | null;
  redemptions: number;
  expires_at: string | null;
  created_at: string;
  disabled_at: string | null;
}

export const courseCouponsKey = (courseId: string) => ['instructor', 'coupons', courseId] as const;

export function getCourseCoupons(courseId: string, signal?: AbortSignal): Promise<CourseCoupon[]> {
  return api.get<{ items: CourseCoupon[] }>(`/courses/${encodeURIComponent(courseId)}/coupons`, { signal }).then((d) => d.items);
}

export function useCourseCoupons(courseId: string) {
  return useQuery({ queryKey: courseCouponsKey(courseId), queryFn: ({ signal }) => getCourseCoupons(courseId, signal) });
}

/** POST /coupons/{id}/disable: checkout refuses the code from then on; its redemptions stay counted. */
export function disableCoupon(id: string): Promise<CourseCoupon> {
  return api.post<CourseCoupon>(`/coupons/${encodeURIComponent(id)}/disable`);
}

export function useDisableCoupon(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableCoupon,
    onSuccess: (coupon) =>
      queryClient.setQueryData<CourseCoupon[]>(courseCouponsKey(courseId), (list) => list?.map((c) => (c.id === coupon.id ? coupon : c))),
  });
}
