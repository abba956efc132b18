/**
 * A parser for Server-Sent Events (the `text/event-stream` format of the HTML standard), fed
 * the decoded text of a fetch stream chunk by chunk. Chunks may end anywhere: mid-line, between
 * the `\r` and `\n` of a line break, or in the middle of an event; what is left over waits for
 * the next chunk. Pure, so the stream reader stays small and the format is tested here.
 */

export interface SseEvent {
  /** The `event:` field; `message` when the event has none. */
  event: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
  /** The last `id:` seen so far in the stream (the standard's "last event ID"), or ''. */
  id: string;
}

export interface SseParser {
  /** Parses the next piece of text; returns the events it completed, in order. */
  push(chunk: string): SseEvent[];
  /** The reconnection delay the server asked for with `retry:`, if any. */
  readonly retryMs: number | null;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let started = false;
  /** The last chunk ended with `\r`: a `\n` that starts the next one belongs to that line break. */
  let afterCarriageReturn = false;
  let eventType = '';
  let data: string[] = [];
  let lastId = '';
  let retryMs: number | null = null;

  const line = (text: string, events: SseEvent[]) => {
    if (text === '') {
      // A blank line ends the event; one without data is dropped (the standard's rule).
      if (data.length > 0) events.push({ event: eventType || 'message', data: data.join('\n'), id: lastId });
      eventType = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return; // A comment, such as the server's `: ping`.
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retryMs = Number(value);
        break;
      // Other fields are ignored.
    }
  };

  return {
    push(chunk) {
      const events: SseEvent[] = [];
      let text = chunk;
      if (!started && text.length > 0) {
        started = true;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
      }
      if (afterCarriageReturn && text.length > 0) {
        afterCarriageReturn = false;
        if (text.startsWith('\n')) text = text.slice(1);
      }
      buffer += text;
      let start = 0;
      for (let index = 0; index < buffer.length; index += 1) {
        const char = buffer[index];
        if (char !== '\n' && char !== '\r') continue;
        line(buffer.slice(start, index), events);
        if (char === '\r') {
          if (index + 1 === buffer.length) afterCarriageReturn = true;
          else if (buffer[index + 1] === '\n') index += 1;
        }
        start = index + 1;
      }
      buffer = buffer.slice(start);
      return events;
    },
    get retryMs() {
      return retryMs;
    },
  };
}
