/**
 * The article's HTML without a first heading that only repeats the lecture's
 * title (many articles start with "# Title"; the page already shows it as its h1).
 */
export function withoutTitle(html: string, title: string): string {
  const m = /^\s*<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/i.exec(html);
  if (!m || !sameText(m[1].replace(/<[^>]*>/g, ''), title)) return html;
  return html.slice(m[0].length);
}

export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}
