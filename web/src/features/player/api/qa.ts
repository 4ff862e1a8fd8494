import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** An answer to a lecture question. */
export interface Answer {
  id: string;
  question_id: string;
  user: { id: string; name: string };
  body: string;
  by_instructor: boolean;
  accepted: boolean;
  upvotes: number;
  voted: boolean;
  status: string;
  created_at: string;
}

/** A question on a lecture, with its answers. */
export interface Question {
  id: string;
  course: { id: string; title: string; slug: string };
  lecture: { id: string; title: string };
  user: { id: string; name: string };
  title: string;
  body: string;
  at_s: number | null;
  by_instructor: boolean;
  upvotes: number;
  voted: boolean;
  answer_count: number;
  accepted_answer_id: string | null;
  status: string;
  answers: Answer[];
  created_at: string;
}

export interface QuestionList {
  items: Question[];
  next_cursor: string | null;
}

const qaKey = (lectureId: string, q: string) => ['learn', 'qa', lectureId, q] as const;

export function useLectureQuestions(lectureId: string, q: string) {
  return useQuery({
    queryKey: qaKey(lectureId, q),
    queryFn: ({ signal }) =>
      api.get<QuestionList>(`/lectures/${encodeURIComponent(lectureId)}/questions${q ? `?q=${encodeURIComponent(q)}` : ''}`, { signal }),
    retry: false,
  });
}

function useQAMutation<T>(lectureId: string, fn: (v: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['learn', 'qa', lectureId] }),
  });
}

export function useAsk(lectureId: string) {
  return useQAMutation(lectureId, (v: { title: string; body: string; at_s: number | null }) =>
    api.post<Question>(`/lectures/${encodeURIComponent(lectureId)}/questions`, v),
  );
}

export function useAnswer(lectureId: string) {
  return useQAMutation(lectureId, (v: { questionId: string; body: string }) =>
    api.post<Answer>(`/questions/${encodeURIComponent(v.questionId)}/answers`, { body: v.body }),
  );
}

export function useAccept(lectureId: string) {
  return useQAMutation(lectureId, (answerId: string) => api.post(`/answers/${encodeURIComponent(answerId)}/accept`));
}

export function useVote(lectureId: string) {
  return useQAMutation(lectureId, (v: { kind: 'questions' | 'answers'; id: string }) => api.post(`/${v.kind}/${encodeURIComponent(v.id)}/vote`));
}
