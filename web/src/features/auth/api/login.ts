import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { isChallenge, type AuthSession, type SignInResult } from '@/types/api';

export interface LoginInput {
  email: string;
  password: string;
}

export function login(input: LoginInput): Promise<SignInResult> {
  return api.post<SignInResult>('/auth/login', input);
}

/** Starts the session a sign-in step handed out; a two-factor challenge waits for the code. */
export function startIfSession(result: SignInResult): SignInResult {
  if (!isChallenge(result)) api.startSession(result);
  return result;
}

/** Logs in and starts the session (the header and guarded pages update from it). */
export function useLogin() {
  return useMutation({ mutationFn: (input: LoginInput) => login(input).then(startIfSession) });
}

export interface SecondFactorInput {
  challenge: string;
  code?: string;
  recovery_code?: string;
}

/** POST /auth/2fa: the second step with an authenticator or recovery code. */
export function useSecondFactor() {
  return useMutation({
    mutationFn: (input: SecondFactorInput) =>
      api.post<AuthSession>('/auth/2fa', input).then((s) => {
        api.startSession(s);
        return s;
      }),
  });
}
