import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { useSetUser } from '@/lib/auth';
import type { User } from '@/types/api';

export interface UpdateProfileInput {
  name?: string;
  headline?: string;
  bio?: string;
}

export function updateProfile(input: UpdateProfileInput): Promise<User> {
  return api.patch<User>('/me', input);
}

export function useUpdateProfile() {
  const setUser = useSetUser();
  return useMutation({ mutationFn: updateProfile, onSuccess: setUser });
}
