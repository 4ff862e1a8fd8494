import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

/**
 * A course's title and slug for a moderation row: the review only carries
 * course_id. One request per course, shared by every row and cached.
 */
export function useCourseLabel(courseId: string) {
  return useQuery({
    queryKey: ['admin', 'course-label', courseId],
    queryFn: ({ signal }) => api.get<CourseDetail>(`/courses/${encodeURIComponent(courseId)}`, { signal }),
    select: (c) => ({ title: c.title, slug: c.slug }),
    staleTime: 5 * 60_000,
    retry: false,
  });
}
