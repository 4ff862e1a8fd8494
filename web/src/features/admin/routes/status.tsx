import { useState } from 'react';

import { Button } from '@/components/Button';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';

import { useCleanOrphans, useSystemStatus } from '../api/status';
import type { SystemStatus } from '../types';
import { formatDateTime, formatSize, isHealthy, jobRows } from '../utils/status';

const VIDEO_STATES = [
  { state: 'uploading', label: 'Uploading' },
  { state: 'queued', label: 'Queued' },
  { state: 'processing', label: 'Processing' },
  { state: 'failed', label: 'Failed' },
] as const;

/** Videos that belong to no lecture: how many, and a button to delete them after a confirmation. */
function Orphans({ count }: { count: number }) {
  const clean = useCleanOrphans();
  const [asking, setAsking] = useState(false);
  if (count === 0) {
    return clean.isSuccess ? (
      <p className="muted" role="status" data-testid="orphans-cleaned">
        Deleted {clean.data.deleted} orphan {clean.data.deleted === 1 ? 'video' : 'videos'}.
      </p>
    ) : null;
  }
  return (
    <div data-testid="status-orphans">
      <p>
        {count} {count === 1 ? 'video belongs' : 'videos belong'} to no lecture (uploads replaced or abandoned more than a day ago).
      </p>
      <Button variant="secondary" className="btn-small" onClick={() => setAsking(true)} data-testid="clean-orphans">
        Clean up {count} {count === 1 ? 'orphan' : 'orphans'}
      </Button>
      {asking && (
        <ConfirmDialog
          title={`Delete ${count} orphan ${count === 1 ? 'video' : 'videos'}?`}
          confirmLabel="Delete them"
          danger
          pending={clean.isPending}
          error={clean.error ?? undefined}
          onConfirm={() => clean.mutate(undefined, { onSuccess: () => setAsking(false) })}
          onCancel={() => setAsking(false)}
        >
          <p>Their files and records are deleted for good. No lecture uses them, so no student or instructor loses anything.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function Health({ ok }: { ok: boolean }) {
  return <span className={ok ? 'badge badge-ok' : 'badge badge-danger'}>{ok ? 'OK' : 'Problem'}</span>;
}

function StatusCards({ s }: { s: SystemStatus }) {
  const jobs = jobRows(s.jobs);
  const jobTrouble = jobs.some((j) => j.trouble);
  const videoFailed = (s.videos.failed ?? 0) > 0;
  return (
    <>
      {!s.ffmpeg.found && (
        <div className="alert alert-error status-alert" role="alert" data-testid="ffmpeg-missing">
          <p className="alert-title">ffmpeg is missing</p>
          <p>Video uploads cannot be processed until ffmpeg is installed; uploads stay queued.</p>
          <p className="muted">
            Install ffmpeg (with ffprobe) on the server, for example <code>apt-get install ffmpeg</code>, and make sure it is on the PATH of
            the Lectern process. Queued videos are processed once it is found.
            {s.ffmpeg.error && (
              <>
                {' '}
                The server says: “{s.ffmpeg.error}”
              </>
            )}
          </p>
        </div>
      )}
      {(s.warnings ?? []).length > 0 && (
        <div className="alert alert-warn status-alert" role="alert" data-testid="status-warnings">
          <p className="alert-title">Needs attention</p>
          {s.warnings?.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
      <div className="status-grid">
        <section className="card status-card" aria-labelledby="st-db" data-testid="status-database">
          <h2 id="st-db">
            Database <Health ok={isHealthy(s.database)} />
          </h2>
          <p className="status-value">{isHealthy(s.database) ? 'Answering' : s.database}</p>
          {!isHealthy(s.database) && <p className="muted">Check that the database server is running and reachable; see the server log.</p>}
        </section>
        <section className="card status-card" aria-labelledby="st-storage" data-testid="status-storage">
          <h2 id="st-storage">
            Storage <Health ok={isHealthy(s.storage)} />
          </h2>
          <p className="status-value">{isHealthy(s.storage) ? 'Answering' : s.storage}</p>
          {!isHealthy(s.storage) && <p className="muted">Check the data directory’s permissions and free space, or the S3 settings.</p>}
        </section>
        <section className="card status-card" aria-labelledby="st-ffmpeg" data-testid="status-ffmpeg">
          <h2 id="st-ffmpeg">
            ffmpeg <Health ok={s.ffmpeg.found} />
          </h2>
          <p className="status-value">{s.ffmpeg.found ? s.ffmpeg.version || 'Found' : 'Not found'}</p>
        </section>
        {(s.disk ?? []).length > 0 && (
          <section className="card status-card" aria-labelledby="st-disk" data-testid="status-disk">
            <h2 id="st-disk">
              Disk space <Health ok={!s.disk?.some((d) => d.low)} />
            </h2>
            <dl className="status-list">
              {s.disk?.map((d) => (
                <div key={d.name} className="status-row">
                  <dt>{d.name}</dt>
                  <dd className={d.low ? 'trouble' : undefined}>
                    {formatSize(d.free_bytes)} free of {formatSize(d.total_bytes)}
                  </dd>
                </div>
              ))}
            </dl>
            {s.disk?.some((d) => d.low) && <p className="muted">New uploads are refused until space is freed: delete old sources or grow the disk.</p>}
          </section>
        )}
        <section className="card status-card" aria-labelledby="st-videos" data-testid="status-videos">
          <h2 id="st-videos">
            Videos <Health ok={!videoFailed} />
          </h2>
          <dl className="status-list">
            {VIDEO_STATES.map(({ state, label }) => (
              <div key={state} className="status-row">
                <dt>{label}</dt>
                <dd className={state === 'failed' && videoFailed ? 'trouble' : undefined}>{(s.videos[state] ?? 0).toLocaleString()}</dd>
              </div>
            ))}
          </dl>
          {videoFailed && <p className="muted">Instructors see why each failed next to the lecture and can upload again.</p>}
          <p className="muted">Counts only videos that belong to a lecture.</p>
          <Orphans count={s.orphan_videos ?? 0} />
        </section>
        <section className="card status-card" aria-labelledby="st-jobs" data-testid="status-jobs">
          <h2 id="st-jobs">
            Job queue <Health ok={!jobTrouble} />
          </h2>
          <dl className="status-list">
            {jobs.map((j) => (
              <div key={j.state} className="status-row">
                <dt>{j.label}</dt>
                <dd className={j.trouble ? 'trouble' : undefined}>{j.count.toLocaleString()}</dd>
              </div>
            ))}
          </dl>
          {jobTrouble && <p className="muted">Failed jobs are in the server log with their error.</p>}
        </section>
      </div>
      <p className="muted">
        Lectern {s.version} · checked {formatDateTime(s.checked_at)} · refreshes every 15 seconds
      </p>
    </>
  );
}

/** /admin/status: is everything Lectern depends on working? */
export default function AdminStatusRoute() {
  const status = useSystemStatus();
  return (
    <>
      <title>Status · Admin · Lectern</title>
      <div className="page-head">
        <h1>Status</h1>
        <Button variant="secondary" className="btn-small" loading={status.isFetching && !status.isPending} onClick={() => void status.refetch()}>
          Check now
        </Button>
      </div>
      {status.isPending ? (
        <PageSpinner label="Checking…" />
      ) : status.isError && !status.data ? (
        <ErrorMessage
          title="We couldn’t get the server’s status."
          error={status.error}
          action={
            <>
              <p>If the server itself is down, check that the Lectern process is running and read its log.</p>
              <Button variant="secondary" onClick={() => void status.refetch()}>
                Try again
              </Button>
            </>
          }
        />
      ) : (
        <>
          {status.isError && <ErrorMessage title="The last check failed; showing the one before." error={status.error} />}
          <StatusCards s={status.data} />
        </>
      )}
    </>
  );
}
