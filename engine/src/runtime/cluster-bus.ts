import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EngineConfig } from '../config/config';
import { FlowRegistry } from '../execution/flow-registry';
import { RunCache } from '../execution/run-cache';
import { PubSub } from './pubsub';
import { CONFIG } from './tokens';

type Notice = { kind: 'flows'; workspaceId: string } | { kind: 'run'; runId: string };

/**
 * Tells every engine process what changed elsewhere, over Redis pub/sub: a workspace's
 * published flows (drop the cached matching lists) or a run cancelled or retried (drop the
 * cached run). The local process applies a notice at once; a missed notice costs at most the
 * caches' own expiry, never correctness of what Postgres holds.
 */
@Injectable()
export class ClusterBus implements OnApplicationBootstrap {
  private readonly channel: string;

  constructor(
    private readonly registry: FlowRegistry,
    private readonly runs: RunCache,
    private readonly pubsub: PubSub,
    @Inject(CONFIG) config: EngineConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:changes`;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.pubsub.subscribe(this.channel, (notice) => this.apply(notice as Notice));
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
    await this.pubsub.publish(this.channel, notice);
  }

  private apply(notice: Notice): void {
    if (notice.kind === 'flows') this.registry.invalidateWorkspace(notice.workspaceId);
    else this.runs.evict(notice.runId);
  }
}
