import { describe, expect, it } from 'vitest';
import { normalizePhone } from './normalize-phone';

describe('normalizePhone', () => {
  it('reads a German mobile number as typed, with the default country', () => {
    expect(normalizePhone('0151/12345678', 'DE')).toEqual({ ok: true, e164: '+4915112345678', country: 'DE' });
    expect(normalizePhone('0151 1234 5678', 'de')).toMatchObject({ ok: true, e164: '+4915112345678' });
  });

  it('accepts an international number without a default country', () => {
    expect(normalizePhone('+14155551234')).toEqual({ ok: true, e164: '+14155551234', country: 'US' });
  });

  it('reads a 00 prefix as +', () => {
    expect(normalizePhone('004915112345678')).toEqual({ ok: true, e164: '+4915112345678', country: 'DE' });
  });

  it('refuses a national number without a country', () => {
    const result = normalizePhone('4155551234');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/no country code/);
  });

  it('refuses numbers that are too short or not numbers', () => {
    expect(normalizePhone('12345', 'DE').ok).toBe(false);
    expect(normalizePhone('+12345').ok).toBe(false);
    expect(normalizePhone('').ok).toBe(false);
    expect(normalizePhone(undefined).ok).toBe(false);
    expect(normalizePhone(4915112345678).ok).toBe(false);
  });
});
