import { describe, expect, it } from 'vitest';

import type { Course } from '@/types/api';

import { isWishlisted, toggled } from './wishlist';

const course = (id: string) => ({ id, title: `Course ${id}` }) as Course;

describe('wishlist toggles', () => {
  it('puts a hearted course first and keeps it once', () => {
    const list = toggled({ items: [course('1'), course('2')] }, course('2'), true);
    expect(list.items.map((c) => c.id)).toEqual(['2', '1']);
  });

  it('takes an un-hearted course off', () => {
    const list = toggled({ items: [course('1'), course('2')] }, course('1'), false);
    expect(list.items.map((c) => c.id)).toEqual(['2']);
    expect(isWishlisted(list, '1')).toBe(false);
    expect(isWishlisted(list, '2')).toBe(true);
  });

  it('starts a list that has not loaded yet', () => {
    expect(toggled(undefined, course('3'), true).items.map((c) => c.id)).toEqual(['3']);
    expect(isWishlisted(undefined, '3')).toBe(false);
  });
});
