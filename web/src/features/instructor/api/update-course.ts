import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { editCourseKey, editMutationKey, invalidateCourseViews } from './keys';

/** PATCH /courses/{id}: only the fields given change; category "" clears it. */
export interface CourseChanges {
  title?: string;
  subtitle?: string;
  description_md?: string;
  language?: string;
  level?: string;
  category?: string;
  price_cents?: number;
  currency?: string;
}

export function updateCourse(id: string, changes: CourseChanges): Promise<CourseDetail> {
  return api.patch<CourseDetail>(`/courses/${encodeURIComponent(id)}`, changes);
}

export function useUpdateCourse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: editMutationKey(id),
    mutationFn: (changes: CourseChanges) => updateCourse(id, changes),
    onSuccess: (course) => {
      queryClient.setQueryData(editCourseKey(id), course);
      invalidateCourseViews(queryClient);
    },
  });
}
