// Which courses the signed-in user already has: enrolled in (bought, free or
// given) or teaching. Course cards use it so a student is never offered the
// price of a course they own; the course page has its own `enrolled` flag.

import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { useUser } from '@/lib/auth';
import type { Course, Enrollment } from '@/types/api';

// The same key and answer as My learning's list, so the two share one request.
const enrollmentsKey = ['me', 'enrollments'] as const;

export type Ownership = 'enrolled' | 'teaching' | null;

/** How the signed-in user has course, or null (also for visitors). */
export function useOwnership(course: Pick<Course, 'id' | 'instructor'>): Ownership {
  const { user } = useUser();
  const enrolled = useQuery({
    queryKey: enrollmentsKey,
    queryFn: ({ signal }) => api.get<{ items: Enrollment[] }>('/me/enrollments', { signal }),
    select: (data) => data.items,
    enabled: !!user,
    staleTime: 30_000,
  });
  if (!user) return null;
  if (course.instructor.id === user.id) return 'teaching';
  return enrolled.data?.some((e) => e.course.id === course.id) ? 'enrolled' : null;
}
