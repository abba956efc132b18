import type { ConnectionView } from '../../api/types';

type Limits = NonNullable<ConnectionView['limits']>;

/** Meta's quality rating in words, with the tone of its badge. */
export interface QualityBadge {
  label: string;
  tone: 'good' | 'warn' | 'bad' | 'unknown';
}

/** GREEN → High (good), YELLOW → Medium (warn), RED → Low (bad), anything else → Not rated yet. */
export function qualityBadge(rating: string | null): QualityBadge {
  switch (rating?.toUpperCase()) {
    case 'GREEN':
      return { label: 'High', tone: 'good' };
    case 'YELLOW':
      return { label: 'Medium', tone: 'warn' };
    case 'RED':
      return { label: 'Low', tone: 'bad' };
    default:
      return { label: 'Not rated yet', tone: 'unknown' };
  }
}

/** `TIER_2K` → `2K`; null when no tier is known. */
export function tierLabel(tier: string | null): string | null {
  if (!tier) return null;
  const name = tier.replace(/^TIER_/i, '');
  return name.toUpperCase() === 'UNLIMITED' ? 'Unlimited' : name;
}

/**
 * What the daily limit looks like today: `12 of 250 customers in 24 h`, or just the count when no
 * limit is known; `full` once the limit is reached (new customers wait).
 */
export function dailyUsage(limits: Pick<Limits, 'dailyCustomerLimit' | 'customersLast24h'>): { text: string; full: boolean } {
  const customers = `${limits.customersLast24h} ${limits.customersLast24h === 1 ? 'customer' : 'customers'}`;
  if (limits.dailyCustomerLimit === null) return { text: `${customers} in 24 h, no limit known`, full: false };
  return { text: `${limits.customersLast24h} of ${limits.dailyCustomerLimit} customers in 24 h`, full: limits.customersLast24h >= limits.dailyCustomerLimit };
}

/** How messages to one customer are paced: `1 every 6 s, bursts of 45`, or `not spaced`. */
export function pairPace(limits: Pick<Limits, 'pairIntervalSeconds' | 'pairBurst'>): string {
  if (!limits.pairIntervalSeconds) return 'not spaced';
  return `1 every ${limits.pairIntervalSeconds} s${limits.pairBurst > 1 ? `, bursts of ${limits.pairBurst}` : ''}`;
}
