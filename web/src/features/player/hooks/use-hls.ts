import { useEffect, useRef, useState, type RefObject } from 'react';
import type Hls from 'hls.js';

import { api } from '../../../lib/api-client';
import type { Encryption, Playback } from '../api/types';

export interface QualityLevel {
  /** hls.js level index. */
  index: number;
  width: number;
  height: number;
  bitrate: number;
}

declare global {
  interface Window {
    /** For support and browser tests: how many qualities hls.js found and which one plays. */
    __lecternPlayer?: { levels: number; currentLevel: number; engine: 'hls.js' | 'native' };
  }
}

/** Refused media requests (an expired token) are answered by a new playback URL, at most this often. */
const MAX_REFRESHES_PER_MINUTE = 3;

/**
 * Plays a lecture's HLS stream in a <video>: with hls.js where Media Source
 * Extensions exist (checked first: Chromium also claims native HLS, and that
 * path has no quality control), else the browser's own HLS (Safari on iOS),
 * else an error. Media URLs carry an expiring token: when the server refuses
 * a playlist or segment (403), `refreshPlayback` fetches new URLs and playback
 * continues at the same time.
 */
export function useHls(
  videoRef: RefObject<HTMLVideoElement | null>,
  /** The first playback's HLS URL; refreshed URLs are loaded here, without a new src. */
  src: string,
  startAt: number,
  refreshPlayback: () => Promise<Playback>,
  /** How the segments are encrypted (null: clear), from the first playback answer. */
  encryption: Encryption | null = null,
) {
  const [levels, setLevels] = useState<QualityLevel[]>([]);
  const [currentLevel, setCurrentLevel] = useState(-1);
  const [autoLevel, setAutoLevel] = useState(true);
  const [error, setError] = useState<unknown>(null);
  /** True when the browser refused autoplay with sound and we started muted. */
  const [autoMuted, setAutoMuted] = useState(false);
  const hlsRef = useRef<Hls | null>(null);
  /** The viewer's manual quality choice (-1: automatic), re-applied after a token refresh. */
  const chosenLevel = useRef(-1);
  const refreshRef = useRef(refreshPlayback);
  refreshRef.current = refreshPlayback;
  const firstUrl = src;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let hls: Hls | null = null;
    let refreshing = false;
    const refreshTimes: number[] = [];
    setError(null);
    setLevels([]);

    const expose = (engine: 'hls.js' | 'native') => {
      window.__lecternPlayer = { levels: hls?.levels.length ?? 0, currentLevel: hls?.currentLevel ?? -1, engine };
    };

    /** Autoplay; browsers that refuse sound without a gesture get a muted start. */
    const play = () => {
      video.play().catch((err: unknown) => {
        if (cancelled || (err as { name?: string })?.name !== 'NotAllowedError') return;
        video.muted = true;
        setAutoMuted(true);
        void video.play().catch(() => undefined);
      });
    };

    const refresh = async (load: (p: Playback, at: number, wasPaused: boolean) => void) => {
      if (refreshing) return;
      const now = Date.now();
      while (refreshTimes.length && now - refreshTimes[0] > 60_000) refreshTimes.shift();
      if (refreshTimes.length >= MAX_REFRESHES_PER_MINUTE) {
        setError(new Error('The server keeps refusing this video. Reload the page to try again.'));
        return;
      }
      refreshTimes.push(now);
      refreshing = true;
      const at = video.currentTime;
      const wasPaused = video.paused;
      try {
        const p = await refreshRef.current();
        if (!cancelled) load(p, at, wasPaused);
      } catch (err) {
        if (!cancelled) setError(err); // e.g. the enrollment was refunded meanwhile
      } finally {
        refreshing = false;
      }
    };

    void (async () => {
      const { default: HlsJs } = await import('hls.js');
      if (cancelled) return;
      if (HlsJs.isSupported()) {
        // No Worker: the CSP allows no blob: workers (worker-src falls back to script-src 'self').
        const h = new HlsJs({
          enableWorker: false,
          startPosition: startAt > 0 ? startAt : -1,
          backBufferLength: 90,
          ...(encryption ? emeConfig(encryption) : {}),
        });
        hls = h;
        hlsRef.current = h;
        let resumeAfterRefresh: { at: number; wasPaused: boolean } | null = null;
        h.on(HlsJs.Events.MANIFEST_PARSED, () => {
          setLevels(h.levels.map((l, index) => ({ index, width: l.width, height: l.height, bitrate: l.bitrate })));
          expose('hls.js');
          if (resumeAfterRefresh) {
            if (chosenLevel.current >= 0) h.currentLevel = chosenLevel.current;
            if (!resumeAfterRefresh.wasPaused) play();
            resumeAfterRefresh = null;
          } else {
            play();
          }
        });
        h.on(HlsJs.Events.LEVEL_SWITCHED, (_, data) => {
          setCurrentLevel(data.level);
          expose('hls.js');
        });
        let networkRetries = 0;
        h.on(HlsJs.Events.ERROR, (_, data) => {
          if (data.type === HlsJs.ErrorTypes.NETWORK_ERROR && data.response?.code === 403) {
            void refresh((p, at, wasPaused) => {
              resumeAfterRefresh = { at, wasPaused };
              // loadSource re-creates the MediaSource; start loading where we were.
              h.config.startPosition = at;
              h.loadSource(p.hls_url);
            });
            return;
          }
          if (!data.fatal) return;
          if (data.type === HlsJs.ErrorTypes.KEY_SYSTEM_ERROR) {
            // The key endpoint refused (access ended: refund, disabled account) or the browser has no EME.
            setError(new Error('This video could not be unlocked: your access may have ended, or this browser cannot play protected video.'));
            return;
          }
          if (data.type === HlsJs.ErrorTypes.NETWORK_ERROR && networkRetries++ < 3) {
            setTimeout(() => !cancelled && h.startLoad(), 1000 * networkRetries);
          } else if (data.type === HlsJs.ErrorTypes.MEDIA_ERROR && networkRetries++ < 3) {
            h.recoverMediaError();
          } else {
            setError(new Error('The video stopped loading. Check your connection and reload the page.'));
          }
        });
        h.on(HlsJs.Events.FRAG_LOADED, () => {
          networkRetries = 0;
        });
        h.attachMedia(video);
        h.loadSource(firstUrl);
      } else if (encryption) {
        setError(new Error('This browser can’t play protected video. Use a current version of Chrome, Edge or Firefox.'));
      } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
        const start = () => {
          if (startAt > 0) video.currentTime = startAt;
          play();
        };
        video.addEventListener('loadedmetadata', start, { once: true });
        video.addEventListener('error', () => {
          if (video.error?.code !== MediaError.MEDIA_ERR_NETWORK) return;
          void refresh((p, at, wasPaused) => {
            video.src = p.hls_url;
            video.addEventListener(
              'loadedmetadata',
              () => {
                video.currentTime = at;
                if (!wasPaused) play();
              },
              { once: true },
            );
          });
        });
        video.src = firstUrl;
        expose('native');
      } else {
        setError(new Error('This browser can’t play streaming video. Use a current version of Chrome, Edge, Firefox or Safari.'));
      }
    })();

    return () => {
      cancelled = true;
      hls?.destroy();
      hlsRef.current = null;
      video.removeAttribute('src');
      video.load();
      delete window.__lecternPlayer;
    };
    // startAt is read once per source on purpose: later progress must not restart playback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [videoRef, firstUrl]);

  /** -1 for automatic. */
  const setLevel = (index: number) => {
    const h = hlsRef.current;
    if (!h) return;
    // currentLevel switches at once (flushing the buffer); -1 hands the choice back to ABR.
    h.currentLevel = index;
    chosenLevel.current = index;
    setAutoLevel(index === -1);
    if (index >= 0) setCurrentLevel(index);
    window.__lecternPlayer = { levels: h.levels.length, currentLevel: h.currentLevel, engine: 'hls.js' };
  };

  return { levels, currentLevel, autoLevel, setLevel, error, autoMuted };
}

/** base64url without padding, as ClearKey names key ids. */
function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * hls.js EME settings for ClearKey: the key id comes from the playlist's
 * EXT-X-KEY (a data: URI), the license request names it ("keyids" init
 * data), and goes to Lectern's key endpoint with the current access token.
 */
function emeConfig(enc: Encryption) {
  return {
    emeEnabled: true,
    drmSystems: {
      [enc.key_system]: {
        licenseUrl: enc.license_url,
        generateRequest: (_type: string, _data: ArrayBuffer | null, ctx: { decryptdata: { keyId: Uint8Array | null } }) => {
          const kid = ctx.decryptdata.keyId;
          if (!kid) return undefined;
          const body = new TextEncoder().encode(JSON.stringify({ kids: [base64url(kid)], type: 'temporary' }));
          return { initDataType: 'keyids', initData: body.buffer };
        },
      },
    },
    licenseXhrSetup: (xhr: XMLHttpRequest, url: string) => {
      xhr.open('POST', url, true);
      xhr.setRequestHeader('Content-Type', 'application/json');
      const token = api.accessToken();
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    },
  };
}
