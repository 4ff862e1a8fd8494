import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/types/api';

import type { AuditEntry } from '../types';

const PAGE_SIZE = 50;

/** GET /admin/audit-log: newest first. */
export function getAuditLog({ cursor, signal }: { cursor?: string; signal?: AbortSignal }) {
  return api.get<Page<AuditEntry>>('/admin/audit-log', { query: { cursor, limit: PAGE_SIZE }, signal });
}

export function useAuditLog() {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: ['admin', 'audit-log'],
      queryFn: ({ pageParam, signal }) => getAuditLog({ cursor: pageParam, signal }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  );
}
