import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Every comparison of a secret-derived value is constant-time: a byte-by-byte `===` lets an
// attacker find a valid signature or token one byte at a time from response timings.

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex>` header: HMAC-SHA256 of the raw request
 * bytes (before JSON parsing) keyed with the Meta App Secret. False for a missing or malformed
 * header and for an empty secret (an unconfigured app must not accept anything).
 */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match || !appSecret) return false;
  return hmacEquals(rawBody, match[1], appSecret);
}

/**
 * Checks a static shared secret (Heltar sends one as a custom header; it has no signature).
 * Both sides are hashed first so that the comparison runs on equal lengths and the secret's
 * length does not leak.
 */
export function verifySharedSecret(provided: string | undefined, expected: string): boolean {
  if (typeof provided !== 'string' || provided === '' || !expected) return false;
  return timingSafeEqual(sha256(provided), sha256(expected));
}

/**
 * Checks AiSensy's `X-AiSensy-Signature` header as hex HMAC-SHA256 of the raw body with the
 * project's webhook secret. UNCONFIRMED SCHEME: taken from third-party adapter code, not from
 * AiSensy docs (whatsapp.md §5); a `sha256=` prefix is tolerated in case it follows Meta.
 */
export function verifyAisensySignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const match = /^(?:sha256=)?([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match || !secret) return false;
  return hmacEquals(rawBody, match[1], secret);
}

/**
 * Answers Meta's GET subscription handshake: `hub.mode=subscribe` and the configured verify
 * token give the raw `hub.challenge` to send back with 200; anything else means 403.
 * Accepts flat keys (`hub.mode`, Fastify's parser) and a nested `hub` object (`qs` with dots).
 */
export function metaHandshake(query: Record<string, unknown>, verifyToken: string): { ok: true; challenge: string } | { ok: false } {
  const nested = typeof query.hub === 'object' && query.hub !== null ? (query.hub as Record<string, unknown>) : {};
  const read = (key: string): string | undefined => {
    const value = query[`hub.${key}`] ?? nested[key];
    return typeof value === 'string' ? value : undefined;
  };
  const challenge = read('challenge');
  if (read('mode') !== 'subscribe' || !challenge || !verifySharedSecret(read('verify_token'), verifyToken)) return { ok: false };
  return { ok: true, challenge };
}

function hmacEquals(rawBody: Buffer, hex: string, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const provided = Buffer.from(hex, 'hex');
  // The regexes guarantee 64 hex digits, but timingSafeEqual throws on unequal lengths.
  return provided.length === expected.length && timingSafeEqual(provided, expected);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
