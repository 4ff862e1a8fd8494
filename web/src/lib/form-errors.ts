import { ApiError } from '@/lib/api-client';

/**
 * Splits a failed submit into messages for the form's own fields and one message
 * for the top of the form (the problem's detail/title, or errors for fields the
 * form does not show).
 */
export function formErrors(error: unknown, fields: readonly string[]) {
  if (!error) return { field: (_name: string): string | undefined => undefined, summary: null };
  if (!(error instanceof ApiError)) {
    return { field: () => undefined, summary: 'Something went wrong. Please try again.' };
  }
  const shown = fields.filter((f) => error.fieldErrors[f]);
  const others = Object.entries(error.fieldErrors)
    .filter(([f]) => !fields.includes(f))
    .map(([f, m]) => `${f}: ${m}`);
  let summary: string | null = null;
  if (others.length) summary = others.join(' ');
  else if (!shown.length) summary = errorText(error);
  return { field: (name: string) => error.fieldErrors[name], summary };
}

/** One sentence about an error, for a person. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = error.retryAfter ? ` Try again in ${formatWait(error.retryAfter)}.` : ' Try again later.';
      return `${error.detail || 'Too many attempts.'}${wait}`;
    }
    const text = error.detail || error.title;
    // A server fault is for an administrator to look up; give them the handle.
    return error.status >= 500 && error.requestId ? `${text} (Reference: ${error.requestId})` : text;
  }
  return 'Something went wrong. Please try again.';
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
