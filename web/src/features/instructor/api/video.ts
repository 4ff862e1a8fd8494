import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';

import { ApiError, api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { editCourseKey } from './keys';
import { subscribeVideoEvents, videoEventsConnected, onVideoEventsConnection } from './video-events';

export type VideoStatus = 'uploading' | 'queued' | 'processing' | 'ready' | 'failed';

export interface Rendition {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
}

/** GET /lectures/{id}/video: the instructor's view of a lecture's newest video. */
export interface LectureVideo {
  id: string;
  lecture_id: string | null;
  status: VideoStatus;
  /** 0..1 while processing. */
  progress: number;
  duration_s: number;
  width: number;
  height: number;
  renditions: Rendition[];
  /** Why processing failed, written for the instructor. */
  error: string;
  filename: string;
  size_bytes: number;
  created_at: string;
  updated_at: string;
}

export const lectureVideoKey = (lectureId: string) => ['instructor', 'video', lectureId] as const;

/** The lecture's video, or null when nothing was uploaded (404 no_video). */
export async function getLectureVideo(lectureId: string, signal?: AbortSignal): Promise<LectureVideo | null> {
  try {
    return await api.get<LectureVideo>(`/lectures/${encodeURIComponent(lectureId)}/video`, { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.code === 'no_video') return null;
    throw err;
  }
}

const settled = (v: LectureVideo | null | undefined) => !v || v.status === 'ready' || v.status === 'failed';

/**
 * A lecture's video, kept live: Server-Sent Events push every change; while
 * the stream is down and the video is still being processed, it is polled
 * every 2 s instead (every 5 s as a safety net while the stream is up).
 */
export function useLectureVideo(lectureId: string, courseId: string) {
  const queryClient = useQueryClient();
  const connected = useSyncExternalStore(onVideoEventsConnection, videoEventsConnected);
  const query = useQuery(
    queryOptions({
      queryKey: lectureVideoKey(lectureId),
      queryFn: ({ signal }) => getLectureVideo(lectureId, signal),
      refetchOnWindowFocus: false,
      // The stream may drop events (the server skips some for a slow reader, and
      // the last one could be among them), so a video still processing is also
      // polled now and then while the stream is up.
      refetchInterval: (q) => (q.state.data && !settled(q.state.data) ? (connected ? 5000 : 2000) : false),
    }),
  );

  useEffect(
    () =>
      subscribeVideoEvents((v) => {
        if (v.lecture_id !== lectureId) return;
        const before = queryClient.getQueryData<LectureVideo | null>(lectureVideoKey(lectureId));
        // Events about an older upload of this lecture are history.
        if (before && before.id !== v.id && Number(v.id) < Number(before.id)) return;
        queryClient.setQueryData(lectureVideoKey(lectureId), v);
        if (before?.status !== v.status) {
          // The editor's copy of the course shows the status too (and publishing needs "ready").
          queryClient.setQueryData<CourseDetail>(editCourseKey(courseId), (c) =>
            c && {
              ...c,
              sections: c.sections.map((s) => ({
                ...s,
                lectures: s.lectures.map((l) =>
                  l.id === lectureId ? { ...l, video: { id: v.id, status: v.status }, duration_s: v.status === 'ready' ? Math.round(v.duration_s) : l.duration_s } : l,
                ),
              })),
            },
          );
        }
      }, () => void queryClient.invalidateQueries({ queryKey: lectureVideoKey(lectureId) })),
    [lectureId, courseId, queryClient],
  );

  return query;
}
