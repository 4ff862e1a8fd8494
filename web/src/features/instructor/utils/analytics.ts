// Pure helpers of the course analytics page: grouping days into weeks and
// turning a drop-off curve into chart coordinates and words.

import type { DayCount } from '../api/analytics';

/** The Monday (UTC) of the week a YYYY-MM-DD day falls in, as YYYY-MM-DD. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7; // days since Monday
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

/** Sums day counts by week (Monday first), in order. */
export function byWeek(days: DayCount[]): DayCount[] {
  const out: DayCount[] = [];
  for (const d of days) {
    const w = weekOf(d.day);
    const last = out[out.length - 1];
    if (last && last.day === w) last.count += d.count;
    else out.push({ day: w, count: d.count });
  }
  return out;
}

/** "1:05" or "1:02:03" for a number of seconds. */
export function clock(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** SVG polyline points of a curve of shares (0..1) in a width × height box. */
export function curvePoints(shares: number[], width: number, height: number): string {
  if (shares.length === 0) return '';
  const step = shares.length > 1 ? width / (shares.length - 1) : 0;
  return shares.map((s, i) => `${(i * step).toFixed(1)},${(height - s * height).toFixed(1)}`).join(' ');
}

/**
 * The steepest fall over a window of about 5% of the video: where students
 * leave. Null when the curve never falls.
 */
export function steepestDrop(shares: number[], bucketS: number): { fromS: number; toS: number; drop: number } | null {
  const w = Math.max(1, Math.round(shares.length / 20));
  let best: { fromS: number; toS: number; drop: number } | null = null;
  for (let i = 0; i + w < shares.length; i++) {
    const drop = shares[i]! - shares[i + w]!;
    if (drop > 0 && (!best || drop > best.drop)) best = { fromS: i * bucketS, toS: (i + w) * bucketS, drop };
  }
  return best;
}

/** Rows for the table under the chart: one per step (every tenth of the video, at least one per bucket). */
export function curveTable(shares: number[], bucketS: number, rows = 10): { atS: number; share: number }[] {
  if (shares.length === 0) return [];
  const every = Math.max(1, Math.ceil(shares.length / rows));
  const out: { atS: number; share: number }[] = [];
  for (let i = 0; i < shares.length; i += every) out.push({ atS: i * bucketS, share: shares[i]! });
  return out;
}
