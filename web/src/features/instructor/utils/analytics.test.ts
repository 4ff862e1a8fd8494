import { describe, expect, it } from 'vitest';

import { byWeek, clock, curvePoints, curveTable, steepestDrop, weekOf } from './analytics';

describe('analytics helpers', () => {
  it('groups days into weeks starting on Monday', () => {
    expect(weekOf('2026-12-02')).toBe('2026-11-30'); // a Wednesday
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
    expect(weekOf('2026-12-06')).toBe('2026-11-30'); // Sunday ends the week
    expect(
      byWeek([
        { day: '2026-11-29', count: 1 },
        { day: '2026-11-30', count: 2 },
        { day: '2026-12-06', count: 3 },
        { day: '2026-12-07', count: 4 },
      ]),
    ).toEqual([
      { day: '2026-11-23', count: 1 },
      { day: '2026-11-30', count: 5 },
      { day: '2026-12-07', count: 4 },
    ]);
  });

  it('formats positions in a video', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65)).toBe('1:05');
    expect(clock(3723)).toBe('1:02:03');
  });

  it('draws and describes a drop-off curve', () => {
    expect(curvePoints([1, 0.5, 0], 100, 50)).toBe('0.0,0.0 50.0,25.0 100.0,50.0');
    expect(steepestDrop([1, 1, 1, 0.4, 0.4], 2)).toEqual({ fromS: 4, toS: 6, drop: 0.6 });
    expect(steepestDrop([0.5, 0.5, 0.6], 1)).toBeNull();
    expect(curveTable([1, 0.9, 0.8, 0.7], 30, 2)).toEqual([
      { atS: 0, share: 1 },
      { atS: 60, share: 0.8 },
    ]);
  });
});
