import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** POST /reviews/{id}/report: once per user (409 already_reported), never your own (409 own_review). */
export function reportReview({ id, reason }: { id: string; reason: string }): Promise<void> {
  return api.post(`/reviews/${encodeURIComponent(id)}/report`, { reason });
}

export function useReportReview() {
  return useMutation({ mutationFn: reportReview });
}
