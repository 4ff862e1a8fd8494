import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';

import { Button } from '@/components/Button';
import { Spinner } from '@/components/Spinner';
import { errorText } from '@/lib/form-errors';
import { formatClock } from '@/lib/format';

import { useLectureVideo, type LectureVideo } from '../api/video';
import { useVideoUpload } from '../hooks/use-video-upload';
import { formatBytes, formatTimeLeft } from '../utils/upload-stats';

import './video-upload.css';

const percent = (x: number) => `${Math.floor(Math.max(0, Math.min(1, x)) * 100)}%`;

/**
 * A video lecture's upload and processing status in the curriculum builder:
 * pick or drop a file, watch it upload (pause, resume, cancel; an upload
 * interrupted by a reload is offered for resuming), then watch the server
 * process it (queued → processing → ready, or failed with the reason).
 */
export function VideoUpload({ courseId, lectureId, number }: { courseId: string; lectureId: string; number: string }) {
  const video = useLectureVideo(lectureId, courseId);
  const up = useVideoUpload(lectureId);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [dragOver, setDragOver] = useState(false);
  const [rejected, setRejected] = useState('');
  const [resumeHint, setResumeHint] = useState(false);

  const choose = (resuming = false) => {
    setResumeHint(resuming);
    inputRef.current?.click();
  };
  const take = (file: File | undefined) => {
    setRejected('');
    if (!file) return;
    if (file.type && !file.type.startsWith('video/')) {
      setRejected(`“${file.name}” is not a video file. Choose an MP4, MOV, WebM or other video.`);
      return;
    }
    setResumeHint(false);
    void up.start(file);
  };
  const isFileDrag = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  const dropHandlers = {
    onDragOver: (e: DragEvent<HTMLDivElement>) => {
      if (!isFileDrag(e)) return; // a curriculum reorder passes through
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = 'copy';
      setDragOver(true);
    },
    onDragLeave: () => setDragOver(false),
    onDrop: (e: DragEvent<HTMLDivElement>) => {
      if (!isFileDrag(e)) return;
      e.preventDefault();
      e.stopPropagation();
      setDragOver(false);
      take(e.dataTransfer.files[0]);
    },
  };

  const active = up.state.phase === 'uploading' || up.state.phase === 'paused' ? up.state : null;
  const uploading = active !== null;
  const v = video.data;

  let status: { key: string; text: ReactNode };
  if (up.state.phase === 'uploading' || up.state.phase === 'paused') {
    const p = up.state.total ? up.state.sent / up.state.total : 0;
    status = { key: 'uploading', text: up.state.phase === 'paused' ? `uploading, paused at ${percent(p)}` : `uploading ${percent(p)}` };
  } else if (video.isPending) {
    status = { key: 'loading', text: 'checking…' };
  } else if (video.isError) {
    status = { key: 'unknown', text: 'status unavailable' };
  } else if (!v) {
    status = { key: 'none', text: 'none yet' };
  } else {
    status = { key: v.status, text: statusText(v) };
  }

  const picker = (label: string, variant: 'primary' | 'secondary' = 'secondary') => (
    <Button variant={variant} className="btn-small" onClick={() => choose()}>
      {label}
      <span className="sr-only"> for lecture {number}</span>
    </Button>
  );

  return (
    <div
      className={['video-upload', dragOver ? 'video-upload-over' : ''].filter(Boolean).join(' ')}
      {...(uploading ? {} : dropHandlers)}
      aria-label={`Video of lecture ${number}`}
      role="group"
    >
      <p className="video-status" data-testid="video-status" data-status={status.key} aria-live="polite">
        <span className="video-status-label">Video:</span> {status.text}
        {v && !uploading && v.filename && (
          <span className="muted video-file">
            {' '}
            · {v.filename}
            {v.size_bytes > 0 && ` (${formatBytes(v.size_bytes)})`}
          </span>
        )}
      </p>

      {!uploading && (
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          accept="video/*"
          className="sr-only"
          tabIndex={-1}
          aria-label={`Video file for lecture ${number}`}
          data-testid="video-upload-input"
          onChange={(e) => {
            take(e.currentTarget.files?.[0]);
            e.currentTarget.value = ''; // choosing the same file again still fires change
          }}
        />
      )}

      {active && <UploadProgress state={active} onPause={up.pause} onResume={up.resume} onCancel={() => void up.cancel()} />}

      {up.state.phase === 'error' && (
        <div className="alert alert-error" role="alert">
          <p>
            The upload of “{up.state.filename}” stopped: {up.state.message}
          </p>
          <div className="video-actions">
            <Button variant="secondary" className="btn-small" onClick={up.retry}>
              Try again
            </Button>
            <Button variant="link" className="btn-small" onClick={up.dismissError}>
              Dismiss
            </Button>
          </div>
        </div>
      )}

      {!uploading && up.stored && (
        <div className="alert alert-warn" data-testid="resume-upload">
          <p>
            The upload of “{up.stored.filename}”{up.stored.size > 0 && ` (${formatBytes(up.stored.size)})`} was interrupted.
            {resumeHint && ` Choose “${up.stored.filename}” again: the upload continues where it stopped.`}
          </p>
          <div className="video-actions">
            <Button variant="primary" className="btn-small" onClick={() => choose(true)}>
              Resume upload of {up.stored.filename}
            </Button>
            <Button variant="link" className="btn-small" onClick={() => void up.cancel()}>
              Discard it
            </Button>
          </div>
        </div>
      )}

      {!uploading && v?.status === 'processing' && (
        <div className="video-progress">
          <progress max={1} value={v.progress} aria-label={`Processing lecture ${number}`} />
          <span>{percent(v.progress)}</span>
        </div>
      )}

      {!uploading && v?.status === 'queued' && <p className="muted video-note">Waiting for a free transcoder. This page updates by itself.</p>}

      {!uploading && v?.status === 'ready' && v.renditions.length > 0 && (
        <ul className="video-renditions" aria-label="Qualities">
          {[...v.renditions]
            .sort((a, b) => b.height - a.height)
            .map((r) => (
              <li key={r.name}>
                <span className="badge">{r.name}</span> {r.width}×{r.height}
                {r.bandwidth > 0 && <span className="muted"> · {(r.bandwidth / 1e6).toFixed(1)} Mbit/s</span>}
              </li>
            ))}
        </ul>
      )}

      {!uploading && v?.status === 'failed' && (
        <div className="alert alert-error" role="alert" data-testid="video-error">
          <p className="alert-title">We couldn’t process “{v.filename || 'this file'}”.</p>
          <p>{v.error || 'The file could not be read as a video.'}</p>
          <div className="video-actions">{picker('Upload another file', 'primary')}</div>
        </div>
      )}

      {video.isError && (
        <p className="field-error">
          {errorText(video.error)}{' '}
          <Button variant="link" className="btn-small" onClick={() => void video.refetch()}>
            Try again
          </Button>
        </p>
      )}

      {rejected && (
        <p className="field-error" role="alert">
          {rejected}
        </p>
      )}

      {!uploading && !up.stored && v?.status !== 'failed' && !video.isPending && (
        <div className="video-drop">
          {!v || v.status === 'uploading' ? (
            <>
              {picker(v ? 'Choose the video again' : 'Choose a video file', 'primary')}
              <span className="muted">or drop it here. MP4, MOV or WebM; processing starts when the upload finishes.</span>
            </>
          ) : (
            <>
              {picker('Replace video')}
              <span className="muted">or drop a new file here.</span>
            </>
          )}
        </div>
      )}
      {video.isPending && !uploading && <Spinner size="small" label="Checking the video…" />}
    </div>
  );
}

