import type { FlowRegistry } from './flow-registry';
import type { Clock, DueWaitpoint, ExecutionLogger, ExecutionStore, JobQueue } from './ports';
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
  /** Waitpoints read per query when alarms are re-armed; their adds go to Redis together. */
  alarmPageSize?: number;
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

    const due = await this.rearmAlarms(new Date(now + this.settings.horizonMs));
    errors += due.errors;
    const stale = await this.store.staleRuns(new Date(now - this.settings.staleRunMs), limit);
    for (const runId of stale) await isolated('reconcile a run', { runId }, () => this.reconcile(runId));
    if (due.alarms > 0 || stale.length > 0) this.logger.info({ alarms: due.alarms, runs: stale.length }, 'sweep re-armed alarms and reconciled runs');

    let pruned = 0;
    await isolated('prune finished runs', {}, async () => {
      pruned = await this.store.pruneFinished(new Date(now - this.settings.retentionMs), limit);
    });
    if (pruned > 0) this.logger.info({ events: pruned }, 'pruned finished runs past the retention period');
    return { alarms: due.alarms, runs: stale.length, pruned, errors };
  }

  /**
   * Arms the alarm of every waiting waitpoint due before `horizon`, or of every one when null
   * (Redis lost its data). A page of waitpoints is one keyset query, and its adds are handed to
   * the queue together, which pipelines them: one round trip per few hundred alarms, not one
   * per alarm. Adding an armed alarm again is a no-op; one that fails is logged and counted.
   */
  async rearmAlarms(horizon: Date | null): Promise<{ alarms: number; errors: number }> {
    const pageSize = this.settings.alarmPageSize ?? 5000;
    let alarms = 0;
    let errors = 0;
    let after: DueWaitpoint | undefined;
    for (;;) {
      const page = await this.store.dueWaitpoints(horizon, pageSize, after);
      await Promise.all(
        page.map((waitpoint) =>
          this.queue.armAlarm(waitpoint.id, new Date(waitpoint.wakeAt), waitpoint.target).catch((error: unknown) => {
            errors++;
            this.logger.error({ waitpointId: waitpoint.id, err: error }, 'sweep: could not re-arm an alarm');
          }),
        ),
      );
      alarms += page.length;
      if (page.length < pageSize) return { alarms, errors };
      after = page.at(-1);
    }
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
