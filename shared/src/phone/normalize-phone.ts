import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** A phone number in E.164 with its country, or why it could not be read. */
export type PhoneResult = { ok: true; e164: string; country?: string } | { ok: false; reason: string };

/**
 * Parses a phone number as a person typed it and returns it in E.164 (`+4915112345678`).
 * Without a leading `+` or `00` the number needs `defaultCountry` (ISO 3166 alpha-2).
 * Validity is checked against the full metadata (`libphonenumber-js/max`), so `12345` fails.
 *
 * @example normalizePhone('0151/12345678', 'DE') // { ok: true, e164: '+4915112345678', country: 'DE' }
 */
export function normalizePhone(input: unknown, defaultCountry?: string): PhoneResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: 'the phone number is empty' };
  // Parsing with the full metadata is costly and the same customers come back: remember results.
  const key = `${defaultCountry ?? ''}|${input}`;
  const known = memo.get(key);
  if (known) return known;
  const result = parse(input, defaultCountry);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, result);
  return result;
}

const MEMO_SIZE = 10_000;
const memo = new Map<string, PhoneResult>();

function parse(input: string, defaultCountry?: string): PhoneResult {
  let text = input.trim();
  // An international prefix typed as 00 means the same as +.
  if (/^00[1-9]/.test(text)) text = `+${text.slice(2)}`;
  const country = defaultCountry ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  if (!text.startsWith('+') && !country) {
    return { ok: false, reason: `"${input}" has no country code (write it as +<country code><number>)` };
  }
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: `"${input}" is not a valid phone number` };
  return { ok: true, e164: parsed.number, country: parsed.country };
}
