import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Section } from '@/types/api';

import { editMutationKey, useUpdateEditCache } from './keys';

export function addSection(courseId: string, title: string): Promise<Section> {
  return api.post<Section>(`/courses/${encodeURIComponent(courseId)}/sections`, { title });
}

export function renameSection(id: string, title: string): Promise<Section> {
  return api.patch<Section>(`/sections/${encodeURIComponent(id)}`, { title });
}

export function deleteSection(id: string): Promise<void> {
  return api.delete(`/sections/${encodeURIComponent(id)}`);
}

export function useAddSection(courseId: string) {
  const update = useUpdateEditCache(courseId);
  return useMutation({
    mutationKey: editMutationKey(courseId),
    mutationFn: (title: string) => addSection(courseId, title),
    onSuccess: (section) => update((c) => ({ ...c, sections: [...c.sections, section] })),
  });
}

export function useRenameSection(courseId: string) {
  const update = useUpdateEditCache(courseId);
  return useMutation({
    mutationKey: editMutationKey(courseId),
    mutationFn: ({ id, title }: { id: string; title: string }) => renameSection(id, title),
    onSuccess: (section) =>
      update((c) => ({ ...c, sections: c.sections.map((s) => (s.id === section.id ? { ...s, title: section.title } : s)) })),
  });
}

export function useDeleteSection(courseId: string) {
  const update = useUpdateEditCache(courseId);
  return useMutation({
    mutationKey: editMutationKey(courseId),
    mutationFn: deleteSection,
    onSuccess: (_, id) => update((c) => ({ ...c, sections: c.sections.filter((s) => s.id !== id) })),
  });
}
