import { describe, expect, it } from 'vitest';

import { bandScale, dailySeries, daysBetween, labelEvery, linearScale, niceCeil, presetRange } from './chart';

describe('presetRange', () => {
  it('counts today as the last of n days (UTC)', () => {
    expect(presetRange(7, new Date('2024-03-05T23:30:00Z'))).toEqual({ from: '2024-02-28', to: '2024-03-05' });
    expect(presetRange(1, new Date('2024-03-05T00:00:00Z'))).toEqual({ from: '2024-03-05', to: '2024-03-05' });
  });
});

describe('daysBetween', () => {
  it('lists every day inclusive, across a leap day', () => {
    expect(daysBetween('2024-02-27', '2024-03-01')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });
  it('accepts the server’s RFC 3339 times', () => {
    expect(daysBetween('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')).toEqual(['2024-01-01', '2024-01-02']);
  });
  it('is empty for a backwards or broken range, and stops at the limit', () => {
    expect(daysBetween('2024-01-02', '2024-01-01')).toEqual([]);
    expect(daysBetween('yesterday', '2024-01-01')).toEqual([]);
    expect(daysBetween('2024-01-01', '2024-12-31', 10)).toHaveLength(10);
  });
});

describe('dailySeries', () => {
  it('fills the days without sales and keeps one currency', () => {
    const byDay = [
      { date: '2024-01-02', currency: 'USD', sales: 2, gross_cents: 3998, earnings_cents: 2799, refunded_cents: 0 },
      { date: '2024-01-02', currency: 'EUR', sales: 1, gross_cents: 1000, earnings_cents: 700, refunded_cents: 0 },
    ];
    expect(dailySeries('2024-01-01', '2024-01-03', byDay, 'USD')).toEqual([
      { date: '2024-01-01', sales: 0, earnings_cents: 0 },
      { date: '2024-01-02', sales: 2, earnings_cents: 2799 },
      { date: '2024-01-03', sales: 0, earnings_cents: 0 },
    ]);
  });
});

describe('niceCeil', () => {
  it.each([
    [0, 1],
    [-5, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [11, 20],
    [2100, 2500],
    [1999, 2000],
    [0.3, 0.5],
  ])('%d → %d', (v, want) => {
    expect(niceCeil(v)).toBeCloseTo(want);
  });
});

describe('linearScale', () => {
  it('maps 0 to the bottom and the rounded maximum to the top', () => {
    const s = linearScale([0, 1999, 700], 10, 210);
    expect(s.hi).toBe(2000);
    expect(s.y(0)).toBe(210);
    expect(s.y(2000)).toBe(10);
    expect(s.y(1000)).toBe(110);
    expect(s.ticks(4)).toEqual([0, 500, 1000, 1500, 2000]);
  });
  it('makes room below zero for refunds', () => {
    const s = linearScale([-300, 1000], 0, 100);
    expect(s.lo).toBe(-500);
    expect(s.hi).toBe(1000);
    expect(s.y(0)).toBeCloseTo(100 - (500 / 1500) * 100);
  });
  it('has a unit axis when everything is zero', () => {
    const s = linearScale([0, 0], 0, 100);
    expect([s.lo, s.hi]).toEqual([0, 1]);
    expect(s.y(0)).toBe(100);
  });
  it('handles only negative values', () => {
    const s = linearScale([-20], 0, 100);
    expect([s.lo, s.hi]).toEqual([-20, 0]);
    expect(s.y(0)).toBe(0);
    expect(s.y(-20)).toBe(100);
  });
});

describe('bandScale and labelEvery', () => {
  it('splits the width into equal steps', () => {
    const b = bandScale(4, 10, 400);
    expect(b.step).toBe(100);
    expect(b.x(0)).toBe(13);
    expect(b.bar).toBe(94);
  });
  it('labels about as many days as fit', () => {
    expect(labelEvery(30, 6)).toBe(5);
    expect(labelEvery(7, 10)).toBe(1);
    expect(labelEvery(90, 0)).toBe(90);
  });
});
