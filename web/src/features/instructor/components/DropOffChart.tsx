import { useId } from 'react';

import type { DropOff } from '../api/analytics';
import { clock, curvePoints, curveTable, steepestDrop } from '../utils/analytics';

const W = 640;
const H = 200;
const PAD = { top: 10, right: 12, bottom: 26, left: 44 };

const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * A video's drop-off curve: the share of viewers who watched each second (or
 * bucket of seconds), as an SVG line with a title and a description; the same
 * numbers, every tenth of the video, are in the table below it.
 */
export function DropOffChart({ data }: { data: DropOff }) {
  const titleId = useId();
  const descId = useId();
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const drop = steepestDrop(data.shares, data.bucket_s);
  const end = data.shares[data.shares.length - 1] ?? 0;
  const desc =
    `${data.viewers} viewers. ${pct(data.shares[0] ?? 0)} watched the start and ${pct(end)} the end` +
    (drop ? `; the steepest fall, ${pct(drop.drop)} of viewers, is between ${clock(drop.fromS)} and ${clock(drop.toS)}.` : '.');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const timeTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * data.duration_s));

  return (
    <figure className="dropoff" data-testid="dropoff-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={descId} className="dropoff-svg">
        <title id={titleId}>{`Drop-off: ${data.title}`}</title>
        <desc id={descId}>{desc}</desc>
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={0} x2={innerW} y1={innerH - t * innerH} y2={innerH - t * innerH} className="chart-grid" />
              <text x={-6} y={innerH - t * innerH} className="chart-label" textAnchor="end" dominantBaseline="middle">
                {pct(t)}
              </text>
            </g>
          ))}
          {timeTicks.map((s) => (
            <text key={s} x={(s / Math.max(1, data.duration_s)) * innerW} y={innerH + 18} className="chart-label" textAnchor="middle">
              {clock(s)}
            </text>
          ))}
          <polyline points={curvePoints(data.shares, innerW, innerH)} className="dropoff-line" data-testid="dropoff-line" />
        </g>
      </svg>
      <figcaption className="muted">
        {desc} {data.bucket_s > 1 ? `Each point covers ${data.bucket_s} seconds.` : 'One point per second.'}
      </figcaption>
      <details>
        <summary>The curve as a table</summary>
        <table className="analytics-table">
          <thead>
            <tr>
              <th scope="col">Position</th>
              <th scope="col">Viewers who watched it</th>
            </tr>
          </thead>
          <tbody>
            {curveTable(data.shares, data.bucket_s).map((r) => (
              <tr key={r.atS}>
                <td>{clock(r.atS)}</td>
                <td>{pct(r.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
