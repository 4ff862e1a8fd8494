// The Q&A and notes panels sit outside the video player component but need
// its clock: the time to attach to a question or note, and a seek when one
// is clicked. The page has one lecture video, so they find it by its test id.

function lectureVideo(): HTMLVideoElement | null {
  return document.querySelector<HTMLVideoElement>('video[data-testid="player-video"]');
}

/** The lecture video's current time in whole seconds, or null when there is no video. */
export function videoTime(): number | null {
  const v = lectureVideo();
  return v ? Math.floor(v.currentTime) : null;
}

/** Moves the lecture video to a time and brings it into view. */
export function seekVideo(seconds: number) {
  const v = lectureVideo();
  if (!v) return;
  v.currentTime = seconds;
  v.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

/** m:ss or h:mm:ss. */
export function clock(seconds: number): string {
  const t = Math.floor(seconds);
  const s = String(t % 60).padStart(2, '0');
  if (t >= 3600) return `${Math.floor(t / 3600)}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${s}`;
  return `${Math.floor(t / 60)}:${s}`;
}
