import type { CSSProperties } from 'react';

import { starFill, starLabel } from '../utils/rating';

/**
 * Five stars filled to the rating (4.3 fills 86%), for the eye; words for a
 * screen reader. The fill width is set through the CSSOM, which the CSP allows.
 */
export function Stars({ rating, className = '' }: { rating: number; className?: string }) {
  return (
    <span className={`stars ${className}`.trim()} role="img" aria-label={starLabel(rating)}>
      <span className="stars-empty" aria-hidden="true">
        ★★★★★
      </span>
      <span className="stars-fill" aria-hidden="true" style={{ width: `${starFill(rating)}%` } as CSSProperties}>
        ★★★★★
      </span>
    </span>
  );
}
