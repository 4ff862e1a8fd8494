import { useEffect, useState } from 'react';

/** Where the watermark sits next: a random spot that keeps the text inside the frame. */
const place = () => ({ top: `${5 + Math.random() * 75}%`, left: `${3 + Math.random() * 60}%` });

/**
 * The viewer's email, faint, moving every ~20 s: it discourages screen
 * recording without getting in the way (pointer-events: none). It lives in the
 * full-screen element, so it stays visible in full screen.
 */
export function Watermark({ text }: { text: string }) {
  const [pos, setPos] = useState(place);
  useEffect(() => {
    const t = setInterval(() => setPos(place()), 20_000);
    return () => clearInterval(t);
  }, []);
  return (
    <div className="player-watermark" aria-hidden="true" data-testid="player-watermark" style={pos}>
      {text}
    </div>
  );
}
