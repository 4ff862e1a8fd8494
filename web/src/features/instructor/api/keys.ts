import { useQueryClient, type QueryClient } from '@tanstack/react-query';

import type { CourseDetail } from '@/types/api';

/** The editor's copy of a course (with editor-only fields). */
export const editCourseKey = (id: string) => ['instructor', 'course', id] as const;

export const myCoursesKey = ['instructor', 'courses'] as const;

/** The instructor dashboard's figures (GET /instructor/dashboard). */
export const dashboardKey = ['instructor', 'dashboard'] as const;

/**
 * Every change made in the editor carries this mutation key, so the editor's
 * save indicator can watch them all ("Saving…", "All changes saved").
 */
export const editMutationKey = (id: string) => ['instructor', 'edit', id] as const;

/** Apply a change the server confirmed to the editor's copy of the course. */
export function useUpdateEditCache(courseId: string) {
  const queryClient = useQueryClient();
  return (update: (course: CourseDetail) => CourseDetail) =>
    queryClient.setQueryData<CourseDetail>(editCourseKey(courseId), (c) => (c ? update(c) : c));
}

/** Lists and landing pages elsewhere show this course: let them refetch. */
export function invalidateCourseViews(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: myCoursesKey });
  void queryClient.invalidateQueries({ queryKey: dashboardKey });
  void queryClient.invalidateQueries({ queryKey: ['courses'] });
}
