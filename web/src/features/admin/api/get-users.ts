import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, User } from '@/types/api';

const PAGE_SIZE = 50;

export function getUsers({ q, cursor, signal }: { q: string; cursor?: string; signal?: AbortSignal }): Promise<Page<User>> {
  return api.get<Page<User>>('/admin/users', { query: { q, cursor, limit: PAGE_SIZE }, signal });
}

export const usersQueryKey = (q: string) => ['admin', 'users', { q }] as const;

export const usersQueryOptions = (q: string) =>
  infiniteQueryOptions({
    queryKey: usersQueryKey(q),
    queryFn: ({ pageParam, signal }) => getUsers({ q, cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useUsers(q: string) {
  return useInfiniteQuery(usersQueryOptions(q));
}
