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
import { CATALOG, CLOCK, CONFIG, LOGGER, PG_POOL, REDIS } from './tokens';

/** Configuration, logger, Redis and its pub/sub, the pg pool, the node catalog and the callers' answer channel, for every module. */
@Global()
@Module({})
export class RuntimeModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisConnection) {}

  static forRoot(config: EngineConfig, logger: Logger, catalog: NodeCatalog): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CATALOG, useValue: catalog },
        { provide: CLOCK, useValue: { now: () => new Date() } },
        { provide: EngineMetrics, useValue: new EngineMetrics() },
        { provide: REDIS, useFactory: () => connectRedis(config) },
        PubSub,
        CallerChannel,
        {
          provide: PG_POOL,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => (dataSource.driver as unknown as { master: Pool }).master,
        },
      ],
      exports: [CONFIG, LOGGER, CATALOG, CLOCK, REDIS, PG_POOL, EngineMetrics, PubSub, CallerChannel],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
