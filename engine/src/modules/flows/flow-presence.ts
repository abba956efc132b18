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
 * A second key (a hash, same lifetime) names each session's person or API key, so the editor can
 * say who else is editing.
 */
@Injectable()
export class FlowPresenceService {
  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  /** Records `session`'s heartbeat (or its leaving) as `who`, and answers who else has the flow open. */
  async heartbeat(workspaceId: string, flowId: string, session: string, open: boolean, who: string): Promise<FlowPresence> {
    // The queue prefix's hash tag keeps both keys in the engine's Redis Cluster slot.
    const key = `${this.config.QUEUE_PREFIX}:presence:${workspaceId}:${flowId}`;
    const names = `${key}:names`;
    const now = Date.now();
    const ttlMs = PRESENCE_TTL_SECONDS * 1000;
    const step = this.redis.multi().zremrangebyscore(key, '-inf', now);
    if (open) step.zadd(key, now + ttlMs, session).hset(names, session, who);
    else step.zrem(key, session).hdel(names, session);
    const results = await step.zrange(key, 0, -1).pexpire(key, ttlMs).pexpire(names, ttlMs).exec();
    const live = ((results?.at(-3)?.[1] as string[] | undefined) ?? []).filter((member) => member !== session);
    const named = live.length > 0 ? await this.redis.hmget(names, ...live) : [];
    const people = [...new Set(named.filter((name): name is string => typeof name === 'string'))].sort();
    return { others: live.length, people, ttlSeconds: PRESENCE_TTL_SECONDS };
  }
}
