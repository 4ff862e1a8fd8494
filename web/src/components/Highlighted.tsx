/**
 * Text with the server's search highlights: the server sends escaped text
 * with matched words in <mark>. It is turned into React nodes (never set as
 * HTML), so nothing in a course title can become markup.
 */
export function Highlighted({ html }: { html: string }) {
  const parts = html.split(/<mark>|<\/mark>/);
  return (
    <>
      {parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{unescape(p)}</mark> : unescape(p)))}
    </>
  );
}

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&#34;': '"', '&#39;': "'", '&quot;': '"' };

function unescape(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|#34|#39);/g, (m) => entities[m] ?? m);
}
