import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** A question in the instructor's inbox. */
export interface InboxQuestion {
  id: string;
  course: { id: string; title: string; slug: string };
  lecture: { id: string; title: string };
  user: { id: string; name: string };
  title: string;
  body: string;
  at_s: number | null;
  answer_count: number;
  created_at: string;
}

const inboxKey = ['instructor', 'questions'] as const;

/** GET /instructor/questions: questions in your courses you have not answered yet. */
export function useQuestionInbox() {
  return useQuery({
    queryKey: inboxKey,
    queryFn: ({ signal }) => api.get<{ items: InboxQuestion[]; next_cursor: string | null }>('/instructor/questions', { signal, query: { limit: 50 } }),
  });
}

export function useAnswerQuestion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { questionId: string; body: string }) => api.post(`/questions/${encodeURIComponent(v.questionId)}/answers`, { body: v.body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: inboxKey }),
  });
}
