import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** One caption track of a lecture's video, as its editor sees it. */
export interface CaptionTrack {
  language: string;
  label: string;
}

/** The server's limit (PUT answers 413 beyond it); checked here first to save the upload. */
export const CAPTION_MAX_BYTES = 1024 * 1024;

/** Tracks belong to a video: a new upload starts without them. */
export const captionsKey = (lectureId: string, videoId: string) => ['instructor', 'captions', lectureId, videoId] as const;

/** GET /lectures/{id}/captions. */
export async function getCaptions(lectureId: string, signal?: AbortSignal): Promise<CaptionTrack[]> {
  const res = await api.get<{ items: CaptionTrack[] }>(`/lectures/${encodeURIComponent(lectureId)}/captions`, { signal });
  return res.items;
}

export function useCaptions(lectureId: string, videoId: string) {
  return useQuery(
    queryOptions({
      queryKey: captionsKey(lectureId, videoId),
      queryFn: ({ signal }) => getCaptions(lectureId, signal),
    }),
  );
}

/** PUT /lectures/{id}/captions/{lang}: the WebVTT or SRT file itself is the body. */
export function putCaption(lectureId: string, language: string, label: string, file: File): Promise<CaptionTrack> {
  const q = label ? `?label=${encodeURIComponent(label)}` : '';
  return api.put<CaptionTrack>(`/lectures/${encodeURIComponent(lectureId)}/captions/${encodeURIComponent(language)}${q}`, file);
}

export function useCaptionMutations(lectureId: string, videoId: string) {
  const queryClient = useQueryClient();
  const key = captionsKey(lectureId, videoId);
  const put = useMutation({
    mutationFn: (v: { language: string; label: string; file: File }) => putCaption(lectureId, v.language, v.label, v.file),
    onSuccess: (track) =>
      queryClient.setQueryData<CaptionTrack[]>(key, (ts = []) =>
        [...ts.filter((t) => t.language !== track.language), track].sort((a, b) => a.language.localeCompare(b.language)),
      ),
  });
  const remove = useMutation({
    mutationFn: (language: string) => api.delete(`/lectures/${encodeURIComponent(lectureId)}/captions/${encodeURIComponent(language)}`),
    onSuccess: (_, language) => queryClient.setQueryData<CaptionTrack[]>(key, (ts = []) => ts.filter((t) => t.language !== language)),
  });
  return { put, remove };
}
