import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { ApiError } from '@/lib/api-client';
import { errorText } from '@/lib/form-errors';

/** An error box. Give it `error` (any thrown value) or `children`, and optionally what to do next. */
export function ErrorMessage({ error, title, children, action }: { error?: unknown; title?: string; children?: ReactNode; action?: ReactNode }) {
  // Admin pages of a site that requires two-factor for admins: say where to turn it on.
  if (!action && error instanceof ApiError && error.code === 'two_factor_required') {
    action = (
      <Link to="/account#two-factor" className="btn btn-primary">
        Set up two-factor sign-in
      </Link>
    );
  }
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
