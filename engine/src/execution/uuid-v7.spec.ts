import { describe, expect, it } from 'vitest';
import { uuidV7, uuidV7Floor, uuidV7Time } from './uuid-v7';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('sets the version and variant bits and carries its millisecond', () => {
    const ms = Date.parse('2026-11-30T12:34:56.789Z');
    for (let i = 0; i < 1000; i++) {
      const id = uuidV7(ms);
      expect(id).toMatch(UUID_V7);
      expect(uuidV7Time(id)).toBe(ms);
    }
  });

  it('orders ids by their millisecond, as Postgres compares uuids (bytewise)', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const ids = Array.from({ length: 2000 }, (_, i) => uuidV7(start + i * 997));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs between ids of one millisecond', () => {
    const ms = Date.now();
    expect(new Set(Array.from({ length: 10_000 }, () => uuidV7(ms))).size).toBe(10_000);
  });

  it('floors: every id of a millisecond is at or above its floor and above every earlier one', () => {
    const ms = Date.parse('2026-11-30T00:00:00Z');
    expect(uuidV7Floor(ms) <= uuidV7(ms)).toBe(true);
    expect(uuidV7(ms - 1) < uuidV7Floor(ms)).toBe(true);
    expect(uuidV7Time(uuidV7Floor(ms))).toBe(ms);
  });
});
