import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { CourseDetail, Lecture, LectureKind } from '@/types/api';

import { editMutationKey, useUpdateEditCache } from './keys';

export interface LectureInput {
  title?: string;
  kind?: LectureKind;
  body_md?: string;
  is_preview?: boolean;
}

export function addLecture(sectionId: string, input: LectureInput): Promise<Lecture> {
  return api.post<Lecture>(`/sections/${encodeURIComponent(sectionId)}/lectures`, input);
}

export function updateLecture(id: string, changes: LectureInput): Promise<Lecture> {
  return api.patch<Lecture>(`/lectures/${encodeURIComponent(id)}`, changes);
}

export function deleteLecture(id: string): Promise<void> {
  return api.delete(`/lectures/${encodeURIComponent(id)}`);
}

function mapLectures(c: CourseDetail, f: (sectionId: string, lectures: Lecture[]) => Lecture[]): CourseDetail {
  return { ...c, sections: c.sections.map((s) => ({ ...s, lectures: f(s.id, s.lectures) })) };
}

export function useAddLecture(courseId: string) {
  const update = useUpdateEditCache(courseId);
  return useMutation({
    mutationKey: editMutationKey(courseId),
    mutationFn: ({ sectionId, ...input }: LectureInput & { sectionId: string }) => addLecture(sectionId, input),
    onSuccess: (lecture, { sectionId }) => update((c) => mapLectures(c, (sid, ls) => (sid === sectionId ? [...ls, lecture] : ls))),
  });
}

export function useUpdateLecture(courseId: string) {
  const update = useUpdateEditCache(courseId);
  return useMutation({
    mutationKey: editMutationKey(courseId),
    mutationFn: ({ id, ...changes }: LectureInput & { id: string }) => updateLecture(id, changes),
    // Keep our place in the order: the reply's position may predate a move still in flight.
    onSuccess: (lecture) => update((c) => mapLectures(c, (_, ls) => ls.map((l) => (l.id === lecture.id ? { ...lecture, position: l.position } : l)))),
  });
}

export function useDeleteLecture(courseId: string) {
  const update = useUpdateEditCache(courseId);
  return useMutation({
    mutationKey: editMutationKey(courseId),
    mutationFn: deleteLecture,
    onSuccess: (_, id) => update((c) => mapLectures(c, (_, ls) => ls.filter((l) => l.id !== id))),
  });
}
