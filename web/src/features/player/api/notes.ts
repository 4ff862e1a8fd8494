import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** A private note at a time in a lecture. */
export interface Note {
  id: string;
  lecture_id: string;
  lecture_title: string;
  at_s: number;
  body: string;
  created_at: string;
}

const notesKey = (lectureId: string) => ['learn', 'notes', lectureId] as const;

export function useLectureNotes(lectureId: string) {
  return useQuery({
    queryKey: notesKey(lectureId),
    queryFn: ({ signal }) => api.get<{ items: Note[] }>(`/lectures/${encodeURIComponent(lectureId)}/notes`, { signal }),
    retry: false,
  });
}

export function useAddNote(lectureId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { at_s: number; body: string }) => api.post<Note>(`/lectures/${encodeURIComponent(lectureId)}/notes`, v),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notesKey(lectureId) }),
  });
}

export function useDeleteNote(lectureId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/notes/${encodeURIComponent(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notesKey(lectureId) }),
  });
}
