import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { courseQueryKey } from './get-course';

/** POST /courses/{id}/enroll: free courses only; paid ones answer 409. */
export function enroll(courseId: string): Promise<CourseDetail> {
  return api.post<CourseDetail>(`/courses/${encodeURIComponent(courseId)}/enroll`);
}

export function useEnroll(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: enroll,
    onSuccess: (course) => {
      queryClient.setQueryData(courseQueryKey(slug), course);
      // "My learning" lists it now.
      void queryClient.invalidateQueries({ queryKey: ['me', 'enrollments'] });
    },
  });
}
