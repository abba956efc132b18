import { hmacSha256, sameSecret } from './platforms/fields';
import type { NormalizedCall } from './voice-platform';

/*
 * Small readers and checks the voice platform adapters share: payloads are untrusted JSON, so
 * every field is read defensively (a wrong type reads as absent, never throws).
 */

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** An ISO 8601 instant from an ISO string or an epoch in `unit`; null when unreadable. */
export function instant(value: unknown, unit: 'ms' | 's' = 'ms'): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(unit === 's' ? value * 1000 : value).toISOString();
  if (typeof value === 'string' && value.trim() !== '') {
    const time = Date.parse(value);
    return Number.isFinite(time) ? new Date(time).toISOString() : null;
  }
  return null;
}

/** Equal strings in constant time (`sameSecret`); an empty expected value never matches. */
export function safeEqual(provided: string, expected: string): boolean {
  return expected !== '' && sameSecret(provided, expected);
}

export function hmacHex(secret: string, payload: Buffer | string): string {
  return hmacSha256(secret, payload).toString('hex');
}

/** `k1=v1,k2=v2` (Retell's and ElevenLabs' signature headers) → a map; repeated keys keep every value. */
export function signatureParts(header: string): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  for (const piece of header.split(',')) {
    const at = piece.indexOf('=');
    if (at <= 0) continue;
    const key = piece.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), piece.slice(at + 1).trim()]);
  }
  return parts;
}

/** Whether the call connected, from the normalised status (reference §8). */
export function connectedOf(status: NormalizedCall['call']['status']): boolean {
  return status === 'completed';
}
