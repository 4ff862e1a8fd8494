import { describe, expect, it } from 'vitest';

import type { Section } from '@/types/api';

import { canStepLecture, placeLecture, placeSection, sameOrder, stepLecture, stepSection } from './curriculum-order';

function curriculum(spec: Record<string, string[]>): Section[] {
  return Object.entries(spec).map(([id, lectures], i) => ({
    id,
    title: id,
    position: i + 1,
    lectures: lectures.map((l, j) => ({ id: l, title: l, kind: 'article', position: j + 1, duration_s: 0, is_preview: false })),
  }));
}

const order = (sections: Section[] | null) => sections && Object.fromEntries(sections.map((s) => [s.id, s.lectures.map((l) => l.id)]));

describe('stepping lectures', () => {
  const start = curriculum({ s1: ['a', 'b'], s2: ['c'], s3: [] });

  it('moves within a section', () => {
    expect(order(stepLecture(start, 'a', 1))).toEqual({ s1: ['b', 'a'], s2: ['c'], s3: [] });
    expect(order(stepLecture(start, 'b', -1))).toEqual({ s1: ['b', 'a'], s2: ['c'], s3: [] });
  });

  it('crosses into the next or previous section at the ends', () => {
    expect(order(stepLecture(start, 'b', 1))).toEqual({ s1: ['a'], s2: ['b', 'c'], s3: [] });
    expect(order(stepLecture(start, 'c', -1))).toEqual({ s1: ['a', 'b', 'c'], s2: [], s3: [] });
    expect(order(stepLecture(start, 'c', 1))).toEqual({ s1: ['a', 'b'], s2: [], s3: ['c'] });
  });

  it('stops at the very first and very last place', () => {
    expect(stepLecture(start, 'a', -1)).toBeNull();
    expect(canStepLecture(start, 'a', -1)).toBe(false);
    expect(canStepLecture(start, 'a', 1)).toBe(true);
    const last = curriculum({ s1: ['a'], s2: ['b'] });
    expect(stepLecture(last, 'b', 1)).toBeNull();
    expect(canStepLecture(last, 'b', 1)).toBe(false);
  });

  it('renumbers positions', () => {
    const moved = stepLecture(start, 'b', 1)!;
    expect(moved[1].lectures.map((l) => l.position)).toEqual([1, 2]);
  });
});

describe('dropping', () => {
  const start = curriculum({ s1: ['a', 'b', 'c'], s2: ['d'] });

  it('places a lecture before the one it was dropped on, in the same section', () => {
    expect(order(placeLecture(start, 'a', 's1', 2))).toEqual({ s1: ['b', 'a', 'c'], s2: ['d'] });
    expect(order(placeLecture(start, 'c', 's1', 0))).toEqual({ s1: ['c', 'a', 'b'], s2: ['d'] });
    expect(order(placeLecture(start, 'a', 's1', 3))).toEqual({ s1: ['b', 'c', 'a'], s2: ['d'] });
  });

  it('places a lecture into another section', () => {
    expect(order(placeLecture(start, 'b', 's2', 1))).toEqual({ s1: ['a', 'c'], s2: ['d', 'b'] });
    expect(order(placeLecture(start, 'd', 's1', 0))).toEqual({ s1: ['d', 'a', 'b', 'c'], s2: [] });
  });

  it('moves sections', () => {
    const three = curriculum({ s1: [], s2: [], s3: [] });
    expect(placeSection(three, 's1', 3).map((s) => s.id)).toEqual(['s2', 's3', 's1']);
    expect(placeSection(three, 's3', 0).map((s) => s.id)).toEqual(['s3', 's1', 's2']);
    expect(stepSection(three, 's2', -1)!.map((s) => s.id)).toEqual(['s2', 's1', 's3']);
    expect(stepSection(three, 's2', 1)!.map((s) => s.id)).toEqual(['s1', 's3', 's2']);
    expect(stepSection(three, 's3', 1)).toBeNull();
  });

  it('knows when nothing moved', () => {
    expect(sameOrder(start, placeLecture(start, 'a', 's1', 0))).toBe(true);
    expect(sameOrder(start, placeLecture(start, 'a', 's1', 1))).toBe(true);
    expect(sameOrder(start, placeLecture(start, 'a', 's2', 0))).toBe(false);
  });
});
