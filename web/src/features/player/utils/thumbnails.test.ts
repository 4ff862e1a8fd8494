import { describe, expect, it } from 'vitest';

import { parseThumbnailsVtt, parseTimestamp, thumbnailAt } from './thumbnails';

const vtt = `WEBVTT

00:00:00.000 --> 00:00:04.000
sprite.jpg#xywh=0,0,160,90

00:00:04.000 --> 00:00:08.000
sprite.jpg#xywh=160,0,160,90

1
00:08.000 --> 00:12.000 align:start
../other/sprite2.jpg#xywh=0,90,160,90
`;

describe('parseTimestamp', () => {
  it('reads hours, minutes and seconds', () => {
    expect(parseTimestamp('01:02:03.500')).toBe(3723.5);
    expect(parseTimestamp('02:03.5')).toBe(123.5);
    expect(parseTimestamp('nope')).toBeNaN();
  });
});

describe('parseThumbnailsVtt', () => {
  const cues = parseThumbnailsVtt(vtt, 'http://site.test/media/7/TOKEN/thumbnails.vtt');
  it('resolves sprite URLs against the VTT URL (keeping the token)', () => {
    expect(cues).toHaveLength(3);
    expect(cues[0]).toEqual({ start: 0, end: 4, url: '/media/7/TOKEN/sprite.jpg', x: 0, y: 0, w: 160, h: 90 });
    expect(cues[1]).toMatchObject({ x: 160, y: 0 });
    expect(cues[2]).toMatchObject({ start: 8, end: 12, url: '/media/7/other/sprite2.jpg', y: 90 });
  });
  it('finds the cue for a time', () => {
    expect(thumbnailAt(cues, 0)?.x).toBe(0);
    expect(thumbnailAt(cues, 5.9)?.x).toBe(160);
    expect(thumbnailAt(cues, 8)?.y).toBe(90);
    expect(thumbnailAt(cues, 99)?.y).toBe(90);
    expect(thumbnailAt([], 1)).toBeNull();
  });
});
