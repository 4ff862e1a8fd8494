import type { CSSProperties } from 'react';

/**
 * A person's picture: a tinted portrait tile with their initials (Lectern
 * keeps no uploaded photos), the same colour wherever the person appears.
 */
export function Avatar({ name, id, size = 'medium' }: { name: string; id: string; size?: 'medium' | 'large' }) {
  return (
    <span className={`avatar avatar-photo avatar-${size}`} style={{ '--avatar-hue': hue(id + name) } as CSSProperties} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

function hue(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h % 360;
}
