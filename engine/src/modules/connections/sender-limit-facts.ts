/**
 * What Meta says about a sender's limits, read from its answers (docs/whatsapp/limits.md): the
 * phone number's fields `whatsapp_business_manager_messaging_limit`, `throughput` and
 * `quality_rating`, and the `phone_number_quality_update` webhook. Pure: the gateway and the
 * webhook processor store what these return.
 */

/** Meta's default throughput per business number (messages per second). */
export const DEFAULT_THROUGHPUT = 80;
/** What Meta's higher throughput level allows. */
export const HIGH_THROUGHPUT = 1000;
/** Meta's 131056 backoff grows as 4^n seconds; never longer than this. */
const MAX_PAIR_BACKOFF_MS = 15 * 60_000;

/** What one answer told about a sender's limits; a field left out was not in it. */
export interface SenderLimitFacts {
  tier?: string | null;
  /** Unique customers per moving 24 hours; null: unlimited. */
  dailyLimit?: number | null;
  qualityRating?: string | null;
  throughputPerSecond?: number | null;
}

const TIERS: Record<string, number | null> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

/**
 * The daily limit a tier means: a number, null for unlimited, undefined when the value says
 * nothing (TIER_NOT_SET, an unknown word). A plain number (`"1000"`, as some forwarders send
 * `max_daily_conversations_per_business`) is taken as it is.
 *
 * @example tierLimit('TIER_2K') // 2000
 */
export function tierLimit(tier: string): number | null | undefined {
  const value = tier.trim().toUpperCase();
  if (Object.hasOwn(TIERS, value)) return TIERS[value];
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'UNLIMITED') return null;
  return undefined;
}

/** Messages per second of Meta's `throughput.level`: STANDARD 80, HIGH 1000; undefined for others (NOT_APPLICABLE). */
export function throughputOf(level: unknown): number | undefined {
  if (typeof level !== 'string') return undefined;
  const value = level.toUpperCase();
  if (value === 'STANDARD') return DEFAULT_THROUGHPUT;
  if (value === 'HIGH') return HIGH_THROUGHPUT;
  return undefined;
}

/** The facts in a Graph phone number object (`GET /{phone-number-id}?fields=…`). */
export function factsOfPhoneNumber(body: unknown): SenderLimitFacts {
  const number = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const facts: SenderLimitFacts = {};
  const tier = typeof number.whatsapp_business_manager_messaging_limit === 'string' ? number.whatsapp_business_manager_messaging_limit : number.messaging_limit_tier;
  if (typeof tier === 'string' && tier !== '') {
    const limit = tierLimit(tier);
    facts.tier = tier.toUpperCase();
    if (limit !== undefined) facts.dailyLimit = limit;
  }
  if (typeof number.quality_rating === 'string' && number.quality_rating !== '') facts.qualityRating = number.quality_rating.toUpperCase();
  const throughput = throughputOf((number.throughput as { level?: unknown } | undefined)?.level);
  if (throughput !== undefined) facts.throughputPerSecond = throughput;
  return facts;
}

/**
 * The facts of a `phone_number_quality_update` change: `max_daily_conversations_per_business`
 * (the portfolio's limit, which replaces `current_limit`) or `current_limit`; a
 * THROUGHPUT_UPGRADE event raises the throughput to the higher level.
 */
export function factsOfQualityUpdate(update: { event: string | null; currentLimit: string | null; maxDaily: string | null; qualityRating: string | null }): SenderLimitFacts {
  const facts: SenderLimitFacts = {};
  const tier = update.maxDaily ?? update.currentLimit;
  if (tier) {
    const limit = tierLimit(tier);
    facts.tier = /^\d+$/.test(tier.trim()) ? null : tier.trim().toUpperCase();
    if (limit !== undefined) facts.dailyLimit = limit;
    // TIER_NOT_SET says nothing about the limit; keep what we knew.
    if (limit === undefined) delete facts.tier;
  }
  if (update.event?.toUpperCase() === 'THROUGHPUT_UPGRADE') facts.throughputPerSecond = HIGH_THROUGHPUT;
  if (update.qualityRating) facts.qualityRating = update.qualityRating.toUpperCase();
  return facts;
}

/**
 * The send rate to keep: the connection's own, unless it is the default and Meta reports more
 * (a number upgraded to 1,000 mps). A rate set below the default is the user's choice and wins.
 */
export function effectiveSendRate(configured: number, defaultRate: number | undefined, learned: number | null | undefined): number {
  if (defaultRate !== undefined && configured === defaultRate && learned && learned > configured) return learned;
  return configured;
}

/** How long a pair waits after its `hits`-th 131056 within the hour: 4^hits seconds, at least the pair interval, at most 15 minutes. */
export function pairBackoffMs(hits: number, intervalMs: number): number {
  const backoff = Math.pow(4, Math.max(1, hits)) * 1000;
  return Math.min(MAX_PAIR_BACKOFF_MS, Math.max(intervalMs, backoff));
}

/** A customer's key in the limits: the digits of the number (`+49 151…` and `+49151…` are one customer). */
export function customerKey(phone: string): string {
  return phone.replace(/[^0-9]/g, '');
}

/**
 * How a connection paces messages to one customer: `pairIntervalSeconds` apart (0 or unset: not
 * at all), with bursts of `pairBurst` (1 unless set: strictly spaced).
 */
export function pairPaceOf(config: Record<string, unknown>): { intervalMs: number; burst: number } {
  const seconds = Number(config.pairIntervalSeconds);
  const burst = Number(config.pairBurst);
  return { intervalMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0, burst: Number.isInteger(burst) && burst > 1 ? burst : 1 };
}
