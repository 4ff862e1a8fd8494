import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { percentComplete } from '@/lib/format';

import type { CompletionResult, CourseProgress, LectureProgress, ProgressReport } from './types';

export const progressKey = (courseId: string) => ['learn', 'progress', courseId] as const;

export function getCourseProgress(courseId: string, signal?: AbortSignal): Promise<CourseProgress> {
  return api.get<CourseProgress>(`/courses/${encodeURIComponent(courseId)}/progress`, { signal });
}

/** The signed-in student's progress; disabled for visitors (previews have none). */
export function useCourseProgress(courseId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: progressKey(courseId ?? ''),
    queryFn: ({ signal }) => getCourseProgress(courseId ?? '', signal),
    enabled: enabled && !!courseId,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function putProgress(lectureId: string, report: ProgressReport): Promise<LectureProgress> {
  return api.put<LectureProgress>(`/lectures/${encodeURIComponent(lectureId)}/progress`, report);
}

/**
 * The last report of a page being closed: fetch with keepalive outlives the
 * page (sendBeacon cannot send the bearer token). Best effort by nature.
 */
export function putProgressOnExit(lectureId: string, report: ProgressReport) {
  const token = api.accessToken();
  if (!token) return;
  void fetch(`/api/v1/lectures/${encodeURIComponent(lectureId)}/progress`, {
    method: 'PUT',
    keepalive: true,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(report),
  }).catch(() => undefined);
}

/** Put a lecture's confirmed progress into the course's progress (ticks in the sidebar). */
export function mergeLectureProgress(queryClient: QueryClient, courseId: string, p: LectureProgress) {
  queryClient.setQueryData<CourseProgress>(progressKey(courseId), (old) => {
    if (!old) return old;
    const found = old.lectures.some((l) => l.lecture_id === p.lecture_id);
    const lectures = found ? old.lectures.map((l) => (l.lecture_id === p.lecture_id ? { ...l, ...p } : l)) : [...old.lectures, p];
    const done = lectures.filter((l) => l.completed).length;
    return { ...old, lectures, percent: found ? percentComplete(done, lectures.length) : old.percent };
  });
}

/** "Mark as done" for an article. */
export function useMarkDone(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lectureId: string) => putProgress(lectureId, { position_s: 0, watched_s: 0, completed: true }),
    onSuccess: (p) => {
      mergeLectureProgress(queryClient, courseId, p);
      // The last lecture may have issued the certificate.
      void queryClient.invalidateQueries({ queryKey: progressKey(courseId) });
    },
  });
}

export function putCompletion(lectureId: string, completed: boolean): Promise<CompletionResult> {
  return api.put<CompletionResult>(`/lectures/${encodeURIComponent(lectureId)}/completion`, { completed });
}

/** The sidebar checkbox: mark a video or article complete (or not) by hand. */
export function useToggleComplete(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ lectureId, completed }: { lectureId: string; completed: boolean }) => putCompletion(lectureId, completed),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: progressKey(courseId) }),
  });
}
