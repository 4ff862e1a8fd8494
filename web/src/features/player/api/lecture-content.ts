import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** GET /lectures/{id}/content: what an article says, for entitled viewers. */
export interface LectureContent {
  id: string;
  title: string;
  kind: 'video' | 'article';
  duration_s: number;
  is_preview: boolean;
  /** Rendered from Markdown and sanitised by the server: safe to insert as HTML. */
  body_html: string;
}

export function useLectureContent(lectureId: string) {
  return useQuery({
    queryKey: ['learn', 'content', lectureId],
    queryFn: ({ signal }) => api.get<LectureContent>(`/lectures/${encodeURIComponent(lectureId)}/content`, { signal }),
    retry: false,
    refetchOnWindowFocus: false,
  });
}
