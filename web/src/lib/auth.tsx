import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { api } from '@/lib/api-client';
import { mergeVisitorCart } from '@/lib/visitor-cart';
import type { User } from '@/types/api';

// The signed-in user lives in the query cache under this key: `null` when signed
// out, `undefined` while the session is being restored on start.
export const userQueryKey = ['auth', 'user'] as const;

/**
 * Whether this browser may hold a session: the server sets the readable
 * `lectern_session` cookie beside the HttpOnly refresh cookie and clears both
 * together. Without it a refresh could only fail (and log a 401 in the console).
 */
export function mayHaveSession(cookies = typeof document === 'undefined' ? '' : document.cookie): boolean {
  return cookies.split(';').some((c) => c.trim().startsWith('lectern_session='));
}

/** GET /me; on a cold start, POST /auth/refresh first when the cookie may hold a session. */
export async function getUser(): Promise<User | null> {
  if (api.hasSession()) return api.get<User>('/me');
  if (!mayHaveSession()) return null;
  const session = await api.restoreSession();
  return session?.user ?? null;
}

export const userQueryOptions = () =>
  queryOptions({
    queryKey: userQueryKey,
    queryFn: getUser,
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });

/** Mirrors the API client's session into the query cache, and restores it on start. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      api.onSessionChange((session) => {
        if (session) {
          queryClient.setQueryData(userQueryKey, session.user);
          // Courses put in the cart before signing in join the account's cart.
          void mergeVisitorCart(queryClient);
          return;
        }
        queryClient.setQueryData(userQueryKey, null);
        // Whatever was loaded for the last user is not for the next one.
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== userQueryKey[0] });
      }),
    [queryClient],
  );
  useQuery(userQueryOptions()); // starts the restore before any page needs it
  return children;
}

export function useUser() {
  const query = useQuery(userQueryOptions());
  return {
    user: query.data ?? null,
    /** True until we know whether someone is signed in. */
    isPending: query.isPending,
    error: query.error,
    retry: query.refetch,
  };
}

export function hasRole(user: User | null | undefined, role: string): boolean {
  return !!user?.roles.includes(role);
}

/** Put a fresh copy of the signed-in user (from PATCH /me etc.) into the cache. */
export function useSetUser() {
  const queryClient = useQueryClient();
  return (user: User) => queryClient.setQueryData(userQueryKey, user);
}

export function useLogout() {
  return useMutation({ mutationFn: () => api.logout() });
}

/** POST /me/instructor: any user may become an instructor. */
export function becomeInstructor(): Promise<User> {
  return api.post<User>('/me/instructor');
}

export function useBecomeInstructor() {
  const setUser = useSetUser();
  return useMutation({ mutationFn: becomeInstructor, onSuccess: setUser });
}

/** A same-site path to go back to after logging in; anything else becomes '/'. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * Renders children only for a signed-in user (with `role`, if given). Signed-out
 * visitors go to /login and come back here; signed-in users without the role see
 * `forbidden`.
 */
export function RequireAuth({
  children,
  role,
  forbidden,
  pending,
}: {
  children: ReactNode;
  role?: string;
  forbidden?: ReactNode;
  pending: ReactNode;
}) {
  const { user, isPending } = useUser();
  const location = useLocation();
  if (isPending) return pending;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate replace to={`/login?next=${encodeURIComponent(next)}`} />;
  }
  if (role && !hasRole(user, role)) return forbidden ?? null;
  return children;
}

// Sign-up finishes in the emailed link (and a provider sign-in on a page of its
// own), so the page to come back to is kept in this browser until then.
const nextKey = 'lectern.next';

/** Remember where to go once the sign-up (or provider sign-in) started here finishes. */
export function rememberNext(next: string | null | undefined) {
  try {
    if (next && safeNext(next) !== '/') localStorage.setItem(nextKey, safeNext(next));
    else localStorage.removeItem(nextKey);
  } catch {
    // Storage may be off (private mode): the visitor lands on the home page instead.
  }
}

/** The page remembered by rememberNext, or '/'. Pure: forget it with rememberNext(null). */
export function readNext(): string {
  try {
    return safeNext(localStorage.getItem(nextKey));
  } catch {
    return '/';
  }
}
