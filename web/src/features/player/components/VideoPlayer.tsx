import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';

import { formatClock } from '@/lib/format';

import { getPlayback } from '../api/playback';
import type { Playback } from '../api/types';
import { useHls } from '../hooks/use-hls';
import { useMediaState } from '../hooks/use-media-state';
import { useProgressReporter } from '../hooks/use-progress-reporter';
import { actionForKey, SPEEDS, stepSpeed, type PlayerAction } from '../utils/shortcuts';

import { AutoAdvance } from './AutoAdvance';
import { Icon } from './icons';
import { PlaybackError } from './PlaybackError';
import { SeekBar } from './SeekBar';
import { ShortcutHelp } from './ShortcutHelp';
import { Watermark } from './Watermark';

export interface NextLecture {
  title: string;
  href: string;
}

/**
 * The video lecture player: hls.js (or native HLS) with our own controls
 * (quality, speed, captions, seek thumbnails, full screen on the frame so the
 * watermark stays on top), keyboard shortcuts, progress reports, and an
 * auto-advance countdown at the end.
 */
export function VideoPlayer({
  lectureId,
  courseId,
  playback: first,
  startAt,
  reportProgress,
  next,
  title,
}: {
  lectureId: string;
  courseId: string;
  playback: Playback;
  startAt: number;
  reportProgress: boolean;
  next: NextLecture | null;
  title: string;
}) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  // The newest signed URLs (thumbnails and captions follow a token refresh).
  const [playback, setPlayback] = useState(first);
  const refresh = useCallback(async () => {
    const p = await getPlayback(lectureId);
    setPlayback(p);
    return p;
  }, [lectureId]);

  // Declared before useHls so its clean-up reports the position before the source is unloaded.
  useProgressReporter(videoRef, lectureId, courseId, reportProgress);
  const [src] = useState(first.hls_url);
  const hls = useHls(videoRef, src, startAt, refresh, first.encryption);
  const media = useMediaState(videoRef);

  const [fullscreen, setFullscreen] = useState(false);
  const [help, setHelp] = useState(false);
  // Narrow players (phones) fold speed, quality and captions behind one button, so nothing is cut off.
  const [settings, setSettings] = useState(false);
  const [captionIndex, setCaptionIndex] = useState(-1);
  const lastCaption = useRef(0);
  const [idle, setIdle] = useState(false);
  const [ended, setEnded] = useState(false);
  const [flash, setFlash] = useState('');

  // ---- captions: <track> elements, one at a time, drawn by us above the control bar ----
  // The browser's own rendering puts cues at the very bottom, under our controls;
  // a "hidden" track still fires cuechange, so we show its active cues ourselves.
  const [cueLines, setCueLines] = useState<string[]>([]);
  useEffect(() => {
    const tracks = videoRef.current?.textTracks;
    setCueLines([]);
    if (!tracks) return;
    let shown: TextTrack | null = null;
    for (let i = 0; i < tracks.length; i++) {
      if (tracks[i].kind !== 'subtitles' && tracks[i].kind !== 'captions') continue;
      tracks[i].mode = i === captionIndex ? 'hidden' : 'disabled';
      if (i === captionIndex) shown = tracks[i];
    }
    if (!shown) return;
    const track = shown;
    const onCue = () => setCueLines(cueText(track.activeCues));
    onCue();
    track.addEventListener('cuechange', onCue);
    return () => track.removeEventListener('cuechange', onCue);
  }, [captionIndex, playback.captions]);

  // ---- full screen on the frame, so the watermark and controls stay on top ----
  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === frameRef.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggleFullscreen = useCallback(() => {
    const frame = frameRef.current;
    if (!frame) return;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else if (frame.requestFullscreen) void frame.requestFullscreen().catch(() => undefined);
    else (videoRef.current as HTMLVideoElement & { webkitEnterFullscreen?: () => void })?.webkitEnterFullscreen?.();
  }, []);

  // ---- controls hide while playing and the pointer rests ----
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const wake = useCallback(() => {
    setIdle(false);
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => setIdle(true), 3000);
  }, []);
  useEffect(() => () => clearTimeout(idleTimer.current), []);

  const say = useCallback((text: string) => {
    setFlash(text);
  }, []);
  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => setFlash(''), 900);
    return () => clearTimeout(t);
  }, [flash]);

  const togglePlay = useCallback(() => {
    const v = videoRef.current;
    if (!v) return;
    if (v.paused || v.ended) void v.play().catch(() => undefined);
    else v.pause();
  }, []);

  const seekBy = useCallback((by: number) => {
    const v = videoRef.current;
    if (!v || !Number.isFinite(v.duration)) return;
    v.currentTime = Math.max(0, Math.min(v.duration - 0.1, v.currentTime + by));
  }, []);

  const setSpeed = useCallback((rate: number) => {
    const v = videoRef.current;
    if (!v) return;
    v.playbackRate = rate;
  }, []);

  const toggleCaptions = useCallback(() => {
    if (!playback.captions.length) return;
    setCaptionIndex((i) => {
      if (i >= 0) {
        lastCaption.current = i;
        return -1;
      }
      return lastCaption.current < playback.captions.length ? lastCaption.current : 0;
    });
  }, [playback.captions.length]);

  const perform = useCallback(
    (a: PlayerAction) => {
      const v = videoRef.current;
      if (!v) return;
      switch (a.type) {
        case 'toggle':
          togglePlay();
          break;
        case 'seek':
          seekBy(a.by);
          say(`${a.by > 0 ? '+' : '−'}${Math.abs(a.by)} s`);
          break;
        case 'volume':
          v.muted = false;
          v.volume = Math.round(Math.max(0, Math.min(1, v.volume + a.by)) * 10) / 10;
          say(`Volume ${Math.round(v.volume * 100)}%`);
          break;
        case 'mute':
          v.muted = !v.muted;
          say(v.muted ? 'Muted' : 'Sound on');
          break;
        case 'fullscreen':
          toggleFullscreen();
          break;
        case 'captions':
          toggleCaptions();
          break;
        case 'speed': {
          const rate = stepSpeed(v.playbackRate, a.step);
          setSpeed(rate);
          say(`${rate}×`);
          break;
        }
        case 'help':
          setHelp((h) => !h);
          break;
      }
    },
    [togglePlay, seekBy, say, toggleFullscreen, toggleCaptions, setSpeed],
  );

  // Shortcuts work anywhere on the page (the player is what it is for), except in fields.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const a = actionForKey(e);
      if (!a) return;
      e.preventDefault();
      wake();
      perform(a);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [perform, wake]);

  useEffect(() => {
    const v = videoRef.current;
    if (!v) return;
    const onEnded = () => setEnded(true);
    const onPlay = () => setEnded(false);
    v.addEventListener('ended', onEnded);
    v.addEventListener('play', onPlay);
    return () => {
      v.removeEventListener('ended', onEnded);
      v.removeEventListener('play', onPlay);
    };
  }, []);

  const duration = Number.isFinite(media.duration) && media.duration > 0 ? media.duration : playback.video.duration_s;
  const sortedLevels = [...hls.levels].sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);
  const playing = levelName(hls.levels.find((l) => l.index === hls.currentLevel));

  if (hls.error) return <PlaybackError error={hls.error} />;

  return (
    <div
      ref={frameRef}
      className={['player-frame', idle && !media.paused ? 'player-idle' : '', fullscreen ? 'player-fullscreen' : ''].filter(Boolean).join(' ')}
      onPointerMove={wake}
      onPointerDown={wake}
      onFocus={wake}
      data-testid="player-frame"
    >
      <video
        ref={videoRef}
        className="player-video"
        data-testid="player-video"
        poster={playback.poster_url || undefined}
        playsInline
        preload="metadata"
        onClick={togglePlay}
        onDoubleClick={toggleFullscreen}
        aria-label={title}
      >
        {playback.captions.map((c) => (
          <track key={c.url} kind="subtitles" src={c.url} srcLang={c.language} label={c.label} />
        ))}
      </video>

      {playback.watermark && <Watermark text={playback.watermark} />}

      {cueLines.length > 0 && (
        <div className="player-captions" data-testid="player-captions">
          {cueLines.map((line, i) => (
            <span key={i}>{line}</span>
          ))}
        </div>
      )}

      {media.waiting && !media.paused && <div className="player-buffering" aria-hidden="true" />}
      {flash && (
        <div className="player-flash" aria-hidden="true">
          {flash}
        </div>
      )}
      {hls.autoMuted && media.muted && (
        <button type="button" className="player-unmute" onClick={() => videoRef.current && (videoRef.current.muted = false)}>
          <Icon name="muted" /> Tap to unmute
        </button>
      )}

      {ended && next && <AutoAdvance next={next} onGo={() => navigate(next.href)} onCancel={() => setEnded(false)} />}

      {help && <ShortcutHelp onClose={() => setHelp(false)} />}

      <div className="player-controls" onClick={(e) => e.stopPropagation()}>
        <SeekBar videoRef={videoRef} duration={duration} current={media.currentTime} buffered={media.buffered} thumbnailsUrl={playback.thumbnails_vtt_url} />
        <div className="player-bar">
          <ControlButton label={media.paused ? 'Play (k)' : 'Pause (k)'} onClick={togglePlay} testId="player-play">
            <Icon name={media.paused ? 'play' : 'pause'} />
          </ControlButton>
          <ControlButton label="Back 10 seconds (j)" onClick={() => seekBy(-10)} className="player-skip">
            <Icon name="back" />
          </ControlButton>
          <ControlButton label="Forward 10 seconds (l)" onClick={() => seekBy(10)} className="player-skip">
            <Icon name="forward" />
          </ControlButton>
          <ControlButton label={media.muted ? 'Unmute (m)' : 'Mute (m)'} onClick={() => videoRef.current && (videoRef.current.muted = !videoRef.current.muted)}>
            <Icon name={media.muted || media.volume === 0 ? 'muted' : 'volume'} />
          </ControlButton>
          <input
            type="range"
            className="player-volume"
            min={0}
            max={1}
            step={0.05}
            value={media.muted ? 0 : media.volume}
            aria-label="Volume"
            onChange={(e) => {
              const v = videoRef.current;
              if (!v) return;
              v.volume = Number(e.target.value);
              v.muted = v.volume === 0;
            }}
          />
          <span className="player-time" aria-label="Time">
            {formatClock(media.currentTime)} / {formatClock(duration)}
          </span>
          <span className="player-spacer" />
          <ControlButton label="Settings: speed, quality, captions" onClick={() => setSettings((o) => !o)} expanded={settings} className="player-settings-button" testId="player-settings">
            <Icon name="settings" />
          </ControlButton>
          <div
            className={settings ? 'player-settings player-settings-open' : 'player-settings'}
            data-testid="player-settings-panel"
            onKeyDown={(e) => {
              if (e.key === 'Escape' && settings) setSettings(false);
            }}
          >
            <label className="player-select">
              <span className="sr-only">Speed</span>
              <select value={String(media.rate)} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Playback speed" data-testid="speed-menu">
                {SPEEDS.map((s) => (
                  <option key={s} value={String(s)}>
                    {s}×
                  </option>
                ))}
              </select>
            </label>
            {hls.levels.length > 0 && (
              <label className="player-select">
                <span className="sr-only">Quality</span>
                <select
                  value={hls.autoLevel ? '-1' : String(hls.currentLevel)}
                  onChange={(e) => hls.setLevel(Number(e.target.value))}
                  aria-label="Quality"
                  data-testid="quality-menu"
                >
                  <option value="-1">Auto{hls.autoLevel && playing ? ` (${playing})` : ''}</option>
                  {sortedLevels.map((l) => (
                    <option key={l.index} value={String(l.index)}>
                      {levelName(l)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {playback.captions.length > 0 && (
              <label className="player-select">
                <span className="sr-only">Captions</span>
                <select value={String(captionIndex)} onChange={(e) => setCaptionIndex(Number(e.target.value))} aria-label="Captions (c)" data-testid="captions-menu">
                  <option value="-1">CC off</option>
                  {playback.captions.map((c, i) => (
                    <option key={c.url} value={String(i)}>
                      {c.label || c.language}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <ControlButton label="Keyboard shortcuts (?)" onClick={() => setHelp((h) => !h)} expanded={help} className="player-help-button">
            ?
          </ControlButton>
          <ControlButton label={fullscreen ? 'Exit full screen (f)' : 'Full screen (f)'} onClick={toggleFullscreen}>
            <Icon name={fullscreen ? 'exitFullscreen' : 'fullscreen'} />
          </ControlButton>
        </div>
      </div>
    </div>
  );
}

/** The text of the active cues, line by line, without WebVTT's markup tags (<i>, <v Speaker>…). */
function cueText(cues: TextTrackCueList | null): string[] {
  const lines: string[] = [];
  for (let i = 0; cues && i < cues.length; i++) {
    const text = (cues[i] as VTTCue).text ?? '';
    for (const line of text.replace(/<[^>]*>/g, '').split('\n')) {
      const t = line.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').trim();
      if (t) lines.push(t);
    }
  }
  return lines;
}

function levelName(l: { height: number; bitrate: number } | undefined): string {
  if (!l) return '';
  return l.height ? `${l.height}p` : `${Math.round(l.bitrate / 1000)} kbit/s`;
}

function ControlButton({
  label,
  onClick,
  children,
  testId,
  expanded,
  className,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
  testId?: string;
  expanded?: boolean;
  className?: string;
}) {
  return (
    <button type="button" className={['player-button', className].filter(Boolean).join(' ')} onClick={onClick} aria-label={label} title={label} data-testid={testId} aria-expanded={expanded}>
      <span aria-hidden="true">{children}</span>
    </button>
  );
}
