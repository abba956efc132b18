import type { DataSource } from 'typeorm';
import type { RedisConnection } from '../../runtime/redis';
import { ConnectionLimitsEntity } from './connection-limits.entity';
import { customerKey, pairBackoffMs, type SenderLimitFacts } from './sender-limit-facts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A reservation is kept this long after its time, for the deferred step that comes back for it. */
const RESERVATION_GRACE_MS = 60 * 60 * 1000;
/** 131056s of one pair within this long make its backoff grow. */
const PAIR_HITS_MS = 60 * 60 * 1000;
const STORED_CACHE_MS = 30_000;

/**
 * The next slot of a (sender, customer) pair, for one step — GCRA, as Meta's pair rate works: one
 * message per interval, a burst borrowing from the slots to come. The step's key keeps its slot,
 * so a step that was deferred to it (or retried) gets the same one back, and consecutive
 * messages to a customer go in the order they reserved. Redis's own clock, so every worker agrees.
 */
const RESERVE_PAIR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = redis.call('GET', KEYS[2])
if held then
  local at = tonumber(held)
  if at > now then return at - now end
  return 0
end
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local at = tat - (burst - 1) * interval
if at < now then at = now end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(tat + interval - now) + 1000)
redis.call('SET', KEYS[2], at, 'PX', math.ceil(at - now) + tonumber(ARGV[2]))
return at - now`;

/** A 131056: the pair's next slot moves to now + backoff (its burst used up), and the step's slot is given up (its retry reserves again). */
const BACK_OFF_PAIR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local hits = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
local backoff = tonumber(ARGV[1])
if hits > 1 then backoff = math.floor(math.min(tonumber(ARGV[3]), math.max(backoff, 4 ^ hits * 1000))) end
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
local blocked = now + backoff + (tonumber(ARGV[4]) - 1) * tonumber(ARGV[5])
if tat < blocked then tat = blocked end
redis.call('SET', KEYS[1], tat, 'PX', math.ceil(tat - now) + 1000)
if KEYS[2] ~= KEYS[1] then redis.call('DEL', KEYS[2]) end
return tat - now`;

/**
 * The unique customers a sender started business-initiated conversations with in the last 24
 * hours (a sorted set: customer → first send). A customer already in it passes; a new one
 * enters while there is room; otherwise the answer is how long until the oldest leaves.
 * Atomic, so two workers never both take the last place.
 */
const ADMIT_CUSTOMER = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

type LimitsRedis = RedisConnection & {
  switchboardReservePair(tat: string, reservation: string, intervalMs: number, graceMs: number, burst: number): Promise<number>;
  switchboardBackOffPair(tat: string, reservation: string, hits: string, backoffMs: number, hitsMs: number, maxMs: number, burst: number, intervalMs: number): Promise<number>;
  switchboardAdmitCustomer(set: string, customer: string, limit: number, windowMs: number): Promise<number>;
};

/** How a pair is paced: one message per `intervalMs`, bursts of `burst`. */
export interface PairPace {
  intervalMs: number;
  burst: number;
}

/** A sender's stored limits (what Meta last said). */
export interface StoredLimits {
  tier: string | null;
  dailyLimit: number | null;
  qualityRating: string | null;
  throughputPerSecond: number | null;
  updatedAt: Date;
}

/**
 * Meta's limits on a WhatsApp sender, kept for every worker: the pair rate and the daily count
 * of unique customers in Redis (shared, atomic), and what Meta reported about the sender's tier,
 * quality and throughput in Postgres (`connection_limits`).
 */
export class SenderLimits {
  private readonly redis: LimitsRedis;
  private readonly stored = new Map<string, { limits: Promise<StoredLimits | null>; until: number }>();

  constructor(
    redis: RedisConnection,
    /** Every key starts with it (the queue prefix, whose hash tag keeps a Redis Cluster's keys together). */
    private readonly prefix: string,
    private readonly dataSource: DataSource,
  ) {
    redis.defineCommand('switchboardReservePair', { numberOfKeys: 2, lua: RESERVE_PAIR });
    redis.defineCommand('switchboardBackOffPair', { numberOfKeys: 3, lua: BACK_OFF_PAIR });
    redis.defineCommand('switchboardAdmitCustomer', { numberOfKeys: 1, lua: ADMIT_CUSTOMER });
    this.redis = redis as LimitsRedis;
  }

