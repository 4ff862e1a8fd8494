import { useId, useLayoutEffect, useRef, useState } from 'react';

import { minorDigits } from '@/lib/format';

import { formatAmount } from '../utils/money';
import { bandScale, labelEvery, linearScale, type DayPoint } from '../utils/chart';

const HEIGHT = 240;
const PAD = { top: 16, right: 36, bottom: 28, left: 52 };

function shortDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "$25", "$2.5K": axis labels without cents. */
function axisMoney(cents: number, currency: string): string {
  const fmt = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  return fmt.format(cents / 10 ** minorDigits(currency));
}

/** The chart is drawn at the width it gets (not scaled), so its text stays readable on a phone. */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(260, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * Earnings per day as bars (left axis, money) and sales per day as a line (right
 * axis, count), in inline SVG. The same numbers are in the table below it, which
 * is what screen readers use; the SVG gets a one-sentence summary.
 */
export function RevenueChart({ points, currency }: { points: DayPoint[]; currency: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const innerW = width - PAD.left - PAD.right;
  const bottom = HEIGHT - PAD.bottom;
  const money = linearScale(
    points.map((p) => p.earnings_cents),
    PAD.top,
    bottom,
  );
  const sales = linearScale(
    points.map((p) => p.sales),
    PAD.top,
    bottom,
  );
  const band = bandScale(points.length, PAD.left, innerW);
  const every = labelEvery(points.length, Math.floor(innerW / 64));
  const zero = money.y(0);
  const line = points.map((p, i) => `${(band.x(i) + band.bar / 2).toFixed(1)},${sales.y(p.sales).toFixed(1)}`).join(' ');
  const totalEarned = points.reduce((s, p) => s + p.earnings_cents, 0);
  const totalSales = points.reduce((s, p) => s + p.sales, 0);
  const best = points.reduce<DayPoint | null>((b, p) => (p.earnings_cents > (b?.earnings_cents ?? 0) ? p : b), null);
  const summary =
    `Earnings per day in ${currency}, ${points.length} days: ${formatAmount(totalEarned, currency)} from ${totalSales} sales` +
    (best ? `; best day ${shortDay(best.date)} with ${formatAmount(best.earnings_cents, currency)}.` : '.');
  // Sales are whole numbers: keep the right axis from showing 0.5.
  const saleTicks = sales.ticks(4).filter((v) => Number.isInteger(v));

  return (
    <div ref={ref} className="revenue-chart">
      {width > 0 && (
        <svg width={width} height={HEIGHT} role="img" aria-labelledby={titleId} data-testid="revenue-chart">
          <title id={titleId}>{summary}</title>
          {money.ticks(4).map((v) => (
            <g key={v}>
              <line x1={PAD.left} x2={width - PAD.right} y1={money.y(v)} y2={money.y(v)} className="chart-grid" />
              <text x={PAD.left - 6} y={money.y(v)} className="chart-label" textAnchor="end" dominantBaseline="middle">
                {v === 0 ? '0' : axisMoney(v, currency)}
              </text>
            </g>
          ))}
          {saleTicks.map((v) => (
            <text key={v} x={width - PAD.right + 6} y={sales.y(v)} className="chart-label chart-label-sales" dominantBaseline="middle">
              {v}
            </text>
          ))}
          {points.map((p, i) => {
            const y = money.y(p.earnings_cents);
            return (
              <rect
                key={p.date}
                x={band.x(i)}
                width={band.bar}
                y={Math.min(y, zero)}
                height={Math.max(p.earnings_cents === 0 ? 0 : 1, Math.abs(zero - y))}
                className={p.earnings_cents < 0 ? 'chart-bar chart-bar-negative' : 'chart-bar'}
              >
                <title>{`${shortDay(p.date)}: ${formatAmount(p.earnings_cents, currency)}, ${p.sales} sales`}</title>
              </rect>
            );
          })}
          <line x1={PAD.left} x2={width - PAD.right} y1={zero} y2={zero} className="chart-axis" />
          {points.length > 1 && <polyline points={line} className="chart-line" />}
          {points.map((p, i) =>
            p.sales > 0 ? <circle key={p.date} cx={band.x(i) + band.bar / 2} cy={sales.y(p.sales)} r={4} className="chart-dot" /> : null,
          )}
          {points.map((p, i) =>
            i % every === 0 ? (
              <text key={p.date} x={band.x(i) + band.bar / 2} y={HEIGHT - 8} className="chart-label" textAnchor="middle">
                {shortDay(p.date)}
              </text>
            ) : null,
          )}
        </svg>
      )}
      <p className="chart-legend" aria-hidden="true">
        <span className="legend-bar" /> Earnings ({currency}, left) <span className="legend-line" /> Sales (right)
      </p>
    </div>
  );
}
