// Course announcements: the instructor posts them from the course editor and
// enrolled students read them on the course page, so they live in lib.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export interface Announcement {
  id: string;
  course_id: string;
  title: string;
  body_md: string;
  /** Rendered and sanitised by the server. */
  body_html: string;
  author: { id: string; name: string };
  created_at: string;
  /** Students emailed so far; emailed_at is set once all have been. */
  delivered: number;
  emailed_at: string | null;
}

interface AnnouncementList {
  items: Announcement[];
  next_cursor: string | null;
}

const key = (courseId: string) => ['announcements', courseId] as const;

/** GET /courses/{id}/announcements (students who may learn from the course, its instructor). */
export function useAnnouncements(courseId: string, enabled = true) {
  return useQuery({
    queryKey: key(courseId),
    queryFn: ({ signal }) => api.get<AnnouncementList>(`/courses/${encodeURIComponent(courseId)}/announcements`, { signal }),
    enabled,
  });
}

export function usePostAnnouncement(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; body_md: string }) => api.post<Announcement>(`/courses/${encodeURIComponent(courseId)}/announcements`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key(courseId) }),
  });
}
