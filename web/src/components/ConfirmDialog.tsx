import { useEffect, useId, useRef, type ReactNode } from 'react';

import { Button } from './Button';
import { ErrorMessage } from './ErrorMessage';

import './confirm-dialog.css';

/**
 * Asks before an action that is hard to undo, in a modal <dialog>: the
 * browser keeps focus inside, Escape cancels, and focus returns to the
 * button that opened it. Render it only while asking.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  pending = false,
  error,
  onConfirm,
  onCancel,
  testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) onCancel();
      }}
      data-testid={testId ?? 'confirm-dialog'}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      {error != null && <ErrorMessage error={error} />}
      <div className="form-actions">
        <Button variant={danger ? 'danger' : 'primary'} loading={pending} onClick={onConfirm} data-testid="confirm-yes">
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending} autoFocus data-testid="confirm-cancel">
          Cancel
        </Button>
      </div>
    </dialog>
  );
}
