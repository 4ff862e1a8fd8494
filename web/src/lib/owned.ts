// Which courses the signed-in user already has: enrolled in (bought, free or
// given) or teaching. Course cards use it so a student is never offered the
// price of a course they own; the course page has its own `enrolled` flag.

import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { useUser } from '@/lib/auth';
import type { Course, Enrollment } from '@/types/api';

// The same key and answer as My learning's list, so the two share one request.
const enrollmentsKey = ['me', 'enrollments'] as const;
// Under the subscription's own key, so subscribing or a change of it refreshes it too.
export const subscriptionCoursesKey = ['me', 'subscription', 'courses'] as const;

export type Ownership = 'enrolled' | 'teaching' | 'subscription' | null;

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
  // The courses the user's subscription opens now (empty without an active one).
  const subscribed = useQuery({
    queryKey: subscriptionCoursesKey,
    queryFn: ({ signal }) => api.get<{ ids: string[] }>('/me/subscription/courses', { signal }),
    select: (data) => data.ids,
    enabled: !!user,
    staleTime: 60_000,
  });
  if (!user) return null;
  if (course.instructor.id === user.id) return 'teaching';
  if (enrolled.data?.some((e) => e.course.id === course.id)) return 'enrolled';
  return subscribed.data?.includes(course.id) ? 'subscription' : null;
}
