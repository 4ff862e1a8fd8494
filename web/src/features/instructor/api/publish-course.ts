import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { editCourseKey, invalidateCourseViews } from './keys';

/**
 * POST /courses/{id}/publish, or /unpublish. A course that is not ready
 * fails with 422 and one field error per missing thing (the checklist).
 */
export function setPublished(id: string, publish: boolean): Promise<CourseDetail> {
  return api.post<CourseDetail>(`/courses/${encodeURIComponent(id)}/${publish ? 'publish' : 'unpublish'}`);
}

export function usePublishCourse(id: string) {
  const queryClient = useQueryClient();
  // No edit mutation key: a refusal to publish is a checklist, not a failed save.
  return useMutation({
    mutationFn: (publish: boolean) => setPublished(id, publish),
    onSuccess: (course) => {
      queryClient.setQueryData(editCourseKey(id), course);
      invalidateCourseViews(queryClient);
    },
  });
}
