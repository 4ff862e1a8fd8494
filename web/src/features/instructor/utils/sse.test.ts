import { describe, expect, it } from 'vitest';

import { createSseParser, type SseEvent } from './sse';

function parse(chunks: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = createSseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  return out;
}

describe('createSseParser', () => {
  it('reads named events and skips comments and retry', () => {
    const events = parse([': connected\nretry: 3000\n\nevent: video\nid: 7-1\ndata: {"id":"7"}\n\n: keepalive\n\n']);
    expect(events).toEqual([{ event: 'video', data: '{"id":"7"}', id: '7-1' }]);
  });

  it('joins events split across chunks at any byte, with CRLF line ends', () => {
    const text = 'event: video\r\ndata: {"a":1,\r\ndata: "b":2}\r\n\r\nevent: video\r\ndata: x\r\n\r\n';
    const whole = parse([text]);
    for (let i = 1; i < text.length; i++) {
      expect(parse([text.slice(0, i), text.slice(i)])).toEqual(whole);
    }
    expect(whole.map((e) => e.data)).toEqual(['{"a":1,\n"b":2}', 'x']);
  });

  it('does not emit an event before its blank line', () => {
    expect(parse(['event: video\ndata: {}\n'])).toEqual([]);
    expect(parse(['data: plain\n\n'])).toEqual([{ event: 'message', data: 'plain', id: undefined }]);
  });

  it('starts a new event at an event: line even without a blank line before it', () => {
    const events = parse(['event: video\nid: 1\ndata: {"a":1}\nevent: video\nid: 2\ndata: {"a":2}\n: keepalive\n\n']);
    expect(events).toEqual([
      { event: 'video', data: '{"a":1}', id: '1' },
      { event: 'video', data: '{"a":2}', id: '2' },
    ]);
  });
});
