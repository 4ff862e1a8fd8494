// Pure functions that compute a new curriculum order; the builder sends the
// result to PUT /courses/{id}/curriculum as the complete new order.

import type { Lecture, Section } from '@/types/api';

function renumber(sections: Section[]): Section[] {
  return sections.map((s, i) => ({ ...s, position: i + 1, lectures: s.lectures.map((l, j) => ({ ...l, position: j + 1 })) }));
}

/** Where a lecture is: section index and index within it; null if absent. */
export function findLecture(sections: Section[], lectureId: string): { section: number; index: number } | null {
  for (let s = 0; s < sections.length; s++) {
    const index = sections[s].lectures.findIndex((l) => l.id === lectureId);
    if (index >= 0) return { section: s, index };
  }
  return null;
}

/**
 * Moves a lecture one step up (-1) or down (+1). Past the end of its section
 * it goes to the start of the next section; before the start, to the end of
 * the previous one. Null when it can go no further.
 */
export function stepLecture(sections: Section[], lectureId: string, delta: -1 | 1): Section[] | null {
  const at = findLecture(sections, lectureId);
  if (!at) return null;
  const inSection = sections[at.section].lectures.length;
  const target = at.index + delta;
  // placeLecture counts before the lecture leaves: one down is two slots on.
  if (target >= 0 && target < inSection) return placeLecture(sections, lectureId, sections[at.section].id, delta > 0 ? target + 1 : target);
  const nextSection = at.section + delta;
  if (nextSection < 0 || nextSection >= sections.length) return null;
  const to = sections[nextSection];
  return placeLecture(sections, lectureId, to.id, delta > 0 ? 0 : to.lectures.length);
}

/** Can the lecture move one step that way? */
export function canStepLecture(sections: Section[], lectureId: string, delta: -1 | 1): boolean {
  const at = findLecture(sections, lectureId);
  if (!at) return false;
  if (delta < 0) return at.index > 0 || at.section > 0;
  return at.index < sections[at.section].lectures.length - 1 || at.section < sections.length - 1;
}

/**
 * Puts a lecture into a section at an index counted in that section as it is
 * now (before the lecture leaves its old place), as drag-and-drop measures it.
 */
export function placeLecture(sections: Section[], lectureId: string, toSectionId: string, toIndex: number): Section[] {
  const at = findLecture(sections, lectureId);
  if (!at) return sections;
  const lecture: Lecture = sections[at.section].lectures[at.index];
  let index = toIndex;
  if (sections[at.section].id === toSectionId && at.index < toIndex) index--; // it left a gap above
  const without = sections.map((s) => ({ ...s, lectures: s.lectures.filter((l) => l.id !== lectureId) }));
  return renumber(
    without.map((s) => {
      if (s.id !== toSectionId) return s;
      const lectures = [...s.lectures];
      lectures.splice(Math.max(0, Math.min(index, lectures.length)), 0, lecture);
      return { ...s, lectures };
    }),
  );
}

/** Moves a section to `toIndex` counted in the current list (drag-and-drop), or null if unknown. */
export function placeSection(sections: Section[], sectionId: string, toIndex: number): Section[] {
  const from = sections.findIndex((s) => s.id === sectionId);
  if (from < 0) return sections;
  const index = from < toIndex ? toIndex - 1 : toIndex;
  const rest = sections.filter((s) => s.id !== sectionId);
  rest.splice(Math.max(0, Math.min(index, rest.length)), 0, sections[from]);
  return renumber(rest);
}

/** Moves a section one step; null at either end. */
export function stepSection(sections: Section[], sectionId: string, delta: -1 | 1): Section[] | null {
  const from = sections.findIndex((s) => s.id === sectionId);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= sections.length) return null;
  return placeSection(sections, sectionId, delta > 0 ? to + 1 : to);
}

/** True when two curricula list the same sections and lectures in the same order. */
export function sameOrder(a: Section[], b: Section[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => s.id === b[i].id && s.lectures.length === b[i].lectures.length && s.lectures.every((l, j) => l.id === b[i].lectures[j].id))
  );
}
