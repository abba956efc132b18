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