  /** Reserves step `key`'s slot to send to `customer` (the same slot on every call of that step); resolves to the milliseconds to wait for it. */
  async reservePair(connectionId: string, customer: string, key: string, pace: PairPace): Promise<number> {
    return Number(await this.redis.switchboardReservePair(this.pairKey(connectionId, customer), this.reservationKey(connectionId, key), pace.intervalMs, RESERVATION_GRACE_MS, Math.max(1, pace.burst)));
  }

  /**
   * Meta said 131056 (too many messages to this customer): the pair waits — at least the pair
   * interval, 4^n seconds after the n-th within an hour — and step `key` (when given) gives up
   * its slot, so its retry reserves one after the backoff. Resolves to the backoff in ms.
   */
  async backOffPair(connectionId: string, customer: string, pace: PairPace, key?: string): Promise<number> {
    const pair = this.pairKey(connectionId, customer);
    const { intervalMs } = pace;
    return Number(
      await this.redis.switchboardBackOffPair(
        pair,
        key ? this.reservationKey(connectionId, key) : pair,
        `${pair}:hits`,
        pairBackoffMs(1, intervalMs),
        PAIR_HITS_MS,
        pairBackoffMs(99, intervalMs),
        Math.max(1, pace.burst),
        intervalMs,
      ),
    );
  }

  /** Counts `customer` among the sender's business-initiated customers of the last 24 hours if `limit` allows; resolves to 0, or the milliseconds until a place frees. */
  async admitCustomer(connectionId: string, customer: string, limit: number): Promise<number> {
    return Number(await this.redis.switchboardAdmitCustomer(this.dailyKey(connectionId), customerKey(customer), limit, DAY_MS));
  }

  /** How many unique customers the sender started business-initiated conversations with in the last 24 hours. */
  async customersLast24h(connectionId: string): Promise<number> {
    return this.redis.zcount(this.dailyKey(connectionId), Date.now() - DAY_MS, '+inf');
  }

  /** What Meta last said about the sender (cached briefly: every template send reads it). */
  async limitsOf(connectionId: string): Promise<StoredLimits | null> {
    const cached = this.stored.get(connectionId);
    if (cached && cached.until > Date.now()) return cached.limits;
    // One read for a burst of sends: they share the promise (a failed read is not kept).
    const limits = this.read(connectionId);
    this.stored.set(connectionId, { limits, until: Date.now() + STORED_CACHE_MS });
    limits.catch(() => this.stored.delete(connectionId));
    return limits;
  }

  private async read(connectionId: string): Promise<StoredLimits | null> {
    const row = await this.dataSource.getRepository(ConnectionLimitsEntity).findOne({ where: { connectionId } });
    return row ? { tier: row.tier, dailyLimit: row.dailyLimit, qualityRating: row.qualityRating, throughputPerSecond: row.throughputPerSecond, updatedAt: row.updatedAt } : null;
  }

  /** Stores what Meta just said; fields it did not mention keep their value. Nothing to say, nothing written. */
  async learn(connectionId: string, facts: SenderLimitFacts): Promise<void> {
    const columns = { tier: 'tier', dailyLimit: 'daily_limit', qualityRating: 'quality_rating', throughputPerSecond: 'throughput_per_second' } as const;
    const given = (Object.keys(columns) as (keyof typeof columns)[]).filter((field) => facts[field] !== undefined);
    if (given.length === 0) return;
    const names = given.map((field) => columns[field]);
    const values = given.map((field) => facts[field] ?? null);
    await this.dataSource.query(
      `INSERT INTO connection_limits (connection_id, ${names.join(', ')}, updated_at)
       SELECT $1, ${names.map((_, i) => `$${i + 2}`).join(', ')}, now() WHERE EXISTS (SELECT 1 FROM connections WHERE id = $1)
       ON CONFLICT (connection_id) DO UPDATE SET ${names.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}, updated_at = now()`,
      [connectionId, ...values],
    );
    this.stored.delete(connectionId);
  }

  private pairKey(connectionId: string, customer: string): string {
    return `${this.prefix}:pair:${connectionId}:${customerKey(customer)}`;
  }

  private reservationKey(connectionId: string, key: string): string {
    return `${this.prefix}:pairslot:${connectionId}:${key}`;
  }

  private dailyKey(connectionId: string): string {
    return `${this.prefix}:daily:${connectionId}`;
  }
}
