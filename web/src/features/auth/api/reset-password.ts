import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export interface ResetPasswordInput {
  token: string;
  password: string;
}

export function resetPassword(input: ResetPasswordInput): Promise<void> {
  return api.post<void>('/auth/password/reset', input);
}

export function useResetPassword() {
  return useMutation({ mutationFn: resetPassword });
}
