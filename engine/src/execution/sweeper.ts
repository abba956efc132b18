import type { FlowRegistry } from './flow-registry';
import type { Clock, ExecutionLogger, ExecutionStore, JobQueue } from './ports';
import { RunAdvancer } from './run-advancer';
import type { RunCache } from './run-cache';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, type StrandedStep } from './types';

export interface SweepSettings {
  /** Alarms due within this horizon are (re-)armed; adding an armed alarm again is a no-op. */
  horizonMs: number;
  /** Runs that did not move for this long are reconciled when they may have work no job stands for. */
  staleRunMs: number;
  /** Finished runs (and their events and steps) older than this are deleted (`RETENTION_DAYS`). */
  retentionMs: number;
  batchSize?: number;
}

/** What the sweep is handed (one object, like `ExecutorDeps`, whose parts it shares). */
export interface SweeperDeps {
  store: ExecutionStore;
  queue: JobQueue;
  flows: FlowRegistry;
  logger: ExecutionLogger;
  clock: Clock;
  settings: SweepSettings;
  /** The runs this process is moving; a reconciled run is read from the store, not from it. */
  cache?: RunCache;
}

export interface SweepResult {
  alarms: number;
  runs: number;
  pruned: number;
  /** Items that threw (each is logged; the others went on). */
  errors: number;
}

/**
 * The safety net under the queue: Redis is the alarm clock, Postgres the record. At start-up
 * and periodically it (1) re-arms the alarms of waitpoints that are due or soon due, so a Redis
 * that lost its data loses no wait, (2) reconciles runs that stopped moving from what Postgres
 * holds — enqueues the steps that are ready, re-queues a waiting loop's step (it catches up
 * with its iterations), resumes a wait resolved by a reply or an alarm whose job was lost —
 * (job ids are deterministic, so a job still queued is not duplicated), and (3) deletes
 * finished runs past the retention period, a batch at a time. Each item is isolated: one that
 * throws is logged and the sweep goes on with the next.
 */
export class Sweeper {
  private readonly advancer: RunAdvancer;

  private readonly store: ExecutionStore;
  private readonly queue: JobQueue;
  private readonly flows: FlowRegistry;
  private readonly logger: ExecutionLogger;
  private readonly clock: Clock;
  private readonly settings: SweepSettings;
  private readonly cache?: RunCache;

  constructor({ store, queue, flows, logger, clock, settings, cache }: SweeperDeps) {
    this.store = store;
    this.queue = queue;
    this.flows = flows;
    this.logger = logger;
    this.clock = clock;
    this.settings = settings;
    this.cache = cache;
    this.advancer = new RunAdvancer(store, queue, cache);
  }

  async sweep(): Promise<SweepResult> {
    const now = this.clock.now().getTime();
    const limit = this.settings.batchSize ?? 1000;
    let errors = 0;
    const isolated = async (what: string, fields: Record<string, unknown>, work: () => Promise<unknown>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        errors++;
        this.logger.error({ ...fields, err: error }, `sweep: could not ${what}`);
      }
    };

    const due = await this.store.dueWaitpoints(new Date(now + this.settings.horizonMs), limit);
    for (const waitpoint of due) {
      await isolated('re-arm an alarm', { waitpointId: waitpoint.id }, () => this.queue.armAlarm(waitpoint.id, new Date(waitpoint.wakeAt), waitpoint.target));
    }
    const stale = await this.store.staleRuns(new Date(now - this.settings.staleRunMs), limit);
    for (const runId of stale) await isolated('reconcile a run', { runId }, () => this.reconcile(runId));
    if (due.length > 0 || stale.length > 0) this.logger.info({ alarms: due.length, runs: stale.length }, 'sweep re-armed alarms and reconciled runs');

    let pruned = 0;
    await isolated('prune finished runs', {}, async () => {
      pruned = await this.store.pruneFinished(new Date(now - this.settings.retentionMs), limit);
    });
    if (pruned > 0) this.logger.info({ events: pruned }, 'pruned finished runs past the retention period');
    return { alarms: due.length, runs: stale.length, pruned, errors };
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
    for (const step of await this.store.strandedSteps(run.id)) await this.unstrand(run.id, step, flow.loop(step.nodeId) !== undefined);
    await this.store.touchRun(run.id);
  }

  /**
   * A step waiting or retrying with no open waitpoint gets the job that moves it on again: a
   * loop's step catches up with its iterations; a wait that a reply resolved is resumed, one
   * that its alarm resolved fires again (resolving an already resolved waitpoint with the same
   * resolution hands it back, so the step runs once).
   */
  private async unstrand(runId: string, step: StrandedStep, isLoop: boolean): Promise<void> {
    const waitpoint = step.waitpoint;
    if (isLoop && step.scope === '' && step.status === 'waiting') {
      await this.queue.enqueueSteps([{ runId, nodeId: step.nodeId, scope: '', attempt: step.attempt }], { continuation: true });
    } else if (waitpoint?.status === 'resolved' && waitpoint.resolution === 'alarm') {
      await this.queue.armAlarm(waitpoint.id, new Date(waitpoint.wakeAt ?? this.clock.now()));
    } else if (waitpoint?.status === 'resolved') {
      await this.queue.enqueueResume(waitpoint.id);
    }
  }
}
