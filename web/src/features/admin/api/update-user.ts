import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { userQueryKey } from '@/lib/auth';
import type { Page, User } from '@/types/api';

export interface UpdateUserInput {
  id: string;
  /** The complete new list of roles. */
  roles?: string[];
  disabled?: boolean;
}

export function updateUser({ id, ...changes }: UpdateUserInput): Promise<User> {
  return api.patch<User>(`/admin/users/${encodeURIComponent(id)}`, changes);
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: (updated) => {
      // Swap the row in every loaded search, without refetching (and reordering) the list.
      queryClient.setQueriesData<InfiniteData<Page<User>>>({ queryKey: ['admin', 'users'] }, (data) =>
        data && {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((u) => (u.id === updated.id ? updated : u)),
          })),
        },
      );
      void queryClient.invalidateQueries({ queryKey: ['admin', 'user', updated.id] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
      const me = queryClient.getQueryData<User | null>(userQueryKey);
      if (me && me.id === updated.id) queryClient.setQueryData(userQueryKey, updated);
    },
  });
}
