import { describe, expect, it } from 'vitest';

import { actionForKey, stepSpeed } from './shortcuts';

describe('actionForKey', () => {
  it('maps the documented keys', () => {
    expect(actionForKey({ key: ' ' })).toEqual({ type: 'toggle' });
    expect(actionForKey({ key: 'K' })).toEqual({ type: 'toggle' });
    expect(actionForKey({ key: 'ArrowLeft' })).toEqual({ type: 'seek', by: -5 });
    expect(actionForKey({ key: 'l' })).toEqual({ type: 'seek', by: 10 });
    expect(actionForKey({ key: 'ArrowUp' })).toEqual({ type: 'volume', by: 0.1 });
    expect(actionForKey({ key: '>' })).toEqual({ type: 'speed', step: 1 });
    expect(actionForKey({ key: 'x' })).toBeNull();
    expect(actionForKey({ key: 'f', ctrlKey: true })).toBeNull();
  });

  it('leaves keys to what has focus', () => {
    expect(actionForKey({ key: 'k', target: { tagName: 'INPUT', type: 'text' } as unknown as EventTarget })).toBeNull();
    expect(actionForKey({ key: ' ', target: { tagName: 'BUTTON' } as unknown as EventTarget })).toBeNull();
    expect(actionForKey({ key: 'ArrowDown', target: { tagName: 'SELECT' } as unknown as EventTarget })).toBeNull();
    expect(actionForKey({ key: 'ArrowRight', target: { tagName: 'INPUT', type: 'range' } as unknown as EventTarget })).toEqual({ type: 'seek', by: 5 });
    expect(actionForKey({ key: 'm', target: { tagName: 'BUTTON' } as unknown as EventTarget })).toEqual({ type: 'mute' });
  });
});

describe('stepSpeed', () => {
  it('walks the list and stops at its ends', () => {
    expect(stepSpeed(1, 1)).toBe(1.25);
    expect(stepSpeed(1, -1)).toBe(0.75);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.5, -1)).toBe(0.5);
    expect(stepSpeed(1.1, 1)).toBe(1.25);
    expect(stepSpeed(1.1, -1)).toBe(1);
  });
});
