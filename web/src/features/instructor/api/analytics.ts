import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export interface DayCount {
  day: string; // YYYY-MM-DD (UTC)
  count: number;
}

export interface SalesDay {
  day: string;
  currency: string;
  sales: number;
  gross_cents: number;
  refunded_cents: number;
}

export interface LectureStat {
  id: string;
  title: string;
  kind: 'video' | 'article' | 'quiz';
  duration_s: number;
  completed: number;
  /** Of the students enrolled now, 0..1. */
  share: number;
}

export interface QuizScore {
  lecture_id: string;
  students: number;
  attempts: number;
  avg_best_percent: number;
  passed: number;
}

/** GET /instructor/courses/{id}/analytics */
export interface CourseAnalytics {
  course: { id: string; title: string; slug: string };
  enrolled: number;
  enrollments: DayCount[];
  sales: SalesDay[];
  lectures: LectureStat[];
  quizzes: QuizScore[];
}

/** GET /instructor/lectures/{id}/dropoff: shares[i] covers seconds [i*bucket_s, (i+1)*bucket_s). */
export interface DropOff {
  lecture_id: string;
  title: string;
  duration_s: number;
  bucket_s: number;
  viewers: number;
  shares: number[];
}

export function useCourseAnalytics(courseId: string) {
  return useQuery({
    queryKey: ['instructor', 'analytics', courseId],
    queryFn: ({ signal }) => api.get<CourseAnalytics>(`/instructor/courses/${encodeURIComponent(courseId)}/analytics`, { signal }),
  });
}

export function useDropOff(lectureId: string | undefined) {
  return useQuery({
    queryKey: ['instructor', 'dropoff', lectureId],
    queryFn: ({ signal }) => api.get<DropOff>(`/instructor/lectures/${encodeURIComponent(lectureId!)}/dropoff`, { signal }),
    enabled: !!lectureId,
  });
}
