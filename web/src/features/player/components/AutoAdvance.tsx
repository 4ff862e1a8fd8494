import { useEffect, useRef, useState } from 'react';

import type { NextLecture } from './VideoPlayer';

const SECONDS = 5;

/** "Up next" at the end of a video: goes on after a 5 s countdown unless cancelled. */
export function AutoAdvance({ next, onGo, onCancel }: { next: NextLecture; onGo: () => void; onCancel: () => void }) {
  const [left, setLeft] = useState(SECONDS);
  const go = useRef(onGo);
  go.current = onGo;
  const playNow = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    playNow.current?.focus();
    const t = setInterval(() => setLeft((n) => n - 1), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (left <= 0) go.current();
  }, [left]);
  return (
    <div className="player-next" role="dialog" aria-label="Up next" data-testid="auto-advance">
      <p className="player-next-label">Up next in {Math.max(left, 0)} s</p>
      <p className="player-next-title">{next.title}</p>
      <div className="player-next-actions">
        <button ref={playNow} type="button" className="btn btn-primary" onClick={onGo}>
          Play now
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel} data-testid="auto-advance-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
