import { describe, expect, it } from 'vitest';
import { isValidTimeZone, timeZoneOrUtc, zonedParts, zoneOffset } from './time-zone';
import { transcriptSpeaker } from './transcript';

describe('time zones', () => {
  it('read an instant on a zone’s wall clock, across a daylight-saving change', () => {
    expect(zonedParts(new Date('2026-11-24T23:30:05Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 11, day: 25, hour: 0, minute: 30, second: 5 });
    expect(zoneOffset(new Date('2026-11-24T10:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffset(new Date('2026-07-24T10:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffset(new Date('2026-07-24T10:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffset(new Date('2026-07-24T10:00:00Z'), 'America/New_York')).toBe(-240);
  });

  it('fall back to UTC for a zone this runtime does not know', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(timeZoneOrUtc('Mars/Olympus')).toBe('UTC');
    expect(timeZoneOrUtc(undefined)).toBe('UTC');
    expect(timeZoneOrUtc('Asia/Kolkata')).toBe('Asia/Kolkata');
  });
});

describe('transcriptSpeaker', () => {
  it('knows the agent’s and the customer’s roles in any case, and no other', () => {
    expect(['Agent', 'assistant', 'BOT', 'ai'].map(transcriptSpeaker)).toEqual(['agent', 'agent', 'agent', 'agent']);
    expect(['customer', 'User', 'human', 'caller'].map(transcriptSpeaker)).toEqual(['customer', 'customer', 'customer', 'customer']);
    expect([undefined, 'system', 'unknown', 5].map(transcriptSpeaker)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('zonedParts read through its per-minute cache', () => {
  it('agrees with the zone database second by second across DST changes and odd offsets', () => {
    const reference = (instant: Date, timeZone: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
          .formatToParts(instant)
          .filter((part) => part.type !== 'literal')
          .map((part) => [part.type, Number(part.value)]),
      );
      return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
    };
    const cases: Array<[string, string]> = [
      ['Europe/Berlin', '2026-03-29T00:30:00Z'],
      ['Europe/Berlin', '2026-10-25T00:30:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T14:30:00Z'],
      ['Asia/Kathmandu', '2026-11-24T18:00:00Z'],
      ['America/St_Johns', '2026-11-01T03:00:00Z'],
    ];
    for (const [zone, from] of cases) {
      // Two hours around each change, every 7 seconds, twice (the second pass reads the cache).
      for (let pass = 0; pass < 2; pass++) {
        for (let ms = Date.parse(from); ms < Date.parse(from) + 2 * 3_600_000; ms += 7_000) {
          expect(zonedParts(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(reference(new Date(ms), zone));
        }
      }
    }
  });
});
