import type { RedisConnection } from '../../runtime/redis';

/**
 * GCRA over Redis with reservations: each call takes the next free slot of the sender and
 * says how long to wait for it. Every worker shares the bucket (one key per connection), the
 * clock is Redis's own, and a caller that waits never competes again for the slot it holds —
 * so 500 sends at 50/s come out evenly in 10 s instead of as a thundering herd.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allowed = tat - (burst - 1) * interval
local nextTat = tat + interval
redis.call('SET', KEYS[1], nextTat, 'PX', math.ceil(nextTat - now) + 1000)
if allowed > now then return allowed - now end
return 0`;

export class SendRateLimiter {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {
    this.redis.defineCommand('switchboardReserveSlot', { numberOfKeys: 1, lua: RESERVE });
  }

  /** Reserves the next send slot of a sender allowing `perSecond` sends; resolves to the milliseconds to wait for it. */
  async reserve(connectionId: string, perSecond: number): Promise<number> {
    const interval = 1000 / perSecond;
    // A burst of one second's worth, as Meta's per-second throughput allows.
    const burst = Math.max(1, Math.floor(perSecond));
    const wait = await (this.redis as unknown as { switchboardReserveSlot(key: string, interval: number, burst: number): Promise<number> }).switchboardReserveSlot(
      `${this.prefix}:rate:${connectionId}`,
      interval,
      burst,
    );
    return Number(wait);
  }
}
