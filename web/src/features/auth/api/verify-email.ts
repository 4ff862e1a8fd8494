import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { api } from '@/lib/api-client';
import { userQueryKey } from '@/lib/auth';
import type { AuthSession } from '@/types/api';

/**
 * A sign-up's link creates the account and answers with its session (which
 * starts here); an existing account's link answers 204.
 */
export async function verifyEmail(token: string): Promise<'created' | 'verified'> {
  const session = await api.post<AuthSession | undefined>('/auth/email/verify', { token });
  if (session?.access_token) {
    api.startSession(session);
    return 'created';
  }
  return 'verified';
}

// A POST run as a query on purpose: the page verifies on load, and a query runs
// once per token even when React mounts the page twice (StrictMode, back/forward).
// Tokens are single-use, so a second POST would report a spurious failure.
export const verifyEmailQueryOptions = (token: string) =>
  queryOptions({
    queryKey: ['auth', 'verify-email', token],
    queryFn: () => verifyEmail(token),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export function useVerifyEmail(token: string) {
  const queryClient = useQueryClient();
  const query = useQuery({ ...verifyEmailQueryOptions(token), enabled: token !== '' });
  const verified = query.isSuccess;
  // A signed-in user's cached profile still says "not verified".
  useEffect(() => {
    if (verified) void queryClient.invalidateQueries({ queryKey: userQueryKey, exact: true });
  }, [verified, queryClient]);
  return query;
}
