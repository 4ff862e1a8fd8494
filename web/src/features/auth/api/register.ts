import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { AuthSession } from '@/types/api';

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
}

export function register(input: RegisterInput): Promise<AuthSession> {
  return api.post<AuthSession>('/auth/register', input);
}

export function useRegister() {
  return useMutation({
    mutationFn: register,
    onSuccess: (session) => api.startSession(session),
  });
}
