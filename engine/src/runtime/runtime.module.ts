import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NodeCatalog } from '@switchboard/nodes';
import { Redis, type RedisOptions } from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { EngineConfig } from '../config/config';
import { CallerChannel } from './caller-channel';
import { EngineMetrics } from './metrics';
import { PubSub } from './pubsub';
import { BLOCKING_REDIS, CATALOG, CLOCK, CONFIG, LOGGER, PG_POOL, REDIS } from './tokens';

/**
 * ioredis options. Every connection gives up connecting after `REDIS_CONNECT_TIMEOUT_MS`
 * and keeps reconnecting. `maxRetriesPerRequest: null` (BullMQ requires it where it blocks)
 * would let a command wait for ever while Redis is unreachable, so the connection that never
 * blocks also bounds every command by `REDIS_COMMAND_TIMEOUT_MS`: a partition fails the
 * request instead of hanging it. A blocking connection must not: BZPOPMIN waits for jobs
 * longer than that by design.
 */
export function redisOptions(config: EngineConfig, kind: 'commands' | 'blocking'): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: config.REDIS_CONNECT_TIMEOUT_MS,
    ...(kind === 'commands' ? { commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS } : { lazyConnect: true }),
  };
}

/** Configuration, logger, Redis and its pub/sub, the pg pool, the node catalog and the callers' answer channel, for every module. */
@Global()
@Module({})
export class RuntimeModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BLOCKING_REDIS) private readonly blockingRedis: Redis,
  ) {}

  static forRoot(config: EngineConfig, logger: Logger, catalog: NodeCatalog): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CATALOG, useValue: catalog },
        { provide: CLOCK, useValue: { now: () => new Date() } },
        { provide: EngineMetrics, useValue: new EngineMetrics() },
        { provide: REDIS, useFactory: () => new Redis(config.REDIS_URL!, redisOptions(config, 'commands')) },
        { provide: BLOCKING_REDIS, useFactory: () => new Redis(config.REDIS_URL!, redisOptions(config, 'blocking')) },
        PubSub,
        CallerChannel,
        {
          provide: PG_POOL,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => (dataSource.driver as unknown as { master: Pool }).master,
        },
      ],
      exports: [CONFIG, LOGGER, CATALOG, CLOCK, REDIS, BLOCKING_REDIS, PG_POOL, EngineMetrics, PubSub, CallerChannel],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    // Only its duplicates (owned and closed by BullMQ) ever connected.
    this.blockingRedis.disconnect();
  }
}
