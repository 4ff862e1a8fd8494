import { describe, expect, it } from 'vitest';

import { withoutTitle } from './article';

describe('withoutTitle', () => {
  it('drops a first heading that repeats the title', () => {
    expect(withoutTitle('<h1 id="x">Closures &amp; scope</h1>\n<p>Body</p>', 'Closures & scope')).toBe('\n<p>Body</p>');
    expect(withoutTitle('<h2>  closures   &amp; SCOPE </h2><p>Body</p>', 'Closures & scope')).toBe('<p>Body</p>');
  });

  it('keeps other headings and text', () => {
    expect(withoutTitle('<h1>Overview</h1><p>Body</p>', 'Closures')).toBe('<h1>Overview</h1><p>Body</p>');
    expect(withoutTitle('<p>Closures</p>', 'Closures')).toBe('<p>Closures</p>');
    expect(withoutTitle('<p>Intro</p><h1>Closures</h1>', 'Closures')).toBe('<p>Intro</p><h1>Closures</h1>');
  });
});