function statusText(v: LectureVideo): string {
  switch (v.status) {
    case 'uploading':
      return 'upload not finished';
    case 'queued':
      return 'queued for processing';
    case 'processing':
      return `processing ${percent(v.progress)}`;
    case 'ready':
      return [`ready`, v.duration_s > 0 ? formatClock(v.duration_s) : '', v.width && v.height ? `${v.width}×${v.height}` : ''].filter(Boolean).join(' · ');
    case 'failed':
      return 'failed';
    default:
      return v.status;
  }
}

function UploadProgress({
  state,
  onPause,
  onResume,
  onCancel,
}: {
  state: { phase: 'uploading' | 'paused'; filename: string; sent: number; total: number; bytesPerSecond: number; resumed: boolean };
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
}) {
  const p = state.total ? state.sent / state.total : 0;
  const left = formatTimeLeft(state.total - state.sent, state.bytesPerSecond);
  const details = [
    `${formatBytes(state.sent)} of ${formatBytes(state.total)}`,
    state.phase === 'uploading' && state.bytesPerSecond > 0 ? `${formatBytes(state.bytesPerSecond)}/s` : '',
    state.phase === 'uploading' ? left : 'paused',
  ].filter(Boolean);
  return (
    <div className="video-uploading" data-testid="upload-progress">
      <p className="video-file-name">
        {state.resumed ? 'Resuming' : 'Uploading'} “{state.filename}”
      </p>
      <div className="video-progress">
        <progress max={1} value={p} aria-label={`Upload of ${state.filename}`} />
        <span data-testid="upload-percent">{percent(p)}</span>
      </div>
      <p className="muted video-note">{details.join(' · ')}</p>
      <div className="video-actions">
        {state.phase === 'uploading' ? (
          <Button variant="secondary" className="btn-small" onClick={onPause} data-testid="upload-pause">
            Pause
          </Button>
        ) : (
          <Button variant="primary" className="btn-small" onClick={onResume} data-testid="upload-resume">
            Resume
          </Button>
        )}
        <Button
          variant="link"
          className="btn-small btn-danger-link"
          onClick={() => {
            if (window.confirm(`Cancel the upload of “${state.filename}”? What was sent is deleted.`)) onCancel();
          }}
        >
          Cancel
        </Button>
      </div>
    </div>
  );
}
