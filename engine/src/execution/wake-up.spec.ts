import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs, wakeUpDate } from './wake-up';

describe('wake-up dates', () => {
  it('doubles the backoff per failed attempt', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs({ attempts: 4, backoffMs: 1000 }, attempt))).toEqual([1000, 2000, 4000]);
  });

  it('clamps a backoff from a flow that predates the bounds instead of overflowing the date', () => {
    const delay = retryDelayMs({ attempts: 10, backoffMs: Number.MAX_SAFE_INTEGER }, 9);
    expect(delay).toBe(MAX_RETRY_DELAY_MS);
    expect(Number.isNaN(new Date(Date.now() + delay).getTime())).toBe(false);
    expect(retryDelayMs({ attempts: 3, backoffMs: Number.NaN }, 2)).toBe(0);
  });

  it('replaces an invalid date a node asked for by now', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(wakeUpDate(new Date(Number.NaN), now)).toBe(now);
    const later = new Date('2026-01-02T00:00:00Z');
    expect(wakeUpDate(later, now)).toBe(later);
  });
});
