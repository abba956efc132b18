/**
 * Progress of an outbound message. `failed` ranks below `delivered`: with multi-device a
 * `delivered` (or `read`) can follow a `failed`, and the later, better state is the truth.
 * Statuses arrive out of order (whatsapp.md §2.4), so a status never moves backwards.
 */
export const STATUS_RANK: Readonly<Record<string, number>> = {
  queued: 0,
  accepted: 0,
  sent: 1,
  failed: 2,
  delivered: 3,
  read: 4,
  played: 5,
};

/**
 * Whether `next` moves a message's status forward from `current` (null = no status yet).
 * Skipping is allowed (`sent → read`: Meta may send only `read`); equal is not forward, so a
 * redelivered status is a no-op. An unknown `next` is never forward; an unknown `current`
 * (a BSP's own state such as Heltar's `waiting`) ranks below every known status.
 *
 * @example isForward('delivered', 'failed') // false
 */
export function isForward(current: string | null, next: string): boolean {
  const nextRank = rankOf(next);
  if (nextRank === undefined) return false;
  const currentRank = current === null ? undefined : rankOf(current);
  return currentRank === undefined || nextRank > currentRank;
}

function rankOf(status: string): number | undefined {
  const key = status.toLowerCase();
  return Object.hasOwn(STATUS_RANK, key) ? STATUS_RANK[key] : undefined;
}
