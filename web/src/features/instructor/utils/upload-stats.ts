// Speed and time left for an upload, from recent progress samples.

/** A moving window of (time, bytes) samples: speed follows the last few seconds, not the whole upload. */
export function createRateMeter(windowMs = 5000) {
  let samples: { t: number; bytes: number }[] = [];
  return {
    /** Record bytes sent so far at time t (ms). */
    add(bytes: number, t = performance.now()) {
      samples.push({ t, bytes });
      while (samples.length > 2 && t - samples[1].t >= windowMs) samples.shift();
    },
    /** Bytes per second over the window; 0 until there are two samples. */
    rate(): number {
      if (samples.length < 2) return 0;
      const a = samples[0];
      const b = samples[samples.length - 1];
      const dt = (b.t - a.t) / 1000;
      return dt > 0 ? Math.max(0, (b.bytes - a.bytes) / dt) : 0;
    },
    reset() {
      samples = [];
    },
  };
}

/** "850 KB", "12.4 MB", "1.2 GB" (decimal units, as file managers show sizes). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** "about 2 min left", "12 s left"; '' when unknown. */
export function formatTimeLeft(bytesLeft: number, bytesPerSecond: number): string {
  if (!(bytesPerSecond > 0) || bytesLeft < 0) return '';
  const s = Math.ceil(bytesLeft / bytesPerSecond);
  if (s < 60) return `${s} s left`;
  if (s < 3600) return `about ${Math.round(s / 60)} min left`;
  const h = Math.floor(s / 3600);
  return `about ${h} h ${Math.round((s % 3600) / 60)} min left`;
}
