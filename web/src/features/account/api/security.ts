import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { userQueryKey } from '@/lib/auth';

export interface SessionInfo {
  id: string;
  device: string;
  ip: string;
  created_at: string;
  last_used_at: string;
  current: boolean;
}

const sessionsKey = ['account', 'sessions'] as const;

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: sessionsKey,
    queryFn: () => api.get<{ items: SessionInfo[] }>('/me/sessions').then((r) => r.items),
  });

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}

/** DELETE /me/sessions/{id}: that device is signed out at once. */
export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/me/sessions/${encodeURIComponent(id)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: sessionsKey }),
  });
}

/** DELETE /me/sessions: every session but this one ends. */
export function useEndOtherSessions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<{ ended: number }>('/me/sessions'),
    onSettled: () => qc.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export interface Enrolment {
  secret: string;
  otpauth_uri: string;
}

export function useEnrolTOTP() {
  return useMutation({ mutationFn: () => api.post<Enrolment>('/me/2fa/totp') });
}

export function useConfirmTOTP() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<{ recovery_codes: string[] }>('/me/2fa/totp/confirm', { code }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userQueryKey, exact: true }),
  });
}

export function useDisable2FA() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.request<void>('/me/2fa', { method: 'DELETE', body: { password } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userQueryKey, exact: true }),
  });
}

export interface Provider {
  id: string;
  name: string;
}

/** The configured sign-in providers (the same query the log-in page makes, so one fetch serves both). */
export function useProviders() {
  return useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: () => api.get<{ items: Provider[] }>('/auth/providers').then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export interface IdentityInfo {
  provider: string;
  email: string;
  created_at: string;
}

const identitiesKey = ['account', 'identities'] as const;

export function useIdentities() {
  return useQuery({
    queryKey: identitiesKey,
    queryFn: () => api.get<{ items: IdentityInfo[] }>('/me/identities').then((r) => r.items),
  });
}

/** Starts linking a provider: the server sets the state cookie, then the browser goes there. */
export function useStartLink() {
  return useMutation({
    mutationFn: (provider: string) => api.post<{ redirect_url: string }>(`/me/identities/${encodeURIComponent(provider)}`),
    onSuccess: (r) => window.location.assign(r.redirect_url),
  });
}

export function useUnlink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (provider: string) => api.delete(`/me/identities/${encodeURIComponent(provider)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: identitiesKey }),
  });
}
