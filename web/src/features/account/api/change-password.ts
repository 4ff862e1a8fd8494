import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { useSetUser } from '@/lib/auth';
import type { User } from '@/types/api';

export interface ChangePasswordInput {
  /** Not needed when the account has no password yet. */
  current_password?: string;
  new_password: string;
}

/** Same endpoint as the profile (PATCH /me), different fields. */
export function changePassword(input: ChangePasswordInput): Promise<User> {
  return api.patch<User>('/me', input);
}

export function useChangePassword() {
  const setUser = useSetUser();
  return useMutation({ mutationFn: changePassword, onSuccess: setUser });
}
