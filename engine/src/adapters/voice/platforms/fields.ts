import { createHmac, timingSafeEqual, createHash } from 'node:crypto';
import type { VoiceConfig, VoiceDelivery, VoiceVerdict } from '../voice-platform';

// Readers shared by the Bland, Synthflow, CallKaro and Autocalls adapters: payloads are
// untrusted JSON, so every field is read defensively and a wrong type reads as absent (null),
// never as a crash or a wrong value passed on to flows.

export type Json = Record<string, unknown>;

/** The value as an object, or null (arrays are not objects here). */
export function record(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

/** A non-empty string (numbers are written out: Autocalls' call id is an integer). */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A finite number, also from a numeric string (Bland sends `corrected_duration` as `"71"`). */
export function number(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** A date the platform wrote in ISO 8601 (any offset), as UTC ISO; null when it does not parse. */
export function isoTime(value: unknown): string | null {
  const raw = text(value);
  if (!raw || typeof value !== 'string') return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `iso` plus `seconds`, for platforms that send a start and a duration but no end. */
export function plusSeconds(iso: string | null, seconds: number | null): string | null {
  if (iso === null || seconds === null) return null;
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

/**
 * A phone number as E.164 where the platform leaves out the `+` (CallKaro writes
 * `919876543210`): 8 to 15 digits read as country code + number. Anything else is passed on as
 * sent (a SIP URI, a short code) rather than dropped.
 */
export function phone(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const compact = raw.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  if (/^00[1-9]\d{6,14}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^[1-9]\d{7,14}$/.test(compact)) return `+${compact}`;
  return raw;
}

/** A person's name from the metadata a team passed at call creation, by the common key spellings. */
export function nameFrom(...sources: Array<Json | null>): string | null {
  for (const source of sources) {
    if (!source) continue;
    for (const key of ['customer_name', 'customerName', 'name', 'full_name', 'first_name']) {
      const found = text(source[key]);
      if (found) return found;
    }
  }
  return null;
}

/** The config value as a non-empty string (secrets are decrypted before adapters see them). */
export function setting(config: VoiceConfig, key: string): string | null {
  return text(config[key]);
}

/**
 * Constant-time equality of two strings: both are hashed first, so the comparison runs on equal
 * lengths and neither a byte-by-byte timing nor the expected length leaks.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

export function hmacSha256(key: string, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The check for platforms that sign nothing (CallKaro, Autocalls): the connection's `token` must
 * come back in the webhook URL's query (`?token=…`), which the user pasted into the platform.
 */
export function verifyQueryToken(delivery: VoiceDelivery, config: VoiceConfig, title: string): VoiceVerdict {
  const expected = setting(config, 'token');
  if (!expected) return { ok: false, reason: `the ${title} connection has no token configured` };
  const given = delivery.query.token;
  if (typeof given !== 'string' || given === '') return { ok: false, reason: 'the webhook URL has no token query parameter' };
  if (!sameSecret(given, expected)) return { ok: false, reason: 'the token query parameter does not match the connection' };
  return { ok: true };
}

/** The body as an object, or the plain Error the route answers with 400. */
export function bodyObject(body: unknown, title: string): Json {
  const found = record(body);
  if (!found) throw new Error(`a ${title} webhook body must be a JSON object`);
  return found;
}
