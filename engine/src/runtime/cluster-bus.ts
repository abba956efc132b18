import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/config';
import { FlowRegistry } from '../execution/flow-registry';
import { RunCache } from '../execution/run-cache';
import { CONFIG, LOGGER, REDIS } from './tokens';

type Notice = { kind: 'flows'; workspaceId: string } | { kind: 'run'; runId: string };

/**
 * Tells every engine process what changed elsewhere, over Redis pub/sub: a workspace's
 * published flows (drop the cached matching lists) or a run cancelled or retried (drop the
 * cached run). The local process applies a notice at once; a missed notice costs at most the
 * caches' own expiry, never correctness of what Postgres holds.
 */
@Injectable()
export class ClusterBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    private readonly registry: FlowRegistry,
    private readonly runs: RunCache,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:changes`;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => this.apply(JSON.parse(message) as Notice));
    this.subscriber.on('error', (error) => this.logger.warn({ err: error }, 'change subscriber error'));
    await this.subscriber.subscribe(this.channel);
  }

  /** A workspace's published flows changed (publish, unpublish, delete). */
  flowsChanged(workspaceId: string): Promise<void> {
    return this.publish({ kind: 'flows', workspaceId });
  }

  /** A run was changed outside the executor (cancel, retry). */
  runChanged(runId: string): Promise<void> {
    return this.publish({ kind: 'run', runId });
  }

  private async publish(notice: Notice): Promise<void> {
    this.apply(notice);
    await this.redis.publish(this.channel, JSON.stringify(notice));
  }

  private apply(notice: Notice): void {
    if (notice.kind === 'flows') this.registry.invalidateWorkspace(notice.workspaceId);
    else this.runs.evict(notice.runId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
