/** One Server-Sent Event: its `event:` name (default "message"), `data:` lines joined by "\n", and `id:`. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * A Server-Sent Events parser for a stream read with fetch() (EventSource
 * cannot send an Authorization header). Feed it text as it arrives, in chunks
 * of any size; it calls onEvent once per complete event (blank-line ended).
 * Comment lines (":") and `retry:` are skipped.
 */
export function createSseParser(onEvent: (e: SseEvent) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;

  const dispatch = () => {
    if (data.length) onEvent({ event: event || 'message', data: data.join('\n'), id });
    event = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    // Lenient: an `event:` line after data starts the next event even without
    // the blank line the spec asks for (Lectern's server omits it; see the report).
    if (field === 'event' && data.length) dispatch();
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  };

  return {
    push(chunk: string) {
      buffer += chunk;
      // Lines end in \n, \r\n or \r; a trailing \r may be half of a \r\n, so wait for more.
      for (;;) {
        const m = /\r\n|\n|\r(?!$)/.exec(buffer);
        if (!m) break;
        line(buffer.slice(0, m.index));
        buffer = buffer.slice(m.index + m[0].length);
      }
    },
  };
}
