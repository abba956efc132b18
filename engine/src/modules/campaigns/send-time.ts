import { isValidTimeZone, zoneOffset } from '@switchboard/shared';

/** A wall-clock time without an offset: `2026-12-24T09:00` (seconds optional). */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Whether `sendAt` is a local time (read in a zone) rather than an instant. */
export function isLocalTime(sendAt: string): boolean {
  return LOCAL.test(sendAt);
}

/**
 * The instant a local wall-clock time has in an IANA zone. Two passes of the zone's offset find
 * it across a DST change; a time skipped by a spring-forward lands an hour later, as clocks do.
 *
 * @example localToInstant('2026-12-24T09:00', 'Europe/Berlin').toISOString() // '2026-12-24T08:00:00.000Z'
 */
export function localToInstant(local: string, timeZone: string): Date {
  const match = LOCAL.exec(local);
  if (!match) throw new Error(`not a local time: ${local}`);
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  let guess = wall - zoneOffset(new Date(wall), timeZone) * 60_000;
  guess = wall - zoneOffset(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/**
 * When each recipient is due. No `sendAt`: now. An instant (`…Z`, `…+01:00`): then, for everyone.
 * A local time: in `timeZone`, or with `contact` in each contact's `timezone` attribute (a contact
 * without a valid one falls back to UTC — the workspace has no zone of its own).
 */
export function dueTime(sendAt: string | undefined, timeZone: string | undefined, contactZone: unknown, now: Date): Date {
  if (sendAt === undefined) return now;
  if (!isLocalTime(sendAt)) return new Date(sendAt);
  const zone = timeZone === 'contact' ? (typeof contactZone === 'string' && isValidTimeZone(contactZone) ? contactZone : 'UTC') : (timeZone ?? 'UTC');
  return localToInstant(sendAt, zone);
}
