import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { mergeLectureProgress, progressKey } from './progress';
import type { CourseProgress } from './types';

describe('mergeLectureProgress', () => {
  it('recomputes the percent over every lecture of the course, rounded down like the server', () => {
    const client = new QueryClient();
    const lecture = (id: string, completed: boolean) => ({ lecture_id: id, position_s: 0, watched_s: 0, completed });
    const start = { course_id: '1', percent: 33, next_lecture_id: '2', lectures: [lecture('1', true), lecture('2', false), lecture('3', false)], certificate: null };
    client.setQueryData(progressKey('1'), start as unknown as CourseProgress);
    mergeLectureProgress(client, '1', lecture('2', true));
    expect(client.getQueryData<CourseProgress>(progressKey('1'))?.percent).toBe(66);
  });
});
