import { plural } from '@/lib/format';

import type { ReviewSummary } from '../types';
import { formatAverage, histogramRows } from '../utils/rating';
import { Stars } from './Stars';

/** The average with stars, the count, and a bar per star (the bars are read out as a list). */
export function RatingSummary({ summary }: { summary: ReviewSummary }) {
  if (!summary.count) {
    return (
      <div className="rating-summary rating-summary-empty" data-testid="rating-summary">
        <p className="rating-none-yet">No ratings yet</p>
      </div>
    );
  }
  const rows = histogramRows(summary.histogram);
  return (
    <div className="rating-summary" data-testid="rating-summary">
      <div className="rating-summary-average">
        <p className="rating-big">
          <span data-testid="rating-average">{formatAverage(summary.average)}</span>
          <span className="sr-only"> out of 5</span>
        </p>
        <Stars rating={summary.average} className="stars-large" />
        <p className="muted">{plural(summary.count, 'rating')}</p>
      </div>
      <ul className="histogram" aria-label="Ratings by stars">
        {rows.map((r) => (
          <li key={r.star} className="histogram-row">
            <span className="histogram-label" aria-hidden="true">
              {r.star} ★
            </span>
            <span className="histogram-bar" aria-hidden="true">
              <span className="histogram-fill" data-percent={r.percent} style={{ width: `${r.percent}%` }} />
            </span>
            <span className="histogram-count" aria-hidden="true">
              {r.count}
            </span>
            <span className="sr-only">
              {r.star} {r.star === 1 ? 'star' : 'stars'}: {plural(r.count, 'rating')} ({r.percent}%)
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
