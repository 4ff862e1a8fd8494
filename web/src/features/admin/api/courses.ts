import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail, CourseStatus } from '@/types/api';

import type { AdminCourse } from '../types';

/** The server's page limit; there is no cursor on this list, so search narrows it. */
export const COURSE_LIMIT = 100;

/** GET /admin/courses?status=&q=: every course, whatever its status. */
export function getAdminCourses({ status, q, signal }: { status: CourseStatus | ''; q: string; signal?: AbortSignal }) {
  return api.get<{ items: AdminCourse[] }>('/admin/courses', { query: { status, q, limit: COURSE_LIMIT }, signal });
}

const coursesKey = (status: string, q: string) => ['admin', 'courses', { status, q }] as const;

export function useAdminCourses(status: CourseStatus | '', q: string) {
  return useQuery(
    queryOptions({
      queryKey: coursesKey(status, q),
      queryFn: ({ signal }) => getAdminCourses({ status, q, signal }),
      select: (d) => d.items,
      placeholderData: keepPreviousData,
    }),
  );
}

/**
 * Which courses are featured. Admin course items do not say (an API gap), but
 * the public catalog lists featured published courses (`?featured=true`, at
 * most 50), and only published ones show on the home page anyway.
 */
export function useFeaturedIds() {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'featured'],
      queryFn: ({ signal }) => api.get<{ items: { id: string }[] }>('/courses', { query: { featured: 'true', limit: 50 }, signal }),
      select: (d) => new Set(d.items.map((c) => c.id)),
    }),
  );
}

/** Replace a course in every loaded admin list, keeping what this console knows (featured). */
function useSwapCourse() {
  const queryClient = useQueryClient();
  return (updated: Partial<AdminCourse> & { id: string }) =>
    queryClient.setQueriesData<{ items: AdminCourse[] }>({ queryKey: ['admin', 'courses'] }, (data) =>
      data && { ...data, items: data.items.map((c) => (c.id === updated.id ? { ...c, ...updated } : c)) },
    );
}

/** PATCH /admin/courses/{id} {featured}. */
export function setFeatured({ id, featured }: { id: string; featured: boolean }) {
  return api.patch<AdminCourse>(`/admin/courses/${encodeURIComponent(id)}`, { featured });
}

export function useSetFeatured() {
  const swap = useSwapCourse();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setFeatured,
    onSuccess: (course, { featured }) => {
      // The response is the course; it has no `featured` field (yet), so what
      // was asked for and accepted is what we show.
      swap({ ...course, featured: course.featured ?? featured });
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'featured'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}

/** POST /courses/{id}/unpublish: out of the catalog; enrolled students keep access. */
export function unpublishCourse(id: string) {
  return api.post<CourseDetail>(`/courses/${encodeURIComponent(id)}/unpublish`);
}

export function useUnpublishCourse() {
  const swap = useSwapCourse();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: unpublishCourse,
    onSuccess: (course) => {
      swap({ id: course.id, status: course.status, published_at: course.published_at });
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    },
  });
}
