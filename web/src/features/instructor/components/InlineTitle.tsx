import { useId, useRef, useState, type KeyboardEvent } from 'react';

/**
 * A title that saves itself when you leave the field (or press Enter);
 * Escape puts back the saved title. An empty title is never sent.
 */
export function InlineTitle({
  label,
  value,
  onSave,
  error,
  className,
  testId,
}: {
  /** Read by screen readers; the field shows no visible label. */
  label: string;
  value: string;
  onSave: (title: string) => void;
  error?: string;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const id = useId();
  const [empty, setEmpty] = useState(false);
  const message = empty ? 'A title is required; the saved title was put back.' : error;

  const commit = () => {
    const input = ref.current;
    if (!input) return;
    const title = input.value.trim();
    if (!title) {
      input.value = value;
      setEmpty(true);
      return;
    }
    setEmpty(false);
    if (title !== value) onSave(title);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && ref.current) {
      ref.current.value = value;
      setEmpty(false);
    }
  };

  return (
    <div className={['inline-title', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        type="text"
        defaultValue={value}
        maxLength={120}
        onBlur={commit}
        onKeyDown={onKeyDown}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        data-testid={testId}
      />
      {message && (
        <p className="field-error" id={`${id}-error`}>
          {message}
        </p>
      )}
    </div>
  );
}
