// How Lectern shows money, durations, ratings and codes: one place, so every page agrees.

/** A price in minor units as the visitor's locale writes it; 0 is "Free". */
export function formatPrice(cents: number, currency: string, locale?: string): string {
  if (cents === 0) return 'Free';
  const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(cents / 10 ** digits);
}

/** An amount of money in minor units; unlike formatPrice (a course's price), 0 is "$0.00", not "Free". */
export function formatAmount(cents: number, currency: string, locale?: string): string {
  const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return fmt.format(cents / 10 ** (fmt.resolvedOptions().maximumFractionDigits ?? 2));
}

/** How many minor units a currency has (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "12.50" in `currency` → 1250 minor units; null when it is not a price. */
export function parsePrice(text: string, currency: string): number | null {
  const clean = text.trim().replace(/[\s,]/g, '');
  const digits = minorDigits(currency);
  const re = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!re.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || 0);
}

/** Minor units → the plain number an input shows ("12.50", "1200"). */
export function priceInputValue(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? String(cents) : (cents / 10 ** digits).toFixed(digits);
}

/** "2 h 5 min", "14 min", "45 s"; "" for nothing. */
export function formatDuration(seconds: number): string {
  if (!seconds || seconds < 0) return '';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}

/** "4:05" for a lecture's length. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const levelNames: Record<string, string> = {
  all: 'All levels',
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

/** "en" → "English", "pt-BR" → "Portuguese (Brazil)"; the code itself if unknown. */
export function languageName(code: string, locale = 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "4.6" with one decimal; the average is meaningless without a count. */
export function formatRating(avg: number): string {
  return avg.toFixed(1);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/**
 * A course's progress in whole percent: completed lectures over all lectures,
 * rounded down (99.5% is not done), 0..100. The server computes it the same way
 * (internal/learning: PercentComplete); the player uses this to update at once.
 */
export function percentComplete(done: number, total: number): number {
  if (!(total > 0) || !(done > 0)) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}
