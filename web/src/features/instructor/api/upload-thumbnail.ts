import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { editCourseKey, editMutationKey, invalidateCourseViews } from './keys';

export const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024;

/** PUT /courses/{id}/thumbnail with the image itself as the body. */
export function uploadThumbnail(id: string, file: File): Promise<CourseDetail> {
  return api.put<CourseDetail>(`/courses/${encodeURIComponent(id)}/thumbnail`, file);
}

export function useUploadThumbnail(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: editMutationKey(id),
    mutationFn: (file: File) => uploadThumbnail(id, file),
    onSuccess: (course) => {
      queryClient.setQueryData(editCourseKey(id), course);
      invalidateCourseViews(queryClient);
    },
  });
}
