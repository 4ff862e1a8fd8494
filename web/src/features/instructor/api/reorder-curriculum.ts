import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail, Section } from '@/types/api';

import { editCourseKey, editMutationKey, invalidateCourseViews } from './keys';

/** PUT /courses/{id}/curriculum: the complete new order of sections and lectures. */
export function reorderCurriculum(courseId: string, sections: Section[]): Promise<{ sections: Section[] }> {
  return api.put<{ sections: Section[] }>(`/courses/${encodeURIComponent(courseId)}/curriculum`, {
    sections: sections.map((s) => ({ id: s.id, lectures: s.lectures.map((l) => l.id) })),
  });
}

/**
 * Shows the new order at once and saves it behind the scenes. Saves run one
 * at a time in order (the mutation scope), so quick successive moves can't
 * land on the server out of order. If one fails, the editor reloads the
 * order the server has.
 */
export function useReorderCurriculum(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: editMutationKey(courseId),
    scope: { id: `curriculum-${courseId}` },
    mutationFn: (sections: Section[]) => reorderCurriculum(courseId, sections),
    onMutate: (sections) => {
      queryClient.setQueryData<CourseDetail>(editCourseKey(courseId), (c) => c && { ...c, sections });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: editCourseKey(courseId) }),
    onSuccess: () => invalidateCourseViews(queryClient),
  });
}
