import type { InboundError } from './inbound-item';

// Small readers for untrusted JSON: webhook bodies are never trusted to have the documented
// shape, and a parser that throws would make the controller answer non-200 (= redelivery).

/** A plain JSON object, or null. */
export function recordOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The array, or an empty one for anything else. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string; numbers are turned into strings (Meta sends template ids as numbers). */
export function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Unix seconds (string or number, as Meta sends them) to ISO 8601, or null. */
export function unixSecondsToIso(value: unknown): string | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,12}$/.test(text)) return null;
  return new Date(Number(text) * 1000).toISOString();
}

/** Meta's `wa_id`/`from`/`recipient_id` (digits without `+`) to E.164, or null if it is not a phone number. */
export function waIdToE164(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.trim().replace(/^\+/, '');
  return /^[1-9]\d{1,14}$/.test(digits) ? `+${digits}` : null;
}

/** Meta's error object `{code, title, message, error_data.details}`; `message` falls back to the details. */
export function errorOf(value: unknown): InboundError {
  const error = recordOf(value) ?? {};
  const code = typeof error.code === 'number' ? error.code : Number.parseInt(String(error.code ?? ''), 10);
  return {
    code: Number.isFinite(code) ? code : null,
    title: stringOf(error.title),
    message: stringOf(error.message) ?? stringOf(recordOf(error.error_data)?.details),
  };
}
