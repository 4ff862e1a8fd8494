/** An amount in minor units; unlike formatPrice (a course's price), 0 is "$0.00", not "Free". */
export function formatMoney(cents: number, currency: string, locale?: string): string {
  const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return fmt.format(cents / 10 ** (fmt.resolvedOptions().maximumFractionDigits ?? 2));
}
