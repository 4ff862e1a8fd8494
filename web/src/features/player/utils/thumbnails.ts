/** One seek-preview image: a rectangle of a sprite sheet, shown for [start, end) seconds. */
export interface ThumbnailCue {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** "01:02:03.500" or "02:03.500" → seconds; NaN when it is not a timestamp. */
export function parseTimestamp(text: string): number {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/**
 * Parses a thumbnails WebVTT track: each cue's text is an image URL with a
 * media fragment, `sprite.jpg#xywh=0,0,160,90`, relative to the VTT's own URL
 * (which carries the signed token, so the sprite does too).
 */
export function parseThumbnailsVtt(text: string, vttUrl: string): ThumbnailCue[] {
  const base = new URL(vttUrl, typeof location !== 'undefined' ? location.href : 'http://localhost/');
  const cues: ThumbnailCue[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const timing = lines.findIndex((l) => l.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [a, b] = lines[timing].split('-->');
    const start = parseTimestamp(a);
    const end = parseTimestamp(b.trim().split(/\s+/)[0]);
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    const ref = lines[timing + 1].trim();
    const hash = ref.indexOf('#');
    const file = hash < 0 ? ref : ref.slice(0, hash);
    const frag = /xywh=(\d+),(\d+),(\d+),(\d+)/.exec(hash < 0 ? '' : ref.slice(hash));
    const url = new URL(file, base);
    cues.push({
      start,
      end,
      // Same origin: keep the path only, so it matches what the page requests.
      url: url.origin === base.origin ? url.pathname + url.search : url.href,
      x: frag ? Number(frag[1]) : 0,
      y: frag ? Number(frag[2]) : 0,
      w: frag ? Number(frag[3]) : 0,
      h: frag ? Number(frag[4]) : 0,
    });
  }
  return cues;
}

/** The cue showing at time t (binary search; cues are in time order). */
export function thumbnailAt(cues: ThumbnailCue[], t: number): ThumbnailCue | null {
  let lo = 0;
  let hi = cues.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cues[mid];
    if (t < c.start) hi = mid - 1;
    else if (t >= c.end) lo = mid + 1;
    else return c;
  }
  // Past the last cue's end (rounding at the very end): show the last one.
  return cues.length && t >= cues[cues.length - 1].end ? cues[cues.length - 1] : null;
}
