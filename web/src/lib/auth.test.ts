import { afterEach, describe, expect, it, vi } from 'vitest';

import { mayHaveSession, readNext, rememberNext, safeNext } from './auth';

describe('mayHaveSession', () => {
  it('is true only when the server left its session hint cookie', () => {
    expect(mayHaveSession('')).toBe(false);
    expect(mayHaveSession('theme=dark')).toBe(false);
    expect(mayHaveSession('theme=dark; lectern_session=1')).toBe(true);
    expect(mayHaveSession('lectern_session=1')).toBe(true);
    expect(mayHaveSession('not_lectern_session=1')).toBe(false);
  });
});

describe('the page to come back to after sign-up', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is kept in this browser, only when it is a page of this site', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
      removeItem: (k: string) => store.delete(k),
    });
    expect(readNext()).toBe('/');
    rememberNext('/courses/go-for-busy-engineers');
    expect(readNext()).toBe('/courses/go-for-busy-engineers');
    rememberNext('//evil.example/x');
    expect(readNext()).toBe('/');
    rememberNext('/learn/x');
    rememberNext(null);
    expect(readNext()).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
  });
});
