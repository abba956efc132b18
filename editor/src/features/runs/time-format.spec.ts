import { describe, expect, it } from 'vitest';
import { clockTime, dayAwareTime, formatDuration, relativeTime, shortDateTime } from './time-format';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const before = (ms: number) => new Date(NOW - ms).toISOString();

describe('relativeTime', () => {
  it.each([
    [0, 'just now'],
    [9_000, 'just now'],
    [42_000, '42 s ago'],
    [5 * 60_000 + 30_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [26 * 3_600_000, 'yesterday'],
    [3 * 86_400_000, '3 days ago'],
  ])('%i ms before now reads "%s"', (ms, expected) => {
    expect(relativeTime(before(ms), NOW)).toBe(expected);
  });

  it('reads the future with "in"', () => {
    expect(relativeTime(before(-23 * 3_600_000 - 59 * 60_000), NOW)).toBe('in 23 h');
    expect(relativeTime(before(-30 * 60_000), NOW)).toBe('in 30 min');
    expect(relativeTime(before(-2_000), NOW)).toBe('in a few seconds');
  });

  it('falls back to a date after a week, with the year only when it differs', () => {
    expect(relativeTime('2026-10-01T12:00:00Z', NOW)).toMatch(/^(Oct|Sep) \d+$/);
    expect(relativeTime('2024-10-01T12:00:00Z', NOW)).toMatch(/2024$/);
  });

  it('shows a dash for missing or broken times', () => {
    expect(relativeTime(null, NOW)).toBe('—');
    expect(relativeTime('not a date', NOW)).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [420, '420 ms'],
    [1_234, '1.2 s'],
    [9_999, '9.9 s'],
    [14_500, '14 s'],
    [125_000, '2 min 5 s'],
    [120_000, '2 min'],
    [3 * 3_600_000 + 12 * 60_000, '3 h 12 min'],
    [2 * 86_400_000 + 4 * 3_600_000, '2 d 4 h'],
  ])('%i ms reads "%s"', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('shows a dash when there is no duration yet', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });
});

describe('dayAwareTime', () => {
  it('gives the time of day for today and the date with it for another day', () => {
    // Local midday, so a minute later is the same local day and two days later is not, in any zone.
    const noon = new Date(2026, 10, 21, 12, 0).getTime();
    const later = new Date(noon + 60_000).toISOString();
    const other = new Date(noon + 2 * 86_400_000).toISOString();
    expect(dayAwareTime(later, noon)).toBe(clockTime(later));
    expect(dayAwareTime(other, noon)).toBe(shortDateTime(other));
    expect(dayAwareTime(other, noon)).not.toBe(clockTime(other));
    expect(dayAwareTime(null, noon)).toBe('');
  });
});
