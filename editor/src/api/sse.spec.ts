import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse';

const alert = (id: string) => JSON.stringify({ id, message: `Alert ${id}` });

describe('createSseParser', () => {
  it('reads one event per blank line, with its type and data', () => {
    const parser = createSseParser();
    expect(parser.push(`event: alert\ndata: ${alert('a')}\n\n`)).toEqual([{ event: 'alert', data: alert('a'), id: '' }]);
  });

  it('reads several events of one chunk, in order', () => {
    const parser = createSseParser();
    const events = parser.push(`event: alert\ndata: ${alert('a')}\n\nevent: alert\ndata: ${alert('b')}\n\ndata: plain\n\n`);
    expect(events.map((event) => [event.event, event.data])).toEqual([
      ['alert', alert('a')],
      ['alert', alert('b')],
      ['message', 'plain'],
    ]);
  });

  it('keeps a line split across chunks until it is complete', () => {
    const parser = createSseParser();
    const text = `event: alert\ndata: ${alert('a')}\n\n`;
    const events = [];
    for (const piece of [text.slice(0, 3), text.slice(3, 20), text.slice(20, text.length - 1), text.slice(text.length - 1)]) events.push(...parser.push(piece));
    expect(events).toEqual([{ event: 'alert', data: alert('a'), id: '' }]);
  });

  it('completes an event only at its blank line, even one chunk at a time', () => {
    const parser = createSseParser();
    expect(parser.push('event: alert\n')).toEqual([]);
    expect(parser.push('data: {"id":"a"}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'alert', data: '{"id":"a"}', id: '' }]);
  });

  it('skips comments such as the keep-alive pings', () => {
    const parser = createSseParser();
    expect(parser.push(': ping\n\n: ping\n')).toEqual([]);
    expect(parser.push('\nevent: alert\n: ping inside an event\ndata: x\n\n')).toEqual([{ event: 'alert', data: 'x', id: '' }]);
  });

  it('accepts \\r\\n and \\r line breaks, also when \\r and \\n land in different chunks', () => {
    const parser = createSseParser();
    expect(parser.push('event: alert\r\ndata: a\r\n\r')).toEqual([{ event: 'alert', data: 'a', id: '' }]);
    // The \n completes the \r\n above; it is not a second blank line.
    expect(parser.push('\ndata: b\r\rdata: c\r')).toEqual([{ event: 'message', data: 'b', id: '' }]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'c', id: '' }]);
  });

  it('joins multi-line data, strips one leading space only, and drops events without data', () => {
    const parser = createSseParser();
    expect(parser.push('data: one\ndata:  two\ndata\n\nevent: alert\n\n')).toEqual([{ event: 'message', data: 'one\n two\n', id: '' }]);
  });

  it('remembers the last id and the retry delay; ignores unknown fields and a byte-order mark', () => {
    const parser = createSseParser();
    expect(parser.push('\uFEFFid: 7\nretry: 5000\nfoo: bar\ndata: x\n\ndata: y\n\n')).toEqual([
      { event: 'message', data: 'x', id: '7' },
      { event: 'message', data: 'y', id: '7' },
    ]);
    expect(parser.retryMs).toBe(5000);
  });

  it('drops an unfinished event when nothing follows', () => {
    const parser = createSseParser();
    expect(parser.push('event: alert\ndata: partial')).toEqual([]);
  });
});
