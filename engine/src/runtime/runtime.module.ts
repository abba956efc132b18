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
import { BLOCKING_REDIS, CATALOG, CLOCK, CONFIG, LOGGER, PG_POOL, REDIS, TRACING } from './tokens';
import { createTracing, type EngineTracing } from './tracing/engine-tracing';

/** Configuration, logger, tracing, Redis and its pub/sub, the pg pool, the node catalog and the callers' answer channel, for every module. */
@Global()
@Module({})
export class RuntimeModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(BLOCKING_REDIS) private readonly blockingRedis: RedisConnection,
    @Inject(TRACING) private readonly tracing: EngineTracing,
    @Inject(LOGGER) private readonly logger: Logger,
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
        // Off (the default), the OpenTelemetry SDK is not even loaded.
        { provide: TRACING, useFactory: () => createTracing(config, logger) },
        { provide: EngineMetrics, useValue: new EngineMetrics({ nodeTypes: catalog.types(), providers }) },
        { provide: REDIS, useFactory: () => connectRedis(config, 'commands') },
        { provide: BLOCKING_REDIS, useFactory: () => connectRedis(config, 'blocking') },
        PubSub,
        CallerChannel,
        {
          provide: PG_POOL,
          inject: [DataSource, EngineMetrics],
          useFactory: (dataSource: DataSource, metrics: EngineMetrics) => {
            const pool = (dataSource.driver as unknown as { master: Pool }).master;
            metrics.watchPool(pool);
            return pool;
          },
        },
      ],
      exports: [CONFIG, LOGGER, CATALOG, CLOCK, TRACING, REDIS, BLOCKING_REDIS, PG_POOL, EngineMetrics, PubSub, CallerChannel],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // After the worker drained (Nest's beforeApplicationShutdown): the spans of the last steps go out.
    await this.tracing.shutdown().catch((error: unknown) => this.logger.warn({ err: error }, 'could not export the last spans'));
    await this.redis.quit().catch(() => this.redis.disconnect());
    // Only its duplicates (owned and closed by BullMQ) ever connected.
    this.blockingRedis.disconnect();
  }
}
