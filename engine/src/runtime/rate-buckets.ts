import type { RedisConnection } from './redis';

/**
 * GCRA over Redis: one key per bucket, Redis's own clock, shared by every process. In
 * `reserve` mode a call always takes the next free slot and says how long to wait for it (a
 * sender's send rate: the caller waits, durably, and never competes again for its slot); in
 * `take` mode a call takes a slot only if one is free now, else says how long until one is
 * (a rate limit: the refused caller is told when to come back, and refusals cost nothing).
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allowed = tat - (burst - 1) * interval
if ARGV[3] == 'take' and allowed > now then return allowed - now end
local nextTat = tat + interval
redis.call('SET', KEYS[1], nextTat, 'PX', math.ceil(nextTat - now) + 1000)
if allowed > now then return allowed - now end
return 0`;

type GcraRedis = RedisConnection & { switchboardGcra(key: string, interval: number, burst: number, mode: 'reserve' | 'take'): Promise<number> };

export class RateBuckets {
  private readonly redis: GcraRedis;

  constructor(
    redis: RedisConnection,
    /** Every key starts with it (the queue prefix, whose hash tag keeps a Redis Cluster's keys together). */
    private readonly prefix: string,
  ) {
    redis.defineCommand('switchboardGcra', { numberOfKeys: 1, lua: GCRA });
    this.redis = redis as GcraRedis;
  }

  /** Takes the next slot of `bucket` (`perSecond`, bursts of `burst`); resolves to the milliseconds to wait for it. */
  async reserve(bucket: string, perSecond: number, burst: number): Promise<number> {
    return Number(await this.redis.switchboardGcra(`${this.prefix}:${bucket}`, 1000 / perSecond, Math.max(1, burst), 'reserve'));
  }

  /** Takes a slot of `bucket` if one is free now (0), else resolves to the milliseconds until one is, taking nothing. */
  async take(bucket: string, perSecond: number, burst: number): Promise<number> {
    return Number(await this.redis.switchboardGcra(`${this.prefix}:${bucket}`, 1000 / perSecond, Math.max(1, burst), 'take'));
  }
}
