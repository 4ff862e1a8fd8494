import { useEffect, useState, type RefObject } from 'react';

export interface MediaState {
  paused: boolean;
  currentTime: number;
  duration: number;
  /** Seconds buffered ahead of (and including) the current position. */
  buffered: number;
  volume: number;
  muted: boolean;
  rate: number;
  waiting: boolean;
}

const EVENTS = ['play', 'pause', 'timeupdate', 'durationchange', 'loadedmetadata', 'progress', 'volumechange', 'ratechange', 'waiting', 'playing', 'seeking', 'seeked', 'ended', 'emptied'];

function read(v: HTMLVideoElement, waiting: boolean): MediaState {
  let buffered = 0;
  for (let i = 0; i < v.buffered.length; i++) {
    if (v.buffered.start(i) <= v.currentTime + 0.5 && v.buffered.end(i) >= v.currentTime) buffered = v.buffered.end(i);
  }
  return { paused: v.paused, currentTime: v.currentTime, duration: v.duration, buffered, volume: v.volume, muted: v.muted, rate: v.playbackRate, waiting };
}

/** The <video>'s state as React state, updated from its events. */
export function useMediaState(videoRef: RefObject<HTMLVideoElement | null>): MediaState {
  const [state, setState] = useState<MediaState>({ paused: true, currentTime: 0, duration: NaN, buffered: 0, volume: 1, muted: false, rate: 1, waiting: false });
  useEffect(() => {
    const v = videoRef.current;
    if (!v) return;
    let waiting = false;
    const update = (e?: Event) => {
      if (e?.type === 'waiting') waiting = true;
      if (e?.type === 'playing' || e?.type === 'pause' || e?.type === 'seeked') waiting = false;
      setState(read(v, waiting));
    };
    for (const name of EVENTS) v.addEventListener(name, update);
    update();
    return () => {
      for (const name of EVENTS) v.removeEventListener(name, update);
    };
  }, [videoRef]);
  return state;
}
