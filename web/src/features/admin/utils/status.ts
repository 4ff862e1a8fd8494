// Pure helpers for the admin pages.

/** "ok" → healthy; anything else is the server's description of the fault. */
export function isHealthy(value: string | undefined | null): boolean {
  return value === 'ok';
}

/** River's job states, in the order an admin reads them: work waiting, work running, trouble, done. */
export const JOB_STATES = [
  { state: 'available', label: 'Waiting to run' },
  { state: 'scheduled', label: 'Scheduled' },
  { state: 'running', label: 'Running' },
  { state: 'retryable', label: 'Failed, will retry' },
  { state: 'discarded', label: 'Failed for good' },
  { state: 'cancelled', label: 'Cancelled' },
  { state: 'completed', label: 'Completed' },
] as const;

/** Every state the server reported, known ones first in JOB_STATES order, then any others. */
export function jobRows(jobs: Record<string, number> | undefined): { state: string; label: string; count: number; trouble: boolean }[] {
  const counts = jobs ?? {};
  const known: string[] = JOB_STATES.map((s) => s.state);
  const rows = JOB_STATES.map(({ state, label }) => ({ state, label, count: counts[state] ?? 0, trouble: isTrouble(state, counts[state] ?? 0) }));
  for (const state of Object.keys(counts).sort()) {
    if (!known.includes(state)) rows.push({ state, label: state, count: counts[state], trouble: false } as (typeof rows)[number]);
  }
  return rows;
}

function isTrouble(state: string, n: number): boolean {
  return n > 0 && (state === 'retryable' || state === 'discarded');
}

/** "course:12" → { kind: "course", id: "12" }; null for anything else. */
export function parseSubject(subject: string): { kind: string; id: string } | null {
  const m = /^([a-z_]+):(\S+)$/.exec(subject.trim());
  return m ? { kind: m[1], id: m[2] } : null;
}

/** A page of the site to open for an audit subject, when there is one. */
export function subjectLink(subject: string): string | null {
  const s = parseSubject(subject);
  if (!s) return null;
  switch (s.kind) {
    case 'course':
      return `/courses/${encodeURIComponent(s.id)}`;
    case 'user':
      return `/admin/users/${encodeURIComponent(s.id)}`;
    case 'order':
      return `/admin/orders/${encodeURIComponent(s.id)}`;
    case 'review':
      return '/admin/reviews?status=visible';
    default:
      return null;
  }
}

/** "12 Mar 2025, 14:05" in the admin's locale and time zone. */
export function formatDateTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
}

/** Bytes as "1.5 GB", "320 MB", "12 KB". */
export function formatSize(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} MB`;
  return `${Math.round(n / 1024)} KB`;
}
