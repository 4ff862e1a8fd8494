import { describe, expect, it } from 'vitest';

import { formatAverage, formatReviewDate, histogramRows, starFill, starLabel } from './rating';

describe('histogramRows', () => {
  it('gives one row per star, 5 first, with whole percents', () => {
    expect(histogramRows({ '5': 3, '4': 1 })).toEqual([
      { star: 5, count: 3, percent: 75 },
      { star: 4, count: 1, percent: 25 },
      { star: 3, count: 0, percent: 0 },
      { star: 2, count: 0, percent: 0 },
      { star: 1, count: 0, percent: 0 },
    ]);
  });

  it('rounds each share on its own', () => {
    const rows = histogramRows({ '1': 1, '2': 1, '3': 1 });
    expect(rows.map((r) => r.percent)).toEqual([0, 0, 33, 33, 33]);
  });

  it('is all zeros with no reviews, and ignores junk', () => {
    expect(histogramRows({}).every((r) => r.count === 0 && r.percent === 0)).toBe(true);
    expect(histogramRows(null).length).toBe(5);
    expect(histogramRows({ '5': -2, '4': Number.NaN, '6': 9, '3': 2.7 })).toEqual([
      { star: 5, count: 0, percent: 0 },
      { star: 4, count: 0, percent: 0 },
      { star: 3, count: 2, percent: 100 },
      { star: 2, count: 0, percent: 0 },
      { star: 1, count: 0, percent: 0 },
    ]);
  });
});

describe('stars', () => {
  it('fills a share of five stars, to a tenth of a star', () => {
    expect(starFill(5)).toBe(100);
    expect(starFill(4.3)).toBe(86);
    expect(starFill(4.25)).toBe(86);
    expect(starFill(1)).toBe(20);
    expect(starFill(0)).toBe(0);
    expect(starFill(7)).toBe(100);
    expect(starFill(-1)).toBe(0);
    expect(starFill(Number.NaN)).toBe(0);
  });

  it('says the rating in words', () => {
    expect(starLabel(1)).toBe('Rated 1 star out of 5');
    expect(starLabel(4.46)).toBe('Rated 4.5 stars out of 5');
  });

  it('formats the average with one decimal', () => {
    expect(formatAverage(5)).toBe('5.0');
    expect(formatAverage(4.25)).toBe('4.3');
    expect(formatAverage(3.04)).toBe('3.0');
  });
});

describe('formatReviewDate', () => {
  it('formats an ISO date, and gives up quietly on junk', () => {
    expect(formatReviewDate('2025-03-12T10:00:00Z', 'en-GB')).toBe('12 Mar 2025');
    expect(formatReviewDate('not a date')).toBe('');
  });
});
