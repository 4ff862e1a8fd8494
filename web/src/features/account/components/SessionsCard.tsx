import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';

import { useEndOtherSessions, useEndSession, useSessions } from '../api/security';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Where you are signed in, with a way to end any other session at once. */
export function SessionsCard() {
  const sessions = useSessions();
  const end = useEndSession();
  const endOthers = useEndOtherSessions();
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;

  return (
    <section className="card" aria-labelledby="sessions-heading" data-testid="sessions">
      <h2 id="sessions-heading">Where you’re signed in</h2>
      {sessions.isPending && <Spinner />}
      {sessions.isError && <ErrorMessage error={sessions.error} />}
      {(end.isError || endOthers.isError) && <ErrorMessage error={end.error ?? endOthers.error} />}
      <ul className="session-list">
        {sessions.data?.map((s) => (
          <li key={s.id} className="session-row" data-testid="session" data-current={s.current || undefined}>
            <div>
              <strong>{s.device}</strong> {s.current && <span className="badge badge-ok">This device</span>}
              <div className="muted">
                {s.ip} · signed in {when(s.created_at)} · last active {when(s.last_used_at)}
              </div>
            </div>
            {!s.current && (
              <Button variant="secondary" loading={end.isPending && end.variables === s.id} onClick={() => end.mutate(s.id)} data-testid="end-session">
                End
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <Button variant="danger" loading={endOthers.isPending} onClick={() => endOthers.mutate()} data-testid="end-other-sessions">
          Sign out everywhere else
        </Button>
      )}
    </section>
  );
}
