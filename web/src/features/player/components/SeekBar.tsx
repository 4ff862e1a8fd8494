import { useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';

import { formatClock } from '@/lib/format';

import { parseThumbnailsVtt, thumbnailAt, type ThumbnailCue } from '../utils/thumbnails';

/** The seek-preview cues of a video (fetched once per signed URL; none if the file is missing). */
function useThumbnails(url: string): ThumbnailCue[] {
  const [cues, setCues] = useState<ThumbnailCue[]>([]);
  useEffect(() => {
    if (!url) return;
    const ctrl = new AbortController();
    fetch(url, { signal: ctrl.signal })
      .then((r) => (r.ok ? r.text() : ''))
      .then((text) => setCues(text ? parseThumbnailsVtt(text, url) : []))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [url]);
  return cues;
}

/**
 * The progress bar: a range input (so it works by keyboard and screen reader)
 * drawn with played and buffered parts, and on hover a preview of the frame
 * at that point from the thumbnails sprite.
 */
export function SeekBar({
  videoRef,
  duration,
  current,
  buffered,
  thumbnailsUrl,
}: {
  videoRef: RefObject<HTMLVideoElement | null>;
  duration: number;
  current: number;
  buffered: number;
  thumbnailsUrl: string;
}) {
  const cues = useThumbnails(thumbnailsUrl);
  const wrap = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ x: number; t: number } | null>(null);
  const d = duration > 0 ? duration : 0;
  const pct = (t: number) => `${d ? Math.min(100, (t / d) * 100) : 0}%`;

  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const r = wrap.current?.getBoundingClientRect();
    if (!r || !d || e.pointerType === 'touch') return;
    const x = Math.max(0, Math.min(r.width, e.clientX - r.left));
    setHover({ x, t: (x / r.width) * d });
  };

  const cue = hover ? thumbnailAt(cues, hover.t) : null;
  const width = wrap.current?.clientWidth ?? 0;
  const boxW = cue?.w || 80;
  const left = hover ? Math.max(0, Math.min(width - boxW, hover.x - boxW / 2)) : 0;

  return (
    <div ref={wrap} className="player-seek" onPointerMove={onMove} onPointerLeave={() => setHover(null)}>
      <div className="player-seek-track" aria-hidden="true">
        <div className="player-seek-buffered" style={{ width: pct(buffered) }} />
        <div className="player-seek-played" style={{ width: pct(current) }} />
      </div>
      <input
        type="range"
        className="player-seek-input"
        min={0}
        max={d || 1}
        step={0.1}
        value={Math.min(current, d || 1)}
        aria-label="Seek"
        aria-valuetext={`${formatClock(current)} of ${formatClock(d)}`}
        onChange={(e) => {
          const v = videoRef.current;
          if (v) v.currentTime = Number(e.target.value);
        }}
        data-testid="player-seek"
      />
      {hover && (
        <div className="player-preview" style={{ left }} aria-hidden="true" data-testid="seek-preview">
          {cue && (
            <div
              className="player-preview-image"
              style={{ width: cue.w, height: cue.h, backgroundImage: `url("${cue.url}")`, backgroundPosition: `-${cue.x}px -${cue.y}px` }}
            />
          )}
          <span className="player-preview-time">{formatClock(hover.t)}</span>
        </div>
      )}
    </div>
  );
}
