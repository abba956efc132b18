import type { RedisConnection } from '../../runtime/redis';
import { RateBuckets } from '../../runtime/rate-buckets';

/**
 * A sender's send rate, shared by every worker: each call reserves the sender's next slot and
 * says how long to wait for it, so 500 sends at 50/s come out evenly in 10 s instead of as a
 * thundering herd (`RateBuckets.reserve`).
 */
export class SendRateLimiter {
  private readonly buckets: RateBuckets;

  constructor(redis: RedisConnection, prefix: string) {
    this.buckets = new RateBuckets(redis, prefix);
  }

  /** Reserves the next send slot of a sender allowing `perSecond` sends; resolves to the milliseconds to wait for it. */
  async reserve(connectionId: string, perSecond: number): Promise<number> {
    // A burst of one second's worth, as Meta's per-second throughput allows.
    return this.buckets.reserve(`rate:${connectionId}`, perSecond, Math.floor(perSecond));
  }
}
