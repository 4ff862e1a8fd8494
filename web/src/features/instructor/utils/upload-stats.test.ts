import { describe, expect, it } from 'vitest';

import { createRateMeter, formatBytes, formatTimeLeft } from './upload-stats';

describe('createRateMeter', () => {
  it('measures the recent rate, not the average since the start', () => {
    const m = createRateMeter(5000);
    expect(m.rate()).toBe(0);
    m.add(0, 0);
    m.add(1_000_000, 1000); // 1 MB/s for a second…
    expect(m.rate()).toBeCloseTo(1_000_000);
    for (let t = 2000; t <= 20000; t += 1000) m.add(1_000_000 + (t - 1000) * 100, t); // …then 100 KB/s
    expect(m.rate()).toBeCloseTo(100_000);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(12_400_000)).toBe('12.4 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
  });
});

describe('formatTimeLeft', () => {
  it('says nothing without a rate', () => {
    expect(formatTimeLeft(100, 0)).toBe('');
  });
  it('rounds to what a person wants to know', () => {
    expect(formatTimeLeft(10_000_000, 1_000_000)).toBe('10 s left');
    expect(formatTimeLeft(120_000_000, 1_000_000)).toBe('about 2 min left');
    expect(formatTimeLeft(4_000_000_000, 1_000_000)).toBe('about 1 h 7 min left');
  });
});
