import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
}

/** The same answer whether or not the email has an account: the link in the email finishes. */
export interface RegisterResult {
  status: 'check_email';
  email: string;
}

export function register(input: RegisterInput): Promise<RegisterResult> {
  return api.post<RegisterResult>('/auth/register', input);
}

export function useRegister() {
  return useMutation({ mutationFn: register });
}
