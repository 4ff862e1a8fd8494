import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** One thing a course lacks before it may be published (a field error of a refused publish). */
export interface ChecklistItem {
  field: string;
  message: string;
}

export interface PublishChecklist {
  ready: boolean;
  items: ChecklistItem[];
}

export const checklistKey = (courseId: string) => ['instructor', 'checklist', courseId] as const;

/** GET /courses/{id}/publish-checklist: the server's own publish rules, asked without publishing. */
export function getPublishChecklist(courseId: string, signal?: AbortSignal): Promise<PublishChecklist> {
  return api.get<PublishChecklist>(`/courses/${encodeURIComponent(courseId)}/publish-checklist`, { signal });
}

export function usePublishChecklist(courseId: string) {
  return useQuery({
    queryKey: checklistKey(courseId),
    queryFn: ({ signal }) => getPublishChecklist(courseId, signal),
    // Refetched after every save (see PublishPanel), not on a timer.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
