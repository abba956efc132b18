import { Global, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NodeCatalog } from '@switchboard/nodes';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/config';
import { endpointsOf, isUnavailable } from '../common/unavailable';
import { AdaptersModule } from '../adapters/adapters.module';
import { NodePortsFactory } from '../adapters/node-ports.factory';
import { EngineRunServices } from '../adapters/run-services';
import { PgExecutionStore } from '../persistence/pg-execution-store';
import { ShardRegistry } from '../queue/shard-registry';
import { BullJobQueue, STEP_QUEUE } from '../queue/step-queue';
import { CATALOG, CLOCK, CONFIG, LOGGER, PG_POOL, REDIS, TRACING } from '../runtime/tokens';
import type { EngineTracing } from '../runtime/tracing/engine-tracing';
import { EventIngestor } from '../execution/event-ingestor';
import { FlowRegistry } from '../execution/flow-registry';
import type { Clock } from '../execution/ports';
import { StepExecutor } from '../execution/step-executor';
import { Sweeper } from '../execution/sweeper';
import { RunCache } from '../execution/run-cache';
import { CallerChannel } from '../runtime/caller-channel';
import { ClusterBus } from '../runtime/cluster-bus';
import { EngineMetrics } from '../runtime/metrics';
import { faultObserver } from '../runtime/fault-injection';
import type { RedisConnection } from '../runtime/redis';

/**
 * Wires the framework-free execution core to Postgres, BullMQ and the adapters. Global, the one
 * module besides the runtime's that is: every domain module feeds the core (events, resumes,
 * the run store and queue), and it is built from the adapters, which are built from the domain
 * modules — importing it from a domain module would be a cycle.
 */
@Global()
@Module({
  imports: [AdaptersModule],
  providers: [
    { provide: RunCache, useValue: new RunCache() },
    ClusterBus,
    {
      provide: PgExecutionStore,
      inject: [PG_POOL, EngineMetrics, TRACING],
      useFactory: (pool: Pool, metrics: EngineMetrics, tracing: EngineTracing) => {
        const store = new PgExecutionStore(pool, metrics, tracing);
        metrics.watchWaitpoints(() => store.waitingWaitpoints());
        return store;
      },
    },
    {
      provide: BullJobQueue,
      inject: [REDIS, CONFIG, EngineMetrics],
      useFactory: (redis: RedisConnection, config: EngineConfig, metrics: EngineMetrics) => {
        const queue = new BullJobQueue(redis, config.QUEUE_PREFIX, config.QUEUE_SHARDS, metrics.batcher('enqueue'));
        metrics.watchQueue(STEP_QUEUE, () => queue.counts());
        return queue;
      },
    },
    {
      provide: ShardRegistry,
      inject: [REDIS, CONFIG, BullJobQueue, LOGGER],
      useFactory: (redis: RedisConnection, config: EngineConfig, queue: BullJobQueue, logger: Logger) =>
        // Retired once no consumer said so for three sweeps, and its dead workers' locks have lapsed.
        new ShardRegistry(redis, config.QUEUE_PREFIX, queue, config.role === 'api' ? [] : config.workerShards, logger, Math.max(3 * config.SWEEP_INTERVAL_MS, config.WORKER_LOCK_MS)),
    },
    {
      provide: FlowRegistry,
      inject: [PgExecutionStore, CATALOG],
      useFactory: (store: PgExecutionStore, catalog: NodeCatalog) => new FlowRegistry(store, catalog),
    },
    {
      provide: EventIngestor,
      inject: [PgExecutionStore, BullJobQueue, FlowRegistry, LOGGER, CONFIG, RunCache, EngineRunServices, TRACING],
      useFactory: (store: PgExecutionStore, queue: BullJobQueue, flows: FlowRegistry, logger: Logger, config: EngineConfig, cache: RunCache, services: EngineRunServices, tracing: EngineTracing) =>
        // Only a process that also runs steps reads the run cache.
        new EventIngestor(store, queue, flows, logger, { publicUrl: config.PUBLIC_URL }, config.role === 'all' ? cache : undefined, services, tracing),
    },
    {
      provide: StepExecutor,
      inject: [PgExecutionStore, BullJobQueue, FlowRegistry, CATALOG, NodePortsFactory, LOGGER, CLOCK, CONFIG, RunCache, EngineRunServices, CallerChannel, TRACING],
      useFactory: (
        store: PgExecutionStore,
        queue: BullJobQueue,
        flows: FlowRegistry,
        catalog: NodeCatalog,
        ports: NodePortsFactory,
        logger: Logger,
        clock: Clock,
        config: EngineConfig,
        cache: RunCache,
        services: EngineRunServices,
        callers: CallerChannel,
        tracing: EngineTracing,
      ) =>
        new StepExecutor({
          store,
          queue,
          flows,
          catalog,
          ports,
          logger,
          clock,
          settings: { publicUrl: config.PUBLIC_URL, defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY, stepLeaseMs: config.WORKER_LOCK_MS },
          cache,
          services,
          callers,
          observer: faultObserver(config.SWITCHBOARD_FAULT),
          unavailable: (error) => isUnavailable(error, endpointsOf({ postgres: config.DATABASE_URL, redis: config.REDIS_URL })),
          tracer: tracing,
        }),
    },
    {
      provide: Sweeper,
      inject: [PgExecutionStore, BullJobQueue, FlowRegistry, LOGGER, CLOCK, CONFIG, RunCache],
      useFactory: (store: PgExecutionStore, queue: BullJobQueue, flows: FlowRegistry, logger: Logger, clock: Clock, config: EngineConfig, cache: RunCache) =>
        new Sweeper({
          store,
          queue,
          flows,
          logger,
          clock,
          settings: { horizonMs: config.SWEEP_INTERVAL_MS * 2, staleRunMs: config.STALE_RUN_MS, retentionMs: config.RETENTION_DAYS * 24 * 60 * 60 * 1000 },
          cache,
        }),
    },
  ],
  exports: [PgExecutionStore, BullJobQueue, ShardRegistry, FlowRegistry, EventIngestor, StepExecutor, Sweeper, RunCache, ClusterBus],
})
export class ExecutionModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private announcing?: NodeJS.Timeout;

  constructor(
    @Inject(BullJobQueue) private readonly queue: BullJobQueue,
    @Inject(EventIngestor) private readonly ingestor: EventIngestor,
    @Inject(ShardRegistry) private readonly shards: ShardRegistry,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Every process says where it puts jobs (and a worker what it consumes) at start and every sweep interval (see `ShardRegistry`). */
  async onApplicationBootstrap(): Promise<void> {
    await this.announce();
    this.announcing = setInterval(() => {
      this.announce().catch(() => undefined);
    }, this.config.SWEEP_INTERVAL_MS);
    this.announcing.unref();
  }

  private async announce(): Promise<void> {
    await this.shards.announce().catch((error: unknown) => this.logger.warn({ err: error }, 'could not announce the queue shards in use'));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.announcing);
    await this.ingestor.drain();
    await this.queue.close();
  }
}
