import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DetailedError, Upload } from 'tus-js-client';

import { api } from '@/lib/api-client';

import { lectureVideoKey } from '../api/video';
import { createRateMeter } from '../utils/upload-stats';

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading' | 'paused'; filename: string; sent: number; total: number; bytesPerSecond: number; resumed: boolean }
  | { phase: 'error'; filename: string; message: string };

/** An upload of this lecture that a reload or a crash interrupted, remembered by tus-js-client. */
export interface StoredUpload {
  filename: string;
  size: number;
  key: string;
  uploadUrl: string | null;
}

// tus-js-client keeps "tus::<fingerprint>::<n>" entries in localStorage; our
// fingerprint starts with the lecture, so a lecture's unfinished uploads can
// be found without the file (which a reloaded page no longer has).
const prefix = (lectureId: string) => `tus::lectern-lecture-${lectureId}-`;

function fingerprint(lectureId: string, file: File): string {
  return `lectern-lecture-${lectureId}-${file.size}-${file.lastModified}-${file.name}`;
}

/** The newest interrupted upload stored for a lecture, if any. */
export function findStoredUpload(lectureId: string): StoredUpload | null {
  let found: (StoredUpload & { at: string }) | null = null;
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(prefix(lectureId))) continue;
      const entry = JSON.parse(localStorage.getItem(key) ?? 'null') as {
        size?: number;
        metadata?: Record<string, string>;
        creationTime?: string;
        uploadUrl?: string | null;
      } | null;
      if (!entry) continue;
      const at = entry.creationTime ?? '';
      if (!found || at > found.at) {
        found = { key, at, filename: entry.metadata?.filename ?? 'a video', size: entry.size ?? 0, uploadUrl: entry.uploadUrl ?? null };
      }
    }
  } catch {
    return null; // storage blocked or a malformed entry: nothing to offer
  }
  return found && { filename: found.filename, size: found.size, key: found.key, uploadUrl: found.uploadUrl };
}

function forgetStoredUploads(lectureId: string) {
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(prefix(lectureId))) keys.push(key);
    }
    for (const k of keys) localStorage.removeItem(k);
  } catch {
    // nothing stored, nothing to forget
  }
}

/** A sentence for the instructor from a failed tus request (problem document, tusd text, or none). */
function uploadErrorMessage(err: Error | DetailedError): string {
  const res = 'originalResponse' in err ? err.originalResponse : null;
  const status = res?.getStatus() ?? 0;
  let detail = '';
  let code = '';
  try {
    const body = res?.getBody() ?? '';
    if (body.trim().startsWith('{')) {
      const p = JSON.parse(body) as { detail?: string; title?: string; code?: string };
      detail = p.detail || p.title || '';
      code = p.code ?? '';
    } else {
      detail = body.trim().slice(0, 200);
    }
  } catch {
    // not JSON: keep the status
  }
  // Over the quota, too many open uploads, or no room on the server's disk: the server's sentence says what to do.
  if (['storage_quota_exceeded', 'too_many_uploads', 'insufficient_storage'].includes(code) && detail) return detail;
  if (status === 413) return 'This file is larger than the server accepts. Export a smaller file (a lower bitrate, or split the lecture) and try again.';
  if (status === 403 || status === 404) return detail || 'You can’t upload a video for this lecture.';
  if (status === 401) return 'Your session ended. Log in again, then resume the upload.';
  if (status === 0) return 'The connection to the server was lost. Check your connection, then resume.';
  return detail || `The upload failed (HTTP ${status}). Try again.`;
}

/**
 * A resumable (tus) upload of a lecture's video. tus-js-client is loaded only
 * when an upload starts. The bearer token is read before every request, so an
 * upload longer than the access token's 15 minutes keeps going; a 401 refreshes
 * the session and retries.
 */
