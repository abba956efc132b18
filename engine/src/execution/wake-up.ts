import type { RetryPolicy } from '@switchboard/shared';

/**
 * The longest one wait for a retry lasts. Publishing bounds `backoffMs` and the total retry
 * time (`RETRY_LIMITS` in shared), but a stored flow may predate those bounds: a doubling
 * backoff must never overflow into an Invalid Date, which no write could store.
 */
export const MAX_RETRY_DELAY_MS = 7 * 24 * 60 * 60 * 1000;

/** The wait before attempt `attempt + 1`: `backoffMs` doubled per earlier failure, clamped to [0, MAX_RETRY_DELAY_MS]. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const delay = policy.backoffMs * 2 ** Math.max(0, attempt - 1);
  if (Number.isNaN(delay) || delay < 0) return 0;
  return Math.min(delay, MAX_RETRY_DELAY_MS);
}

/** A wake-up date a node asked for, as a date every store and queue can hold: an invalid one becomes `now`. */
export function wakeUpDate(until: Date, now: Date): Date {
  return until instanceof Date && !Number.isNaN(until.getTime()) ? until : now;
}
