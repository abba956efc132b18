import { Inject, Injectable } from '@nestjs/common';
import type { FlowPresence } from '@switchboard/shared';
import type { EngineConfig } from '../../config/config';
import type { RedisConnection } from '../../runtime/redis';
import { CONFIG, REDIS } from '../../runtime/tokens';

/** How long one heartbeat keeps a session counted as having the flow open. */
export const PRESENCE_TTL_SECONDS = 30;

/**
 * Which editor tabs have a flow open: one sorted set per flow in Redis, each member a tab's
 * random session id scored by when its last heartbeat lapses. A tab that closes without saying
 * so drops out after `PRESENCE_TTL_SECONDS`; a flow nobody opens leaves no key behind.
 * Sessions are tabs, not people: accounts do not exist yet.
 */
@Injectable()
export class FlowPresenceService {
  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  /** Records `session`'s heartbeat (or its leaving) and answers how many other sessions have the flow open. */
  async heartbeat(workspaceId: string, flowId: string, session: string, open: boolean): Promise<FlowPresence> {
    // The queue prefix's hash tag keeps the key in the engine's Redis Cluster slot.
    const key = `${this.config.QUEUE_PREFIX}:presence:${workspaceId}:${flowId}`;
    const now = Date.now();
    const ttlMs = PRESENCE_TTL_SECONDS * 1000;
    const step = this.redis.multi().zremrangebyscore(key, '-inf', now);
    if (open) step.zadd(key, now + ttlMs, session);
    else step.zrem(key, session);
    const results = await step.zcard(key).zscore(key, session).pexpire(key, ttlMs).exec();
    const count = Number(results?.at(-3)?.[1] ?? 0);
    const self = results?.at(-2)?.[1] != null ? 1 : 0;
    return { others: Math.max(0, count - self), ttlSeconds: PRESENCE_TTL_SECONDS };
  }
}
