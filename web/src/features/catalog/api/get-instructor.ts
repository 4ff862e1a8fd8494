import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { InstructorProfile } from '@/types/api';

export function getInstructor(id: string, signal?: AbortSignal): Promise<InstructorProfile> {
  return api.get<InstructorProfile>(`/instructors/${encodeURIComponent(id)}`, { signal });
}

/** An instructor's public profile (their published courses and rating). */
export function useInstructor(id: string) {
  return useQuery({ queryKey: ['instructors', id], queryFn: ({ signal }) => getInstructor(id, signal), enabled: id !== '' });
}
