import { SIGNATURE_WINDOW_SECONDS } from '@switchboard/nodes';
import { verifyMetaSignature } from './parsing/verify';

/** What one listening trigger asks of a caller: its secret in plain text (null: none), and whether a timestamp is required. */
export interface SignatureRule {
  secret: string | null;
  requireTimestamp: boolean;
}

export type SignatureVerdict =
  | { ok: true; /** Set for an accepted timestamped signature: remembered until its timestamp leaves the window, so a replay is refused. */ replay?: { signature: string; ttlSeconds: number } }
  | { ok: false; message: string };

const BODY_ONLY = 'Sign the raw body: X-Signature-256: sha256=<hex HMAC-SHA256 with the webhook secret>';
const TIMESTAMPED = `Send X-Signature-Timestamp: <unix seconds, within ${SIGNATURE_WINDOW_SECONDS / 60} minutes of now> and X-Signature-256: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the webhook secret>`;

/**
 * Judges an inbound webhook's signature against every listening trigger with a secret. Without
 * `X-Signature-Timestamp` the signature covers the raw body (the contract's scheme), unless a
 * trigger requires a timestamp; with one it covers `<timestamp>.<raw body>` and the timestamp
 * must be within the window of `nowSeconds`, either way. Triggers without a secret ask nothing.
 */
export function judgeSignature(rules: readonly SignatureRule[], raw: Buffer, signature: string | undefined, timestamp: string | undefined, nowSeconds: number): SignatureVerdict {
  const signed = rules.filter((rule) => rule.secret !== null);
  if (signed.length === 0) return { ok: true };
  if (timestamp === undefined) {
    if (signed.some((rule) => rule.requireTimestamp)) return { ok: false, message: `This webhook requires a timestamped signature. ${TIMESTAMPED}` };
    return signed.every((rule) => verifyMetaSignature(raw, signature, rule.secret!)) ? { ok: true } : { ok: false, message: `${BODY_ONLY}, or ${TIMESTAMPED}` };
  }
  const seconds = /^[0-9]{1,12}$/.test(timestamp.trim()) ? Number(timestamp.trim()) : NaN;
  if (!Number.isFinite(seconds)) return { ok: false, message: `X-Signature-Timestamp is not unix seconds. ${TIMESTAMPED}` };
  if (Math.abs(nowSeconds - seconds) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, message: `X-Signature-Timestamp is more than ${SIGNATURE_WINDOW_SECONDS / 60} minutes from now; sign each delivery when it is sent. ${TIMESTAMPED}` };
  }
  const covered = Buffer.concat([Buffer.from(`${timestamp.trim()}.`, 'utf8'), raw]);
  if (!signed.every((rule) => verifyMetaSignature(covered, signature, rule.secret!))) return { ok: false, message: TIMESTAMPED };
  // Acceptable until `seconds + window`: remembered that long, so the same request cannot come twice.
  return { ok: true, replay: { signature: signature!.trim().toLowerCase(), ttlSeconds: Math.max(1, seconds + SIGNATURE_WINDOW_SECONDS - nowSeconds + 1) } };
}
