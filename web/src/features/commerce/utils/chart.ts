// Pure helpers for the revenue page: date ranges and the chart's scales.

import type { RevenueDay } from '../types';

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a moment, in UTC (the report's days are UTC days). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The last `days` days up to and including today: what the 7/30/90-day presets mean. */
export function presetRange(days: number, today: Date): { from: string; to: string } {
  const to = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return { from: isoDay(new Date(to - (days - 1) * DAY_MS)), to: isoDay(new Date(to)) };
}

function parseDay(s: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(t) ? null : t;
}

/** Every day from `from` to `to`, inclusive; empty when the range is backwards or not dates. At most `limit` days. */
export function daysBetween(from: string, to: string, limit = 731): string[] {
  const a = parseDay(from.slice(0, 10));
  const b = parseDay(to.slice(0, 10));
  if (a === null || b === null || b < a) return [];
  const out: string[] = [];
  for (let t = a; t <= b && out.length < limit; t += DAY_MS) out.push(isoDay(new Date(t)));
  return out;
}

export interface DayPoint {
  date: string;
  sales: number;
  earnings_cents: number;
}

/** One point per day of the range in one currency; days without sales are zero. */
export function dailySeries(from: string, to: string, byDay: RevenueDay[], currency: string): DayPoint[] {
  const seen = new Map<string, DayPoint>();
  for (const d of byDay) {
    if (d.currency !== currency) continue;
    const p = seen.get(d.date) ?? { date: d.date, sales: 0, earnings_cents: 0 };
    p.sales += d.sales;
    p.earnings_cents += d.earnings_cents;
    seen.set(d.date, p);
  }
  return daysBetween(from, to).map((date) => seen.get(date) ?? { date, sales: 0, earnings_cents: 0 });
}

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above v (an axis top people can read); 1 for nothing. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v - 1e-9 * p) return m * p;
  return 10 * p;
}

/** A linear scale from [lo, hi] (lo ≤ 0 ≤ hi, rounded outwards) onto [bottom, top] pixels. */
export function linearScale(values: number[], top: number, bottom: number) {
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const hi = max > 0 || min === 0 ? niceCeil(max) : 0;
  const lo = min < 0 ? -niceCeil(-min) : 0;
  const y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
  return { lo, hi, y, ticks: (n: number) => Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n) };
}

/** Bars across `width`: x and width of bar i of n, with a gap that shrinks with the space. */
export function bandScale(n: number, left: number, width: number) {
  const step = n > 0 ? width / n : width;
  const gap = Math.min(step * 0.25, 6);
  return { step, bar: Math.max(1, step - gap), x: (i: number) => left + i * step + gap / 2 };
}

/** Which days get a label on an axis of `n` days with room for about `room` labels. */
export function labelEvery(n: number, room: number): number {
  return Math.max(1, Math.ceil(n / Math.max(1, room)));
}
