import { useIsMutating, useMutationState } from '@tanstack/react-query';

import { errorText } from '@/lib/form-errors';

import { editMutationKey } from '../api/keys';

/** "Saving…", "All changes saved" or what went wrong, for every change made in the editor. */
export function SaveStatus({ courseId }: { courseId: string }) {
  const key = editMutationKey(courseId);
  const saving = useIsMutating({ mutationKey: key });
  const states = useMutationState({ filters: { mutationKey: key }, select: (m) => ({ status: m.state.status, error: m.state.error }) });
  const last = states[states.length - 1];

  let text = '';
  let tone = 'muted';
  if (saving > 0) {
    text = 'Saving…';
  } else if (last?.status === 'error') {
    text = `Not saved: ${errorText(last.error)}`;
    tone = 'save-error';
  } else if (last?.status === 'success') {
    text = 'All changes saved';
    tone = 'save-ok';
  }
  return (
    <p className={`save-status ${tone}`} role="status" data-testid="save-status" data-state={saving > 0 ? 'saving' : (last?.status ?? 'idle')}>
      {text}
    </p>
  );
}
