import type { FunnelBucket, FunnelCounts, FunnelGroup, FunnelGroupBy } from '@switchboard/shared';

export type FunnelPeriod = '7d' | '30d' | '90d' | 'custom';

export const PERIODS: ReadonlyArray<{ value: FunnelPeriod; label: string }> = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom' },
];

export const GROUP_TABS: ReadonlyArray<{ value: FunnelGroupBy; label: string }> = [
  { value: 'flow', label: 'Flows' },
  { value: 'template', label: 'Templates' },
  { value: 'sender', label: 'Senders' },
  { value: 'campaign', label: 'Campaigns' },
];

/** The funnel's stages in order, as the charts and tables name them. */
export const STAGES = [
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered' },
  { key: 'read', label: 'Read' },
  { key: 'replied', label: 'Replied' },
  { key: 'failed', label: 'Failed' },
] as const;
export type StageKey = (typeof STAGES)[number]['key'];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The query of the page's period: a preset ends now; a custom period is two dates (`YYYY-MM-DD`,
 * the browser's local days), from the first's start to the end of the second. Null while the
 * custom dates are incomplete or reversed.
 */
export function periodQuery(period: FunnelPeriod, custom: { from: string; to: string }, now: Date): { from: string; to: string } | null {
  if (period !== 'custom') {
    const days = Number(period.slice(0, -1));
    return { from: new Date(now.getTime() - days * DAY_MS).toISOString(), to: now.toISOString() };
  }
  if (!custom.from || !custom.to) return null;
  const from = new Date(`${custom.from}T00:00:00`);
  const to = new Date(new Date(`${custom.to}T00:00:00`).getTime() + DAY_MS);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) return null;
  return { from: from.toISOString(), to: to.toISOString() };
}

/** `GET /api/analytics/messages?…` for the page's choices, with the daily series for the chart. */
export function funnelPath(groupBy: FunnelGroupBy, period: { from: string; to: string }): `/api/analytics/messages?${string}` {
  return `/api/analytics/messages?${new URLSearchParams({ groupBy, from: period.from, to: period.to, interval: 'day' })}`;
}

/** One bar per stage of a group (or the totals), with its share of the messages. */
export function funnelBars(counts: Pick<FunnelGroup, StageKey | 'messages'>): Array<{ stage: string; count: number; percent: number }> {
  return STAGES.map((stage) => ({ stage: stage.label, count: counts[stage.key], percent: counts.messages === 0 ? 0 : Math.round((counts[stage.key] / counts.messages) * 1000) / 10 }));
}

/** A bucket's day as a short axis label (`Dec 3`), in UTC like the buckets. */
export function bucketLabel(bucket: Pick<FunnelBucket, 'at'>): string {
  return new Date(bucket.at).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "42.5 %" of `part` in `whole` (a dash when there is nothing to divide). */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${(Math.round((part / whole) * 1000) / 10).toFixed(1)} %`;
}

/** What each error code of a failed message means (CONTRACT "Error codes"), for the failures table. */
export const FAILURE_MEANINGS: Record<string, string> = {
  INVALID_PHONE: 'The number is not a valid phone number.',
  TEMPLATE_NOT_FOUND: 'The template does not exist or is not approved in that language.',
  TEMPLATE_PARAMS_MISMATCH: 'The template was sent with the wrong parameters.',
  OUTSIDE_24H_WINDOW: 'Free-form text needs the customer to have written in the last 24 hours; send a template.',
  MESSAGE_TOO_LONG: 'The text is longer than WhatsApp allows.',
  OPTED_OUT: 'The customer opted out of messages from this business.',
  PROVIDER_AUTH: 'The provider refused the sender’s credentials.',
  CONFIG_INVALID: 'The sender or the step is not configured correctly.',
  RECIPIENT_MISSING: 'The step had no number to send to.',
  RECIPIENT_UNAVAILABLE: 'WhatsApp will not deliver to this number now (not on WhatsApp, blocked, or a per-user marketing limit).',
  RATE_LIMITED: 'Too many messages: the provider asked to slow down.',
  SENDER_OFFLINE: 'The sender’s account cannot send now (locked, payment or certificate problem).',
  PROVIDER_UNAVAILABLE: 'The provider did not answer or had an outage.',
  NETWORK: 'The provider could not be reached.',
  TIMEOUT: 'The provider took too long to answer.',
  OUTCOME_UNKNOWN: 'The send may or may not have reached the provider; it was not sent again blindly.',
  CONNECTION_NOT_FOUND: 'The sender was deleted.',
  UNKNOWN: 'The provider reported a failure without a code.',
};

export function failureMeaning(code: string): string {
  return FAILURE_MEANINGS[code] ?? 'See the run’s step for the provider’s message.';
}

/** True when the answer has no message at all (the page shows its empty state). */
export function isEmpty(totals: Pick<FunnelCounts, 'messages'>): boolean {
  return totals.messages === 0;
}
