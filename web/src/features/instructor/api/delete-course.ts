import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { editCourseKey, invalidateCourseViews } from './keys';

export function deleteCourse(id: string): Promise<void> {
  return api.delete(`/courses/${encodeURIComponent(id)}`);
}

export function useDeleteCourse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCourse,
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: editCourseKey(id) });
      invalidateCourseViews(queryClient);
    },
  });
}
