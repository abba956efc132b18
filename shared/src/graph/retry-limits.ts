import type { RetryPolicy } from './types';

/**
 * The bounds of a retry policy, checked when a flow is validated. A backoff beyond them would
 * park a step for months, or overflow the date of its next attempt.
 */
export const RETRY_LIMITS = {
  /** Attempts in all, the first included. */
  maxAttempts: 10,
  /** The wait before the first retry: 24 hours. */
  maxBackoffMs: 24 * 60 * 60 * 1000,
  /** Every retry's wait added up (the backoff doubles per retry): 7 days. */
  maxTotalMs: 7 * 24 * 60 * 60 * 1000,
} as const;

/**
 * How long a policy's retries wait in all: `backoffMs` before the 2nd attempt, twice that
 * before the 3rd, and so on.
 *
 * @example retryTotalMs({ attempts: 3, backoffMs: 1000 }) // 3000 (1 s + 2 s)
 */
export function retryTotalMs(policy: RetryPolicy): number {
  return policy.backoffMs * (2 ** Math.max(0, policy.attempts - 1) - 1);
}
