import type { FlowRegistry } from './flow-registry';
import type { Clock, ExecutionLogger, ExecutionStore, JobQueue } from './ports';
import { RunAdvancer } from './run-advancer';
import type { RunCache } from './run-cache';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES } from './types';

export interface SweepSettings {
  /** Alarms due within this horizon are (re-)armed; adding an armed alarm again is a no-op. */
  horizonMs: number;
  /** Runs queued or running that did not move for this long are reconciled. */
  staleRunMs: number;
  /** Finished runs (and their events and steps) older than this are deleted (`RETENTION_DAYS`). */
  retentionMs: number;
  batchSize?: number;
}

/**
 * The safety net under the queue. At start-up and periodically it (1) re-arms the alarms of
 * waitpoints that are due or soon due, so a Redis that lost its data loses no wait,
 * (2) reconciles runs that stopped moving: re-derives from Postgres which steps are ready and
 * enqueues them (a waiting loop's step, to catch up with its iterations) (job ids are deterministic, so a job still queued is not duplicated), and
 * (3) deletes finished runs past the retention period, a batch at a time.
 */
export class Sweeper {
  private readonly advancer: RunAdvancer;

  constructor(
    private readonly store: ExecutionStore,
    private readonly queue: JobQueue,
    private readonly flows: FlowRegistry,
    private readonly logger: ExecutionLogger,
    private readonly clock: Clock,
    private readonly settings: SweepSettings,
    private readonly cache?: RunCache,
  ) {
    this.advancer = new RunAdvancer(store, queue, cache);
  }

  async sweep(): Promise<{ alarms: number; runs: number; pruned: number }> {
    const now = this.clock.now().getTime();
    const limit = this.settings.batchSize ?? 1000;
    const due = await this.store.dueWaitpoints(new Date(now + this.settings.horizonMs), limit);
    for (const waitpoint of due) await this.queue.armAlarm(waitpoint.id, new Date(waitpoint.wakeAt), waitpoint.target);
    const stale = await this.store.staleRuns(new Date(now - this.settings.staleRunMs), limit);
    for (const runId of stale) await this.reconcile(runId);
    if (due.length > 0 || stale.length > 0) this.logger.info({ alarms: due.length, runs: stale.length }, 'sweep re-armed alarms and reconciled runs');
    const pruned = await this.store.pruneFinished(new Date(now - this.settings.retentionMs), limit);
    if (pruned > 0) this.logger.info({ events: pruned }, 'pruned finished runs past the retention period');
    return { alarms: due.length, runs: stale.length, pruned };
  }

  /** Enqueues whatever a run can do next, judging only from what Postgres holds. */
  async reconcile(runId: string): Promise<void> {
    this.cache?.evict(runId);
    const run = await this.store.loadRun(runId, '');
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return;
    const flow = await this.flows.get(run.versionId);
    if (!flow) return;
    const resolved = [...run.steps.values()]
      .filter((step) => step.scope === '' && TERMINAL_STEP_STATUSES.has(step.status))
      .map((step) => ({ nodeId: step.nodeId, status: step.status, handle: step.handle }));
    await this.advancer.advance(run.id, flow, resolved, run.steps);
    // A loop that waits for its items catches up with its iterations when its step runs again.
    const loops = [...run.steps.values()].filter((step) => step.scope === '' && step.status === 'waiting' && flow.loop(step.nodeId));
    if (loops.length > 0) await this.queue.enqueueSteps(loops.map((step) => ({ runId: run.id, nodeId: step.nodeId, scope: '', attempt: step.attempt })), { continuation: true });
    await this.store.touchRun(run.id);
  }
}
