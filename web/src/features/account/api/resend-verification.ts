import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** POST /me/email/verification → 202: a new verification email is on its way. */
export function resendVerification(): Promise<void> {
  return api.post<void>('/me/email/verification');
}

export function useResendVerification() {
  return useMutation({ mutationFn: resendVerification });
}
