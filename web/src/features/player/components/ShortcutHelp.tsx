import { useEffect, useRef } from 'react';

import { keyLabel, SHORTCUTS } from '../utils/shortcuts';

/** The "?" panel: every keyboard shortcut, from the same table the handler uses. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div ref={ref} className="player-help" role="dialog" aria-label="Keyboard shortcuts" tabIndex={-1} data-testid="shortcut-help">
      <div className="player-help-head">
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="player-button" onClick={onClose} aria-label="Close">
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.label}>
            <dt>
              {s.keys.map((k) => (
                <kbd key={k}>{keyLabel(k)}</kbd>
              ))}
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
