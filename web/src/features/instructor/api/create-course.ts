import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail } from '@/types/api';

import { editCourseKey, myCoursesKey } from './keys';

export function createCourse(input: { title: string }): Promise<CourseDetail> {
  return api.post<CourseDetail>('/courses', input);
}

export function useCreateCourse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCourse,
    onSuccess: (course) => {
      queryClient.setQueryData(editCourseKey(course.id), course);
      void queryClient.invalidateQueries({ queryKey: myCoursesKey });
    },
  });
}
