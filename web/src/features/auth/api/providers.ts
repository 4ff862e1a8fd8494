import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { SignInResult } from '@/types/api';

import { startIfSession } from './login';

export interface Provider {
  id: string;
  name: string;
}

export const providersQueryOptions = () =>
  queryOptions({
    queryKey: ['auth', 'providers'],
    queryFn: () => api.get<{ items: Provider[] }>('/auth/providers').then((r) => r.items),
    staleTime: 5 * 60_000,
  });

export function useProviders() {
  return useQuery(providersQueryOptions());
}

/** Where the browser goes to sign in with a provider (a full page navigation). */
export function providerStartURL(id: string): string {
  return `/api/v1/auth/oidc/${encodeURIComponent(id)}/start`;
}

/** Trades the one-time code of a provider callback for a session (or a challenge). */
export function useExchangeCode() {
  return useMutation({
    mutationFn: (code: string) => api.post<SignInResult>('/auth/oidc/exchange', { code }).then(startIfSession),
  });
}

/** Links a provider to the account with its email by entering that account's password. */
export function useLinkWithPassword() {
  return useMutation({
    mutationFn: (input: { link_token: string; password: string }) => api.post<SignInResult>('/auth/oidc/link', input).then(startIfSession),
  });
}
