import { describe, expect, it } from 'vitest';
import { dueTime, localToInstant } from './send-time';

describe('send times', () => {
  const now = new Date('2026-12-01T10:00:00Z');

  it('reads a local time in a zone, across DST', () => {
    expect(localToInstant('2026-12-24T09:00', 'Europe/Berlin').toISOString()).toBe('2026-12-24T08:00:00.000Z');
    expect(localToInstant('2026-07-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(localToInstant('2026-12-24T09:30:15', 'Asia/Kolkata').toISOString()).toBe('2026-12-24T04:00:15.000Z');
    expect(localToInstant('2026-03-08T12:00', 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
  });

  it("is now without sendAt, the instant given, or the local time in the contact's zone (UTC without one)", () => {
    expect(dueTime(undefined, undefined, undefined, now)).toBe(now);
    expect(dueTime('2026-12-02T08:00:00+01:00', 'contact', 'Asia/Kolkata', now).toISOString()).toBe('2026-12-02T07:00:00.000Z');
    expect(dueTime('2026-12-02T09:00', 'contact', 'Asia/Kolkata', now).toISOString()).toBe('2026-12-02T03:30:00.000Z');
    expect(dueTime('2026-12-02T09:00', 'contact', 'Not/AZone', now).toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(dueTime('2026-12-02T09:00', 'America/New_York', 'Asia/Kolkata', now).toISOString()).toBe('2026-12-02T14:00:00.000Z');
  });
});
