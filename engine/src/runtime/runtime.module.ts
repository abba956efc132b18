import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NodeCatalog } from '@switchboard/nodes';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { EngineConfig } from '../config/config';
import { CallerChannel } from './caller-channel';
import { EngineMetrics } from './metrics';
import { PubSub } from './pubsub';
import { connectRedis, type RedisConnection } from './redis';
import { BLOCKING_REDIS, CATALOG, CLOCK, CONFIG, LOGGER, PG_POOL, REDIS } from './tokens';

/** Configuration, logger, Redis and its pub/sub, the pg pool, the node catalog and the callers' answer channel, for every module. */
@Global()
@Module({})
export class RuntimeModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(BLOCKING_REDIS) private readonly blockingRedis: RedisConnection,
  ) {}

  /** `providers`: the messaging providers' names, the labels of the provider metrics. */
  static forRoot(config: EngineConfig, logger: Logger, catalog: NodeCatalog, providers: readonly string[]): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CATALOG, useValue: catalog },
        { provide: CLOCK, useValue: { now: () => new Date() } },
        { provide: EngineMetrics, useValue: new EngineMetrics({ nodeTypes: catalog.types(), providers }) },
        { provide: REDIS, useFactory: () => connectRedis(config, 'commands') },
        { provide: BLOCKING_REDIS, useFactory: () => connectRedis(config, 'blocking') },
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
