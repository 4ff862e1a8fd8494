import { useId } from 'react';

import type { ReviewSort } from '../types';

export function SortSelect({ value, onChange }: { value: ReviewSort; onChange: (sort: ReviewSort) => void }) {
  const id = useId();
  return (
    <div className="inline-field">
      <label htmlFor={id}>Sort by</label>
      <select id={id} name="review-sort" value={value} onChange={(e) => onChange(e.target.value as ReviewSort)}>
        <option value="recent">Most recent</option>
        <option value="rating">Highest rated</option>
      </select>
    </div>
  );
}
