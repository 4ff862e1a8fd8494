import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { AuthSession } from '@/types/api';

export interface LoginInput {
  email: string;
  password: string;
}

export function login(input: LoginInput): Promise<AuthSession> {
  return api.post<AuthSession>('/auth/login', input);
}

/** Logs in and starts the session (the header and guarded pages update from it). */
export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => api.startSession(session),
  });
}
