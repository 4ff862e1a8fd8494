import { useId, useState } from 'react';

/**
 * Five radio buttons (one tab stop; arrow keys change the value) drawn as stars.
 * The inputs stay real and focusable; the labels show the stars.
 */
export function StarInput({
  value,
  onChange,
  error,
  name = 'rating',
}: {
  value: number;
  onChange: (rating: number) => void;
  error?: string;
  name?: string;
}) {
  const id = useId();
  const [hover, setHover] = useState(0);
  const shown = hover || value;
  return (
    <fieldset className={error ? 'star-input field-invalid' : 'star-input'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Your rating</legend>
      <div className="star-input-row" onMouseLeave={() => setHover(0)}>
        {[1, 2, 3, 4, 5].map((n) => (
          <span key={n} className="star-input-star" onMouseEnter={() => setHover(n)}>
            <input
              type="radio"
              id={`${id}-${n}`}
              name={name}
              value={n}
              checked={value === n}
              onChange={() => onChange(n)}
            />
            <label htmlFor={`${id}-${n}`} data-star={n} className={n <= shown ? 'on' : undefined}>
              <span aria-hidden="true">★</span>
              <span className="sr-only">{n === 1 ? '1 star' : `${n} stars`}</span>
            </label>
          </span>
        ))}
        <span className="star-input-text" aria-hidden="true">
          {shown ? ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'][shown] : 'Pick 1 to 5 stars'}
        </span>
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
