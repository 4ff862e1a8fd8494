import { describe, expect, it } from 'vitest';

import { formatDateTime, isHealthy, jobRows, parseSubject, subjectLink } from './status';

describe('jobRows', () => {
  it('lists every known state in reading order, zero when absent, and flags failures', () => {
    const rows = jobRows({ completed: 9, retryable: 1, available: 2 });
    expect(rows.map((r) => r.state)).toEqual(['available', 'scheduled', 'running', 'retryable', 'discarded', 'cancelled', 'completed']);
    expect(rows.find((r) => r.state === 'available')?.count).toBe(2);
    expect(rows.find((r) => r.state === 'running')?.count).toBe(0);
    expect(rows.filter((r) => r.trouble).map((r) => r.state)).toEqual(['retryable']);
  });

  it('keeps states it does not know, after the known ones', () => {
    const rows = jobRows({ pending: 3 });
    expect(rows[rows.length - 1]).toMatchObject({ state: 'pending', count: 3 });
  });

  it('copes with nothing', () => {
    expect(jobRows(undefined).every((r) => r.count === 0)).toBe(true);
  });
});

describe('subjects', () => {
  it('parses kind:id and links the pages that exist', () => {
    expect(parseSubject('course:12')).toEqual({ kind: 'course', id: '12' });
    expect(parseSubject('nonsense')).toBeNull();
    expect(subjectLink('course:12')).toBe('/courses/12');
    expect(subjectLink('user:3')).toBe('/admin/users/3');
    expect(subjectLink('order:9')).toBe('/admin/orders/9');
    expect(subjectLink('review:4')).toBe('/admin/reviews?status=visible');
    expect(subjectLink('videos')).toBeNull();
  });
});

describe('misc', () => {
  it('knows healthy from a fault', () => {
    expect(isHealthy('ok')).toBe(true);
    expect(isHealthy('unavailable: disk full')).toBe(false);
    expect(isHealthy(undefined)).toBe(false);
  });

  it('formats times in a given zone', () => {
    expect(formatDateTime('2025-03-12T14:05:00Z', 'en-GB', 'UTC')).toBe('12 Mar 2025, 14:05');
    expect(formatDateTime(null)).toBe('');
  });
});
