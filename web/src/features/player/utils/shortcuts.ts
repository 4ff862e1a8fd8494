// The player's keyboard shortcuts: one table for the handler and the "?" help.

export type PlayerAction =
  | { type: 'toggle' }
  | { type: 'seek'; by: number }
  | { type: 'volume'; by: number }
  | { type: 'mute' }
  | { type: 'fullscreen' }
  | { type: 'captions' }
  | { type: 'speed'; step: 1 | -1 }
  | { type: 'help' };

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** The next speed up or down the list from the current one (clamped to 0.5×–2×). */
export function stepSpeed(current: number, step: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= current - 1e-6);
  const at = i < 0 ? SPEEDS.length - 1 : SPEEDS[i] > current + 1e-6 && step > 0 ? i - 1 : i;
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + step))];
}

/** Shortcut keys (KeyboardEvent.key) → what they do; for the help, in display order. */
export const SHORTCUTS: { keys: string[]; label: string; action: PlayerAction }[] = [
  { keys: [' ', 'k'], label: 'Play or pause', action: { type: 'toggle' } },
  { keys: ['ArrowLeft'], label: 'Back 5 seconds', action: { type: 'seek', by: -5 } },
  { keys: ['ArrowRight'], label: 'Forward 5 seconds', action: { type: 'seek', by: 5 } },
  { keys: ['j'], label: 'Back 10 seconds', action: { type: 'seek', by: -10 } },
  { keys: ['l'], label: 'Forward 10 seconds', action: { type: 'seek', by: 10 } },
  { keys: ['ArrowUp'], label: 'Volume up', action: { type: 'volume', by: 0.1 } },
  { keys: ['ArrowDown'], label: 'Volume down', action: { type: 'volume', by: -0.1 } },
  { keys: ['m'], label: 'Mute or unmute', action: { type: 'mute' } },
  { keys: ['f'], label: 'Full screen', action: { type: 'fullscreen' } },
  { keys: ['c'], label: 'Captions on or off', action: { type: 'captions' } },
  { keys: ['>'], label: 'Faster', action: { type: 'speed', step: 1 } },
  { keys: ['<'], label: 'Slower', action: { type: 'speed', step: -1 } },
  { keys: ['?'], label: 'Show or hide these shortcuts', action: { type: 'help' } },
];

const byKey = new Map<string, PlayerAction>();
for (const s of SHORTCUTS) for (const k of s.keys) byKey.set(k, s.action);

/** How a key is written in the help. */
export function keyLabel(key: string): string {
  return ({ ' ': 'Space', ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓' } as Record<string, string>)[key] ?? key;
}

/**
 * The action for a key press, or null when the key is not a shortcut or belongs
 * to what has focus (typing in a field, Space/Enter on a button or menu).
 */
export function actionForKey(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; target?: EventTarget | null }): PlayerAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = e.key.length === 1 && e.key !== ' ' ? (/[A-Z]/.test(e.key) ? e.key.toLowerCase() : e.key) : e.key;
  const action = byKey.get(key);
  if (!action) return null;
  const t = e.target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  const tag = t?.tagName?.toLowerCase();
  if (t?.isContentEditable || tag === 'textarea') return null;
  if (tag === 'input' && t?.type !== 'range' && t?.type !== 'checkbox') return null;
  if (tag === 'select' && (key.startsWith('Arrow') || key === ' ')) return null;
  if ((tag === 'button' || tag === 'a' || tag === 'summary') && (key === ' ' || key === 'Enter')) return null;
  return action;
}
