import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** A quiz as its instructor edits it: with the key and explanations. */
export interface EditableAnswer {
  id?: string;
  body: string;
  correct: boolean;
  explanation: string;
}

export interface EditableQuestion {
  id?: string;
  prompt: string;
  multiple: boolean;
  answers: EditableAnswer[];
}

export interface EditableQuiz {
  pass_percent: number;
  questions: EditableQuestion[];
}

const quizEditKey = (lectureId: string) => ['instructor', 'quiz', lectureId] as const;

export function getEditableQuiz(lectureId: string, signal?: AbortSignal): Promise<EditableQuiz> {
  return api.get<EditableQuiz>(`/lectures/${encodeURIComponent(lectureId)}/quiz/edit`, { signal });
}

export function useEditableQuiz(lectureId: string, enabled: boolean) {
  return useQuery({ queryKey: quizEditKey(lectureId), queryFn: ({ signal }) => getEditableQuiz(lectureId, signal), enabled, refetchOnWindowFocus: false });
}

export function useSaveQuiz(lectureId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (quiz: EditableQuiz) => api.put<EditableQuiz>(`/lectures/${encodeURIComponent(lectureId)}/quiz`, quiz),
    onSuccess: (saved) => {
      queryClient.setQueryData(quizEditKey(lectureId), saved);
      // A quiz without questions is on the publish checklist.
      void queryClient.invalidateQueries({ queryKey: ['instructor', 'checklist'] });
    },
  });
}
