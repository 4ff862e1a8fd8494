import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { progressKey } from './progress';
import type { LearnerQuiz, QuizResult } from './types';

export const quizKey = (lectureId: string) => ['learn', 'quiz', lectureId] as const;

export function getQuiz(lectureId: string, signal?: AbortSignal): Promise<LearnerQuiz> {
  return api.get<LearnerQuiz>(`/lectures/${encodeURIComponent(lectureId)}/quiz`, { signal });
}

export function useQuiz(lectureId: string) {
  return useQuery({ queryKey: quizKey(lectureId), queryFn: ({ signal }) => getQuiz(lectureId, signal), retry: false, refetchOnWindowFocus: false });
}

export function submitQuiz(lectureId: string, answers: Record<string, string[]>): Promise<QuizResult> {
  return api.post<QuizResult>(`/lectures/${encodeURIComponent(lectureId)}/quiz/attempts`, { answers });
}

/** Submit answers; a pass completes the lecture, so progress is read again. */
export function useSubmitQuiz(lectureId: string, courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answers: Record<string, string[]>) => submitQuiz(lectureId, answers),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: quizKey(lectureId) });
      void queryClient.invalidateQueries({ queryKey: progressKey(courseId) });
    },
  });
}
