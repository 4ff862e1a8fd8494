import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type RefObject } from 'react';

import { mergeLectureProgress, progressKey, putProgress, putProgressOnExit } from '../api/progress';
import type { ProgressReport } from '../api/types';

const REPORT_EVERY_MS = 10_000;

/**
 * Reports where the student is in a video lecture and how many seconds they
 * actually played since the last report (seeking does not count): every ~10 s
 * while playing, on pause, on the end (completed), when the page is hidden or
 * closed (fetch keepalive), and when the lecture changes.
 */
export function useProgressReporter(videoRef: RefObject<HTMLVideoElement | null>, lectureId: string, courseId: string, enabled: boolean) {
  const queryClient = useQueryClient();

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !enabled) return;
    let watched = 0;
    let lastTime = video.currentTime;
    let lastReportAt = Date.now();
    let lastReportedPosition = -1;

    const report = (completed: boolean, exiting = false) => {
      const position = Math.round(video.currentTime * 10) / 10;
      if (!completed && watched < 0.5 && Math.abs(position - lastReportedPosition) < 1) return; // nothing new
      const body: ProgressReport = { position_s: position, watched_s: Math.round(watched * 10) / 10, completed };
      watched = 0;
      lastReportAt = Date.now();
      lastReportedPosition = position;
      if (exiting) {
        putProgressOnExit(lectureId, body);
        return;
      }
      putProgress(lectureId, body)
        .then((p) => {
          mergeLectureProgress(queryClient, courseId, p);
          if (completed) void queryClient.invalidateQueries({ queryKey: progressKey(courseId) });
        })
        .catch(() => undefined); // progress is best effort; the next report carries it
    };

    const onTime = () => {
      const t = video.currentTime;
      const d = t - lastTime;
      lastTime = t;
      if (video.paused || video.seeking) return;
      if (d > 0 && d < 1.5 * video.playbackRate + 0.5) watched += d;
      if (Date.now() - lastReportAt >= REPORT_EVERY_MS) report(false);
    };
    const onSeeked = () => (lastTime = video.currentTime);
    const onPause = () => !video.ended && report(false);
    const onEnded = () => report(true);
    const onVisibility = () => document.visibilityState === 'hidden' && report(false, true);
    const onPageHide = () => report(false, true);

    video.addEventListener('timeupdate', onTime);
    video.addEventListener('seeked', onSeeked);
    video.addEventListener('pause', onPause);
    video.addEventListener('ended', onEnded);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('seeked', onSeeked);
      video.removeEventListener('pause', onPause);
      video.removeEventListener('ended', onEnded);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      if (!video.ended) report(false); // moving to another lecture
    };
  }, [videoRef, lectureId, courseId, enabled, queryClient]);
}
