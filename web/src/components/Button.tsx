import type { ButtonHTMLAttributes } from 'react';

import { Spinner } from './Spinner';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  /** Shows a spinner and blocks clicks while work is in flight. */
  loading?: boolean;
};

export function Button({ variant = 'primary', loading = false, disabled, className, children, type = 'button', ...rest }: Props) {
  return (
    <button
      type={type}
      className={['btn', `btn-${variant}`, className].filter(Boolean).join(' ')}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      {loading && <Spinner size="small" label="" />}
      {children}
    </button>
  );
}
