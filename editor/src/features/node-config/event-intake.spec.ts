import { describe, expect, it } from 'vitest';
import { eventsCurl, eventsUrl } from './event-intake';

describe('how events get in', () => {
  it('posts to the origin’s /api/events', () => {
    expect(eventsUrl('https://sb.example.com/')).toBe('https://sb.example.com/api/events');
  });

  it('shows a curl with an events:write key and the sample event', () => {
    const curl = eventsCurl('https://sb.example.com/api/events', 'call.completed', { customer: { phone: "+1415'" } });
    expect(curl).toContain("curl -sS -X POST 'https://sb.example.com/api/events'");
    expect(curl).toContain('Authorization: Bearer <your events:write key>');
    expect(curl).toContain('"type": "call.completed"');
    expect(curl).toContain(`"phone": "+1415'\\''"`);
  });
});
