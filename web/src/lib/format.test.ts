import { describe, expect, it } from 'vitest';

import { formatClock, formatDuration, formatPrice, languageName, parsePrice, percentComplete, priceInputValue } from './format';

describe('money', () => {
  it('formats minor units with the currency’s own digits', () => {
    expect(formatPrice(0, 'USD', 'en-US')).toBe('Free');
    expect(formatPrice(1999, 'USD', 'en-US')).toBe('$19.99');
    expect(formatPrice(1200, 'JPY', 'en-US')).toBe('¥1,200');
    expect(formatPrice(500, 'EUR', 'de-DE')).toBe('5,00\u00a0€');
  });

  it('parses what an instructor types into minor units', () => {
    expect(parsePrice('19.99', 'USD')).toBe(1999);
    expect(parsePrice('20', 'USD')).toBe(2000);
    expect(parsePrice('1,200', 'JPY')).toBe(1200);
    expect(parsePrice('9.5', 'EUR')).toBe(950);
    expect(parsePrice('1.5', 'JPY')).toBeNull();
    expect(parsePrice('1.999', 'USD')).toBeNull();
    expect(parsePrice('-3', 'USD')).toBeNull();
    expect(parsePrice('', 'USD')).toBeNull();
  });

  it('round-trips through the price input', () => {
    expect(priceInputValue(1999, 'USD')).toBe('19.99');
    expect(priceInputValue(1200, 'JPY')).toBe('1200');
    expect(parsePrice(priceInputValue(1050, 'GBP'), 'GBP')).toBe(1050);
  });
});

describe('durations and names', () => {
  it('says how long a course is', () => {
    expect(formatDuration(0)).toBe('');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(14 * 60)).toBe('14 min');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2 h 5 min');
    expect(formatDuration(3600)).toBe('1 h');
  });

  it('shows a lecture’s length as a clock', () => {
    expect(formatClock(245)).toBe('4:05');
    expect(formatClock(3725)).toBe('1:02:05');
  });

  it('names languages', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
    expect(languageName('not a code')).toBe('not a code');
  });
});

describe('percentComplete', () => {
  it('rounds down, as the server does, so a course shows 100% only when every lecture is done', () => {
    expect(percentComplete(0, 3)).toBe(0);
    expect(percentComplete(1, 3)).toBe(33);
    expect(percentComplete(2, 3)).toBe(66); // Math.round would say 67; the server says 66
    expect(percentComplete(199, 200)).toBe(99);
    expect(percentComplete(3, 3)).toBe(100);
  });

  it('stays within 0..100 for odd inputs', () => {
    expect(percentComplete(1, 0)).toBe(0);
    expect(percentComplete(5, 3)).toBe(100);
    expect(percentComplete(-1, 3)).toBe(0);
  });
});
