export function Spinner({ label = 'Loading…', size = 'normal' }: { label?: string; size?: 'small' | 'normal' }) {
  return (
    <span className={`spinner-wrap spinner-${size}`} role={label ? 'status' : undefined}>
      <span className="spinner" aria-hidden="true" />
      {label && <span className={size === 'small' ? 'sr-only' : 'spinner-label'}>{label}</span>}
    </span>
  );
}

/** A whole-page loading state. */
export function PageSpinner({ label }: { label?: string }) {
  return (
    <div className="page-spinner">
      <Spinner label={label} />
    </div>
  );
}
