import type { ReactNode } from 'react';

import { errorText } from '@/lib/form-errors';

/** An error box. Give it `error` (any thrown value) or `children`, and optionally what to do next. */
export function ErrorMessage({ error, title, children, action }: { error?: unknown; title?: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="alert alert-error" role="alert">
      {title && <p className="alert-title">{title}</p>}
      {children ?? <p>{errorText(error)}</p>}
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}

/** A quiet confirmation that something worked. */
export function SuccessMessage({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}
