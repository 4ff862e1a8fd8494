import { api } from '@/lib/api-client';

import { createSseParser } from '../utils/sse';

import type { LectureVideo } from './video';

type Listener = (video: LectureVideo) => void;

const listeners = new Set<Listener>();
const connectionListeners = new Set<() => void>();
let connected = false;
let controller: AbortController | null = null;

function setConnected(value: boolean) {
  if (connected === value) return;
  connected = value;
  for (const l of connectionListeners) l();
}

/** Whether GET /instructor/events is streaming right now (when not, callers poll). */
export const videoEventsConnected = () => connected;

export function onVideoEventsConnection(listener: () => void): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}

/**
 * Calls listener with every video change of the signed-in instructor, from one
 * shared GET /instructor/events stream that is open while anyone listens. The
 * stream is read with fetch() because EventSource cannot send the bearer
 * token; after a drop it reconnects (3 s, then slower), and on reconnecting
 * it reports `reconnected` so callers can refetch what they may have missed.
 */
export function subscribeVideoEvents(listener: Listener, reconnected?: () => void): () => void {
  listeners.add(listener);
  if (reconnected) reconnectListeners.add(reconnected);
  if (!controller) {
    controller = new AbortController();
    void stream(controller.signal);
  }
  return () => {
    listeners.delete(listener);
    if (reconnected) reconnectListeners.delete(reconnected);
    if (listeners.size === 0 && controller) {
      controller.abort();
      controller = null;
      setConnected(false);
    }
  };
}

const reconnectListeners = new Set<() => void>();

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

async function stream(signal: AbortSignal) {
  let failures = 0;
  let everConnected = false;
  while (!signal.aborted) {
    try {
      const token = api.accessToken() ?? (await api.restoreSession())?.access_token;
      if (!token) return; // signed out: nothing to stream
      const res = await fetch('/api/v1/instructor/events', {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
        cache: 'no-store',
        signal,
      });
      if (res.status === 401) {
        await api.restoreSession();
        throw new Error('token expired');
      }
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      failures = 0;
      setConnected(true);
      if (everConnected) for (const l of reconnectListeners) l();
      everConnected = true;
      const parser = createSseParser((e) => {
        if (e.event !== 'video') return;
        let video: LectureVideo;
        try {
          video = JSON.parse(e.data) as LectureVideo;
        } catch {
          return;
        }
        for (const l of listeners) l(video);
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch {
      // Dropped, refused or aborted: fall through to the retry below.
    }
    setConnected(false);
    if (signal.aborted) return;
    failures++;
    await sleep(Math.min(3000 * 2 ** Math.max(0, failures - 1), 30000), signal);
  }
}
