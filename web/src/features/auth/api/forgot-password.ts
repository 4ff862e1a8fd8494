import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** Always 202, whether or not the email has an account (no account probing). */
export function forgotPassword(input: { email: string }): Promise<void> {
  return api.post<void>('/auth/password/forgot', input);
}

export function useForgotPassword() {
  return useMutation({ mutationFn: forgotPassword });
}