export function useVideoUpload(lectureId: string) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const [stored, setStored] = useState<StoredUpload | null>(() => findStoredUpload(lectureId));
  const upload = useRef<Upload | null>(null);
  const refreshing = useRef<Promise<unknown> | null>(null);
  const meter = useRef(createRateMeter());
  const lastFile = useRef<File | null>(null);

  // Leaving the page pauses (the server keeps the bytes; a reload offers to resume).
  useEffect(() => () => void upload.current?.abort(), []);

  // Closing or reloading the tab mid-upload asks first.
  const sending = state.phase === 'uploading';
  useEffect(() => {
    if (!sending) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [sending]);

  const start = useCallback(
    async (file: File) => {
      await upload.current?.abort();
      lastFile.current = file;
      const tus = await import('tus-js-client');
      if (!api.accessToken()) await api.restoreSession();
      meter.current.reset();
      const base = { filename: file.name, sent: 0, total: file.size, bytesPerSecond: 0, resumed: false };
      setState({ phase: 'uploading', ...base });
      const u = new tus.Upload(file, {
        endpoint: '/api/v1/uploads',
        metadata: { lecture_id: lectureId, filename: file.name, filetype: file.type || 'application/octet-stream' },
        fingerprint: async (f) => fingerprint(lectureId, f as File),
        chunkSize: 32 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        removeFingerprintOnSuccess: true,
        async onBeforeRequest(req) {
          if (refreshing.current) await refreshing.current.catch(() => undefined);
          const token = api.accessToken() ?? (await api.restoreSession())?.access_token;
          if (token) req.setHeader('Authorization', `Bearer ${token}`);
        },
        onShouldRetry(err, attempt) {
          const status = err.originalResponse?.getStatus() ?? 0;
          if (status === 401 && attempt < 2) {
            refreshing.current = api.restoreSession().finally(() => (refreshing.current = null));
            return true;
          }
          // Refusals (403, 404, 413, 400…) will not change by trying again; 409/423/429 might,
          // but not the limit on open uploads (the instructor must finish or cancel one).
          if (status === 429 && err.originalResponse?.getBody().includes('too_many_uploads')) return false;
          if (status === 507) return false; // the disk is full: the message says to try later

          if (status >= 400 && status < 500 && ![409, 423, 429].includes(status)) return false;
          return true;
        },
        onProgress(sent, total) {
          meter.current.add(sent);
          setState((s) => (s.phase === 'uploading' ? { ...s, sent, total, bytesPerSecond: meter.current.rate() } : s));
        },
        onError(err) {
          upload.current = null;
          setState({ phase: 'error', filename: file.name, message: uploadErrorMessage(err) });
          setStored(findStoredUpload(lectureId));
        },
        onSuccess() {
          upload.current = null;
          setState({ phase: 'idle' });
          setStored(null);
          forgetStoredUploads(lectureId);
          void queryClient.invalidateQueries({ queryKey: lectureVideoKey(lectureId) });
        },
        onUploadUrlAvailable() {
          // The server created the video (status "uploading"): show it.
          void queryClient.invalidateQueries({ queryKey: lectureVideoKey(lectureId) });
        },
      });
      upload.current = u;
      // Resume where an earlier attempt with the same file stopped, if there was one.
      const previous = await u.findPreviousUploads();
      if (previous.length) {
        previous.sort((a, b) => (a.creationTime < b.creationTime ? 1 : -1));
        u.resumeFromPreviousUpload(previous[0]);
        setState((s) => (s.phase === 'uploading' ? { ...s, resumed: true } : s));
      } else {
        // A different file replaces whatever was interrupted before.
        forgetStoredUploads(lectureId);
      }
      setStored(null);
      u.start();
    },
    [lectureId, queryClient],
  );

  const pause = useCallback(() => {
    void upload.current?.abort();
    setState((s) => (s.phase === 'uploading' ? { ...s, phase: 'paused', bytesPerSecond: 0 } : s));
  }, []);

  const resume = useCallback(() => {
    if (!upload.current) return;
    meter.current.reset();
    setState((s) => (s.phase === 'paused' ? { ...s, phase: 'uploading' } : s));
    upload.current.start();
  }, []);

  /** Stop and delete the partial upload on the server. */
  const cancel = useCallback(async () => {
    const u = upload.current;
    upload.current = null;
    setState({ phase: 'idle' });
    const url = u?.url ?? stored?.uploadUrl;
    forgetStoredUploads(lectureId);
    setStored(null);
    if (u) await u.abort(false);
    if (url) {
      const tus = await import('tus-js-client');
      const token = api.accessToken();
      await tus.Upload.terminate(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} }).catch(() => undefined);
    }
    void queryClient.invalidateQueries({ queryKey: lectureVideoKey(lectureId) });
  }, [lectureId, queryClient, stored]);

  const dismissError = useCallback(() => setState({ phase: 'idle' }), []);

  /** After an error: try the same file again (it resumes from what the server has). */
  const retry = useCallback(() => {
    if (lastFile.current) void start(lastFile.current);
  }, [start]);

  return { state, stored, start, pause, resume, cancel, dismissError, retry };
}
