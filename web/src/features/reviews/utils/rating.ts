// Pure helpers for showing ratings: one place, so the summary, the list and the tests agree.

export const STARS = [5, 4, 3, 2, 1] as const;

export interface HistogramRow {
  star: number;
  count: number;
  /** Whole percent of all reviews, 0..100; the rows may not add up to exactly 100. */
  percent: number;
}

/**
 * One row per star, 5 first, with its share of all reviews. The server leaves
 * out stars nobody gave, and may send junk keys; both are handled here.
 */
export function histogramRows(histogram: Record<string, number> | null | undefined): HistogramRow[] {
  const counts = STARS.map((star) => {
    const n = Number(histogram?.[String(star)] ?? 0);
    return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  return STARS.map((star, i) => ({
    star,
    count: counts[i],
    percent: total ? Math.round((counts[i] / total) * 100) : 0,
  }));
}

/** How much of five stars to fill, in percent: 4.3 → 86. Clamped to 0..100, to a tenth of a star. */
export function starFill(rating: number): number {
  if (!Number.isFinite(rating)) return 0;
  return Math.round(Math.min(5, Math.max(0, rating)) * 10) * 2;
}

/** "Rated 4.5 out of 5", "Rated 1 star out of 5": what a screen reader says for stars. */
export function starLabel(rating: number): string {
  const r = Math.round(Math.min(5, Math.max(0, rating)) * 10) / 10;
  return `Rated ${r} ${r === 1 ? 'star' : 'stars'} out of 5`;
}

/** The average with one decimal ("4.0", "3.7"); 0 reviews has no average. */
export function formatAverage(average: number): string {
  return (Math.round(average * 10) / 10).toFixed(1);
}

/** "12 Mar 2025" in the visitor's locale; '' for a date that does not parse. */
export function formatReviewDate(iso: string, locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}
