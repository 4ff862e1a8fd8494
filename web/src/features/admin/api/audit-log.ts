import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/types/api';

import type { AuditEntry } from '../types';

const PAGE_SIZE = 50;

export interface AuditFilter {
  action: string;
  actor: string;
}

/** GET /admin/audit-log?action=&actor=: newest first. */
export function getAuditLog({ cursor, filter, signal }: { cursor?: string; filter: AuditFilter; signal?: AbortSignal }) {
  return api.get<Page<AuditEntry>>('/admin/audit-log', {
    query: { cursor, limit: PAGE_SIZE, action: filter.action || undefined, actor: filter.actor || undefined },
    signal,
  });
}

export function useAuditLog(filter: AuditFilter = { action: '', actor: '' }) {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: ['admin', 'audit-log', filter],
      queryFn: ({ pageParam, signal }) => getAuditLog({ cursor: pageParam, filter, signal }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  );
}
